"""Attachment bytes on local disk or in an S3-compatible bucket, through obstore.

One adapter serves both, so the embedded default (a folder) and production (a bucket) share
the code that streams, counts and cleans up; only the constructor differs.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import obstore as obs
from obstore.store import LocalStore, S3Store

from ordinavo.application.ports.storage import StoredObject

if TYPE_CHECKING:
    from obstore.store import S3Config

log = logging.getLogger("ordinavo.storage")

# Multipart parts are buffered in memory while they upload: 5 MiB (the S3 minimum part
# size) times a few in flight bounds an upload's memory, whatever the file's size.
# Downloads: the server holds a number of chunks per open download while the client catches up,
# so the chunk size bounds memory (bench/attachment_downloads.py: 8 concurrent downloads grow the
# server by about 9 MB at 64 KiB, 37 MB at 256 KiB, whatever the file size).
READ_CHUNK = 64 * 1024
PART_SIZE = 5 * 1024 * 1024
PARTS_IN_FLIGHT = 4
# S3 deletes at most this many keys per request.
DELETE_BATCH = 1000


def check_key(key: str) -> str:
    """Refuse keys that could leave the store's root or mean different things on disk and in
    S3. The application generates its keys; this is defence in depth, not input handling."""
    if not key:
        raise ValueError("storage key is empty")
    if key.startswith("/"):
        raise ValueError(f"storage key is absolute: {key!r}")
    if "\\" in key:
        raise ValueError(f"storage key contains a backslash: {key!r}")
    if any(unicodedata.category(c) == "Cc" for c in key):
        raise ValueError(f"storage key contains a control character: {key!r}")
    if any(segment in ("", ".", "..") for segment in key.split("/")):
        raise ValueError(f"storage key has an empty, '.' or '..' segment: {key!r}")
    return key


class ObstoreFileStorage:
    """The FileStorage port over an obstore store; nothing here holds a whole file."""

    def __init__(self, store: LocalStore | S3Store) -> None:
        self._store = store

    @classmethod
    def local(cls, root: Path) -> ObstoreFileStorage:
        """Files under `root`, created when missing: the embedded default."""
        root.mkdir(parents=True, exist_ok=True)
        return cls(LocalStore(prefix=root, mkdir=True))

    @classmethod
    def s3(
        cls,
        bucket: str,
        *,
        endpoint: str | None,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
        allow_http: bool = False,
    ) -> ObstoreFileStorage:
        """An existing bucket on S3 or a compatible server (MinIO, Garage, ...). Credentials left
        as None come from the environment (AWS_* variables, instance roles)."""
        config: S3Config = {"region": region}
        if endpoint is not None:
            config["endpoint"] = endpoint
        if access_key_id is not None:
            config["access_key_id"] = access_key_id
        if secret_access_key is not None:
            config["secret_access_key"] = secret_access_key
        store = S3Store(bucket, config=config, client_options={"allow_http": allow_http})
        return cls(store)

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        """Stream the chunks in as a multipart upload. On any failure, including one raised by
        `chunks` (a size limit, say), nothing stays under the key and the error propagates."""
        check_key(key)
        size = 0

        async def counted() -> AsyncIterator[bytes]:
            nonlocal size
            async for chunk in chunks:
                size += len(chunk)
                yield chunk

        try:
            await obs.put_async(
                self._store,
                key,
                counted(),
                chunk_size=PART_SIZE,
                max_concurrency=PARTS_IN_FLIGHT,
            )
        except Exception:
            # obstore aborts the unfinished upload, but an object stored earlier under the
            # same key would survive a failed overwrite.
            await self._discard(key)
            raise
        return StoredObject(key=key, size=size)

    async def _discard(self, key: str) -> None:
        """Best effort: a failing cleanup must not hide the error that caused it."""
        try:
            await obs.delete_async(self._store, key)
        except FileNotFoundError:
            pass
        except Exception:
            log.warning("could not remove %s after a failed upload", key, exc_info=True)

    async def size(self, key: str) -> int | None:
        check_key(key)
        try:
            meta = await obs.head_async(self._store, key)
        except FileNotFoundError:
            return None
        return int(meta["size"])

    async def read(self, key: str, chunk_size: int = READ_CHUNK) -> AsyncIterator[bytes]:
        """Chunks of at least `chunk_size` bytes (the last may be shorter) as they arrive. A
        missing object raises FileNotFoundError on the first iteration, before any bytes."""
        check_key(key)
        if chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        result = await obs.get_async(self._store, key)
        async for chunk in result.stream(min_chunk_size=chunk_size):
            yield chunk

    async def delete(self, key: str) -> None:
        check_key(key)
        try:
            await obs.delete_async(self._store, key)
        except FileNotFoundError:
            pass  # LocalStore reports a missing file; S3 does not.

    async def delete_prefix(self, prefix: str) -> int:
        """Remove every key below `prefix` + '/'. obstore matches prefixes by whole segments,
        so "t1" never reaches "t10/..."."""
        check_key(prefix)
        paths = [
            meta["path"] async for batch in obs.list(self._store, f"{prefix}/") for meta in batch
        ]
        for start in range(0, len(paths), DELETE_BATCH):
            batch = paths[start : start + DELETE_BATCH]
            try:
                await obs.delete_async(self._store, batch)
            except FileNotFoundError:
                # Something else removed one of them meanwhile; make sure of the rest.
                for path in batch:
                    await self.delete(path)
        return len(paths)
