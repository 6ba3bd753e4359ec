"""A stored file whose removal fails after its rows were committed is kept in the tenant's
backlog, and the retention job removes it later: against fakes."""

from __future__ import annotations

from uuid import UUID

from ordinavo.adapters.storage.memory_storage import InMemoryFileStorage
from ordinavo.application.use_cases.attachments.delete_attachment import DeleteAttachment
from ordinavo.application.use_cases.attachments.upload_report_attachment import (
    UploadReportAttachment,
)
from ordinavo.application.use_cases.retention.run_retention import RunRetention
from ordinavo.domain.tenants import Tenant
from tests.unit.fakes import Kit
from tests.unit.test_report_use_cases import _assigned_work, _upload, _write
from tests.unit.test_work_use_cases import ADMIN, A


class FlakyStorage(InMemoryFileStorage):
    """Refuses the first `failures` deletes, as a store that is briefly away would."""

    def __init__(self, failures: int = 1) -> None:
        super().__init__()
        self.failures = failures

    async def delete(self, key: str) -> None:
        if self.failures:
            self.failures -= 1
            raise OSError("the store is away")
        await super().delete(key)

    async def delete_prefix(self, prefix: str) -> int:
        if self.failures:
            self.failures -= 1
            raise OSError("the store is away")
        return await super().delete_prefix(prefix)


class NoSharedRecords:
    async def remove_expired(self, *args: object) -> int:
        return 0

    async def count_expired(self, *args: object) -> int:
        return 0

    async def commit(self) -> None:
        pass


def _retention(kit: Kit) -> RunRetention:
    kit.store.tenants[A] = Tenant(id=A, slug="acme", name="Acme", created_at=kit.clock.now())
    return RunRetention(kit.directory, kit.uows, NoSharedRecords(), kit.clock, kit.storage)


async def _one_file(kit: Kit) -> UUID:
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    attachment = await kit.build(UploadReportAttachment, A)(employee, report.id, _upload())
    return attachment.id


async def test_a_failed_removal_is_kept_and_the_retention_run_finishes_it() -> None:
    kit = Kit(storage=FlakyStorage(failures=0))
    attachment_id = await _one_file(kit)
    [key] = kit.storage.keys()
    kit.storage.failures = 1  # type: ignore[attr-defined]

    await kit.build(DeleteAttachment, A)(ADMIN, attachment_id)

    assert kit.of_kind("attachments") == []
    assert kit.storage.keys() == [key]  # still stored: the delete failed
    [pending] = kit.of_kind("pending_file_removals")
    assert (pending.storage_key, pending.attempts) == (key, 1)
    assert pending.first_failed_at == kit.clock.now()

    [dry] = await _retention(kit)("acme", dry_run=True)
    assert dry.files_removed == 1 and kit.storage.keys() == [key]

    [report] = await _retention(kit)("acme")
    assert report.files_removed == 1 and report.counts() == {"stored_files": 1}
    assert kit.storage.keys() == []
    assert kit.of_kind("pending_file_removals") == []
    [(tenant, _, counts)] = kit.store.table("retention_runs").values()
    assert (tenant, counts) == (A, {"stored_files": 1})


async def test_a_removal_failing_again_counts_an_attempt_and_stays() -> None:
    kit = Kit(storage=FlakyStorage(failures=0))
    attachment_id = await _one_file(kit)
    kit.storage.failures = 2  # type: ignore[attr-defined]
    await kit.build(DeleteAttachment, A)(ADMIN, attachment_id)

    [report] = await _retention(kit)("acme")
    assert report.files_removed == 0
    [pending] = kit.of_kind("pending_file_removals")
    assert pending.attempts == 2
    assert kit.store.table("retention_runs") == {}

    [report] = await _retention(kit)("acme")
    assert report.files_removed == 1 and kit.of_kind("pending_file_removals") == []


async def test_a_key_already_gone_counts_as_removed() -> None:
    kit = Kit(storage=FlakyStorage(failures=0))
    attachment_id = await _one_file(kit)
    [key] = kit.storage.keys()
    kit.storage.failures = 1  # type: ignore[attr-defined]
    await kit.build(DeleteAttachment, A)(ADMIN, attachment_id)
    await InMemoryFileStorage.delete(kit.storage, key)  # someone else removed it meanwhile

    [report] = await _retention(kit)("acme")
    assert report.files_removed == 1 and kit.of_kind("pending_file_removals") == []


async def test_a_failed_prefix_removal_is_retried_by_prefix() -> None:
    from ordinavo.application.uploads import remove_files_under

    kit = Kit(storage=FlakyStorage(failures=0))
    await _one_file(kit)
    [key] = kit.storage.keys()
    prefix = key.rsplit("/", 1)[0]
    kit.storage.failures = 1  # type: ignore[attr-defined]
    await remove_files_under(kit.storage, prefix, kit.uow(A), kit.clock)
    [pending] = kit.of_kind("pending_file_removals")
    assert pending.storage_key == f"{prefix}/"

    [report] = await _retention(kit)("acme")
    assert report.files_removed == 1 and kit.storage.keys() == []
