"""Attachment bytes in a dict: for unit tests, with the same semantics as the real adapter."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

from ordinavo.adapters.storage.obstore_storage import check_key
from ordinavo.application.ports.storage import StoredObject


class InMemoryFileStorage:
    def __init__(self) -> None:
        self._objects: dict[str, bytes] = {}

    def keys(self) -> list[str]:
        """Everything stored, sorted: lets tests check that nothing else was written."""
        return sorted(self._objects)

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        """Stores only once the iterable is exhausted; if it raises, the key is emptied, as a
        failed upload leaves nothing behind in the real stores either."""
        check_key(key)
        data = bytearray()
        try:
            async for chunk in chunks:
                data += chunk
        except Exception:
            self._objects.pop(key, None)
            raise
        self._objects[key] = bytes(data)
        return StoredObject(key=key, size=len(data))

    async def size(self, key: str) -> int | None:
        check_key(key)
        data = self._objects.get(key)
        return None if data is None else len(data)

    async def read(self, key: str, chunk_size: int = 64 * 1024) -> AsyncIterator[bytes]:
        check_key(key)
        if chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        data = self._objects.get(key)
        if data is None:
            raise FileNotFoundError(key)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    async def delete(self, key: str) -> None:
        check_key(key)
        self._objects.pop(key, None)

    async def delete_prefix(self, prefix: str) -> int:
        check_key(prefix)
        doomed = [key for key in self._objects if key.startswith(f"{prefix}/")]
        for key in doomed:
            del self._objects[key]
        return len(doomed)
