"""A stored file whose removal fails after its rows were committed, on the real database
(SQLite, or PostgreSQL behind row-level security) and real local storage: the key is kept in
the tenant's backlog, invisible to other tenants, and the retention job removes the file and
forgets the key, counting it in its run record."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.models import RetentionRunModel
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.adapters.storage.obstore_storage import ObstoreFileStorage
from ordinavo.application.ports.storage import StoredObject
from ordinavo.application.uploads import remove_files
from ordinavo.domain.retention import STORED_FILES
from tests.integration.conftest import NOW, ids, open_tenant
from tests.integration.test_retention import _job
from tests.support.clock import MovableClock


class FailsFirstDelete:
    """Real local storage whose first delete fails, as a store briefly away would."""

    def __init__(self, root: Path) -> None:
        self._inner = ObstoreFileStorage.local(root)
        self.failures = 1

    async def put(self, key: str, chunks: AsyncIterable[bytes]) -> StoredObject:
        return await self._inner.put(key, chunks)

    async def size(self, key: str) -> int | None:
        return await self._inner.size(key)

    def read(self, key: str, chunk_size: int = 64 * 1024) -> AsyncIterator[bytes]:
        return self._inner.read(key, chunk_size)

    async def delete(self, key: str) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError("the store is away")
        await self._inner.delete(key)

    async def delete_prefix(self, prefix: str) -> int:
        return await self._inner.delete_prefix(prefix)


async def _bytes() -> AsyncIterator[bytes]:
    yield b"%PDF-1.7\n"


async def test_a_failed_removal_is_kept_and_the_retention_job_removes_it(
    session: AsyncSession, tmp_path: Path
) -> None:
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    storage = FailsFirstDelete(tmp_path)
    key = f"{a}/{ids.new_id()}/{ids.new_id()}"
    await storage.put(key, _bytes())

    await remove_files(storage, [key], SqlaUnitOfWork(session, a), MovableClock(NOW))

    assert await storage.size(key) is not None
    [pending] = await SqlaUnitOfWork(session, a).file_removals.pending(10)
    assert (pending.storage_key, pending.attempts) == (key, 1)
    assert pending.first_failed_at == NOW
    assert await SqlaUnitOfWork(session, b).file_removals.count() == 0  # not the other tenant's
    await session.commit()

    dry = await _job(session, storage)("tenant-a", dry_run=True)
    assert [r.files_removed for r in dry] == [1] and await storage.size(key) is not None

    reports = await _job(session, storage)()
    assert {r.tenant: r.files_removed for r in reports} == {
        "tenant-a": 1,
        "tenant-b": 0,
        None: 0,
    }
    assert await storage.size(key) is None
    assert await SqlaUnitOfWork(session, a).file_removals.count() == 0
    SqlaUnitOfWork(session, a)  # binds the session to tenant A for the read below
    runs = await session.execute(select(RetentionRunModel.kind, RetentionRunModel.removed))
    assert runs.all() == [(STORED_FILES, 1)]
    await session.commit()

    again = await _job(session, storage)("tenant-a")
    assert again[0].files_removed == 0


async def test_a_removal_failing_again_counts_an_attempt(
    session: AsyncSession, tmp_path: Path
) -> None:
    a = await open_tenant(session, "tenant-a")
    storage = FailsFirstDelete(tmp_path)
    storage.failures = 2
    key = f"{a}/{ids.new_id()}/{ids.new_id()}"
    await storage.put(key, _bytes())
    await remove_files(storage, [key], SqlaUnitOfWork(session, a), MovableClock(NOW))
    # The same key failing twice is one debt, not two.
    await remove_files(storage, [key], SqlaUnitOfWork(session, a), MovableClock(NOW))
    assert await SqlaUnitOfWork(session, a).file_removals.count() == 1
    await session.commit()

    [report] = await _job(session, storage)("tenant-a")
    assert report.files_removed == 1
    assert await SqlaUnitOfWork(session, a).file_removals.count() == 0
    await session.commit()


async def test_the_job_counts_an_attempt_when_the_store_is_still_away(
    session: AsyncSession, tmp_path: Path
) -> None:
    a = await open_tenant(session, "tenant-a")
    storage = FailsFirstDelete(tmp_path)
    storage.failures = 2
    key = f"{a}/{ids.new_id()}/{ids.new_id()}"
    await storage.put(key, _bytes())
    await remove_files(storage, [key], SqlaUnitOfWork(session, a), MovableClock(NOW))

    [report] = await _job(session, storage)("tenant-a")
    assert report.files_removed == 0
    [pending] = await SqlaUnitOfWork(session, a).file_removals.pending(10)
    assert pending.attempts == 2
    await session.commit()
    [report] = await _job(session, storage)("tenant-a")
    assert report.files_removed == 1 and await storage.size(key) is None
