"""The FileStorage contract, run unchanged on local disk, an S3 server (moto) and in memory.

The S3 server runs in this process on a port the OS picks, so parallel suite runs never clash.
"""

from __future__ import annotations

import hashlib
import os
import random
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from ordinavo.adapters.storage.memory_storage import InMemoryFileStorage
from ordinavo.adapters.storage.obstore_storage import ObstoreFileStorage
from ordinavo.application.ports.storage import FileStorage, StoredObject

MiB = 1024 * 1024
KEY = "0192f0c1-tenant/0192f0c2-request/0192f0c3-attachment"
REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass(frozen=True)
class Backend:
    storage: FileStorage
    # Every object the backend holds, wherever it landed (on disk: relative to the root, so
    # a file written outside it shows up as "../...").
    stored_keys: Callable[[], list[str]]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _local_backend(tmp_path: Path) -> Backend:
    root = tmp_path / "attachments"

    def stored_keys() -> list[str]:
        files = (p for p in tmp_path.rglob("*") if p.is_file())
        return sorted(Path(os.path.relpath(p, root)).as_posix() for p in files)

    return Backend(ObstoreFileStorage.local(root), stored_keys)


def _s3_backend(endpoint: str) -> Backend:
    bucket = f"contract-{uuid.uuid4().hex}"  # one per test: no test sees another's objects
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=bucket)
    storage = ObstoreFileStorage.s3(
        bucket,
        endpoint=endpoint,
        region=REGION,
        access_key_id=CREDENTIALS["aws_access_key_id"],
        secret_access_key=CREDENTIALS["aws_secret_access_key"],
        allow_http=True,
    )

    def stored_keys() -> list[str]:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    return Backend(storage, stored_keys)


def _memory_backend() -> Backend:
    storage = InMemoryFileStorage()
    return Backend(storage, storage.keys)


@pytest.fixture(params=["local disk", "s3", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local disk":
        return _local_backend(tmp_path)
    if request.param == "s3":
        # Looked up lazily, so selecting only the other backends starts no server.
        return _s3_backend(request.getfixturevalue("s3_endpoint"))
    return _memory_backend()


@pytest.fixture
def storage(backend: Backend) -> FileStorage:
    return backend.storage


async def stream(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


@cache
def big_file_chunks() -> tuple[bytes, ...]:
    """12 MiB in chunks of uneven sizes (1 byte to 3 MiB): more than two 5 MiB S3 parts."""
    rng = random.Random(20261122)
    sizes = [1, 4096, 3 * MiB + 7, 65_536, 777_777, 2 * MiB, 13, MiB - 1]
    chunks: list[bytes] = []
    total, i = 0, 0
    while total < 12 * MiB:
        n = min(sizes[i % len(sizes)], 12 * MiB - total)
        chunks.append(rng.randbytes(n))
        total, i = total + n, i + 1
    return tuple(chunks)


async def read_all(storage: FileStorage, key: str, chunk_size: int = 256 * 1024) -> list[bytes]:
    return [chunk async for chunk in storage.read(key, chunk_size)]


def sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


@pytest.mark.parametrize(
    "chunks",
    [
        pytest.param((), id="empty file"),
        pytest.param((b"%PDF-1.7\n",), id="one chunk"),
        pytest.param((b"alpha", b"", b"\x00\xff" * 3, "Grüße".encode()), id="several chunks"),
    ],
)
async def test_put_then_read_returns_the_same_bytes(
    storage: FileStorage, chunks: tuple[bytes, ...]
) -> None:
    expected = b"".join(chunks)

    stored = await storage.put(KEY, stream(chunks))

    assert stored == StoredObject(key=KEY, size=len(expected))
    assert b"".join(await read_all(storage, KEY)) == expected


async def test_a_multi_megabyte_file_round_trips(storage: FileStorage) -> None:
    chunks = big_file_chunks()

    stored = await storage.put(KEY, stream(chunks))

    assert stored == StoredObject(key=KEY, size=12 * MiB)
    assert await storage.size(KEY) == 12 * MiB
    assert sha256(await read_all(storage, KEY)) == sha256(chunks)


async def test_read_streams_in_chunks_rather_than_the_whole_file(storage: FileStorage) -> None:
    await storage.put(KEY, stream(big_file_chunks()))

    chunks = await read_all(storage, KEY, chunk_size=256 * 1024)

    assert len(chunks) > 1
    assert max(len(c) for c in chunks) <= 8 * MiB
    assert sum(len(c) for c in chunks) == 12 * MiB


async def test_size_is_the_stored_size_and_none_when_missing(storage: FileStorage) -> None:
    await storage.put(KEY, stream([b"12345", b"678"]))

    assert await storage.size(KEY) == 8
    assert await storage.size(f"{KEY}-missing") is None


async def test_reading_a_missing_key_raises_before_any_bytes(storage: FileStorage) -> None:
    with pytest.raises(FileNotFoundError):
        await anext(aiter(storage.read("no/such/key")))


class TooLarge(Exception):
    """What an upload size limit raises in the middle of a stream."""


async def failing_after(limit: int, failure: Exception) -> AsyncIterator[bytes]:
    sent = 0
    while sent < limit:
        chunk = b"x" * min(MiB, limit - sent)
        sent += len(chunk)
        yield chunk
    raise failure


@pytest.mark.parametrize(
    "limit", [pytest.param(0, id="before any byte"), pytest.param(6 * MiB, id="after a part")]
)
async def test_an_upload_that_fails_midway_leaves_nothing(backend: Backend, limit: int) -> None:
    failure = TooLarge("attachment exceeds the limit")

    with pytest.raises(TooLarge) as raised:
        await backend.storage.put(KEY, failing_after(limit, failure))

    assert raised.value is failure
    assert await backend.storage.size(KEY) is None
    assert backend.stored_keys() == []  # no partial file, no staging leftovers


async def test_a_failed_overwrite_leaves_nothing_under_the_key(storage: FileStorage) -> None:
    await storage.put(KEY, stream([b"the earlier version"]))

    with pytest.raises(TooLarge):
        await storage.put(KEY, failing_after(10, TooLarge()))

    assert await storage.size(KEY) is None


async def test_delete_removes_and_a_missing_key_is_fine(storage: FileStorage) -> None:
    await storage.put(KEY, stream([b"bytes"]))

    await storage.delete(KEY)

    assert await storage.size(KEY) is None
    with pytest.raises(FileNotFoundError):
        await read_all(storage, KEY)
    await storage.delete(KEY)
    await storage.delete("never/stored")


async def test_delete_prefix_removes_only_keys_under_it(backend: Backend) -> None:
    for key in ["t1/a", "t1/b/c", "t2/a", "t10/a", "t1x"]:
        await backend.storage.put(key, stream([key.encode()]))

    assert await backend.storage.delete_prefix("t1") == 2

    assert backend.stored_keys() == ["t10/a", "t1x", "t2/a"]
    assert await backend.storage.size("t1/a") is None
    assert await backend.storage.size("t1/b/c") is None
    assert await backend.storage.delete_prefix("t1") == 0


HOSTILE_KEYS = ["../x", "/abs", "a/../b", "a\\b", "a\x00b", "", "a\nb", "a//b", "./a", "a/"]


@pytest.mark.parametrize("key", HOSTILE_KEYS, ids=repr)
async def test_hostile_keys_are_refused_and_nothing_is_written(backend: Backend, key: str) -> None:
    consumed = False

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal consumed
        consumed = True
        yield b"payload"

    storage = backend.storage
    with pytest.raises(ValueError):
        await storage.put(key, chunks())
    with pytest.raises(ValueError):
        await storage.size(key)
    with pytest.raises(ValueError):
        await read_all(storage, key)
    with pytest.raises(ValueError):
        await storage.delete(key)
    with pytest.raises(ValueError):
        await storage.delete_prefix(key)

    assert consumed is False
    assert backend.stored_keys() == []
