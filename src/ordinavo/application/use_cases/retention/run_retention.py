"""The retention job: a periodic task that deletes, per tenant and kind, what is older than
the tenant's period, in small batches each committed on its own, so no statement holds locks
for long and a run cut off halfway leaves nothing half done. Running it again, or in two
workers at once, removes nothing twice: a row is either still there or gone. It also retries,
per tenant, the stored files whose removal failed after their rows were committed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.retention import SharedRetentionStore
from ordinavo.application.ports.storage import FileStorage
from ordinavo.domain.retention import (
    SHARED_KINDS,
    STORED_FILES,
    TENANT_KINDS,
    RetentionKind,
    RetentionPolicy,
)
from ordinavo.domain.tenants import Tenant

log = logging.getLogger("ordinavo.retention")
BATCH = 1000
MAX_BATCHES = 1000  # per tenant and kind in one run: at most a million rows; the next run goes on
FIXED = RetentionPolicy()  # the shared kinds' periods are fixed: no tenant's policy applies


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What a run removed (or, dry, would remove) of one tenant, or of the shared records
    (`tenant` None): counts per kind, never content."""

    tenant: str | None
    removed: dict[RetentionKind, int] = field(default_factory=dict)
    files_removed: int = 0  # stored files whose earlier removal had failed

    @property
    def total(self) -> int:
        return sum(self.removed.values()) + self.files_removed

    def counts(self) -> dict[str, int]:
        """The non-zero counts by name, stored files included."""
        counts = {kind.value: n for kind, n in self.removed.items() if n}
        if self.files_removed:
            counts[STORED_FILES] = self.files_removed
        return counts


class RunRetention:
    def __init__(
        self,
        directory: TenantDirectory,
        units: UnitOfWorkFactory,
        shared: SharedRetentionStore,
        clock: Clock,
        storage: FileStorage,
    ) -> None:
        self._directory = directory
        self._units = units
        self._shared = shared
        self._clock = clock
        self._storage = storage

    async def __call__(
        self,
        tenant_slug: str | None = None,
        *,
        dry_run: bool = False,
        batch_size: int = BATCH,
        max_batches: int = MAX_BATCHES,
    ) -> list[RetentionReport]:
        """Every tenant (or the one named, then without the shared records)."""
        if tenant_slug is None:
            tenants = await self._directory.all()
        else:
            found = await self._directory.find_by_slug(tenant_slug)
            tenants = [found] if found else []
            if found is None:
                raise NotFound("tenant")
        reports = []
        for tenant in tenants:
            try:
                reports.append(await self._tenant(tenant, dry_run, batch_size, max_batches))
            except Exception:
                # One tenant's failure (a lock timeout, say) must not stop the others; the
                # next run tries again.
                log.exception("retention stopped for tenant %s", tenant.slug)
        if tenant_slug is None:
            reports.append(await self._shared_records(dry_run, batch_size, max_batches))
        return reports

    async def _tenant(
        self, tenant: Tenant, dry_run: bool, batch_size: int, max_batches: int
    ) -> RetentionReport:
        now = self._clock.now()
        removed: dict[RetentionKind, int] = {}
        for kind in TENANT_KINDS:
            cutoff = tenant.retention.cutoff(kind, now)
            if cutoff is None:
                continue  # kept forever
            uow = self._units.for_tenant(tenant.id)
            if dry_run:
                removed[kind] = await uow.retention.count_expired(kind, cutoff, now)
                await uow.rollback()
                continue
            total = 0
            for _ in range(max_batches):
                uow = self._units.for_tenant(tenant.id)
                gone = await uow.retention.remove_expired(kind, cutoff, now, batch_size)
                await uow.commit()
                total += gone
                if gone == 0:
                    break
            removed[kind] = total
        # One batch a run: failed removals are rare, and the next run takes the rest.
        files = await self._pending_files(tenant, dry_run, batch_size)
        if not dry_run and (any(removed.values()) or files):
            uow = self._units.for_tenant(tenant.id)
            await uow.retention.record_run(now, removed, files_removed=files)
            await uow.commit()
        report = RetentionReport(tenant.slug, removed, files)
        if not dry_run and report.total:
            log.info(
                "retention removed from tenant %s: %s",
                tenant.slug,
                ", ".join(f"{k}={n}" for k, n in report.counts().items()),
            )
        return report

    async def _pending_files(self, tenant: Tenant, dry_run: bool, limit: int) -> int:
        """Retry the stored files whose removal failed after their rows went: how many are
        gone now (dry: how many are pending). Each outcome is committed on its own, so a run
        cut off halfway neither forgets a file nor removes one twice."""
        uow = self._units.for_tenant(tenant.id)
        if dry_run:
            count = await uow.file_removals.count()
            await uow.rollback()
            return count
        pending = await uow.file_removals.pending(limit)
        await uow.rollback()  # ends the read; each retry below writes in its own transaction
        gone = 0
        for removal in pending:
            uow = self._units.for_tenant(tenant.id)
            try:
                if removal.storage_key.endswith("/"):  # a whole prefix (`remove_files_under`)
                    await self._storage.delete_prefix(removal.storage_key.removesuffix("/"))
                else:
                    await self._storage.delete(removal.storage_key)
            except FileNotFoundError:
                pass  # already gone: that is what was wanted
            except OSError:
                await uow.file_removals.failed_again(removal.id)
                await uow.commit()
                log.warning(
                    "a stored file of tenant %s still could not be removed (attempt %d)",
                    tenant.slug,
                    removal.attempts + 1,
                )
                continue
            await uow.file_removals.done(removal.id)
            await uow.commit()
            gone += 1
        return gone

    async def _shared_records(
        self, dry_run: bool, batch_size: int, max_batches: int
    ) -> RetentionReport:
        now = self._clock.now()
        removed: dict[RetentionKind, int] = {}
        for kind in SHARED_KINDS:
            cutoff = FIXED.cutoff(kind, now)
            if cutoff is None:
                continue
            if dry_run:
                removed[kind] = await self._shared.count_expired(kind, cutoff, now)
                await self._shared.commit()  # ends the read; nothing was written
                continue
            total = 0
            for _ in range(max_batches):
                gone = await self._shared.remove_expired(kind, cutoff, now, batch_size)
                await self._shared.commit()
                total += gone
                if gone == 0:
                    break
            removed[kind] = total
        if any(removed.values()) and not dry_run:
            log.info(
                "retention removed shared records: %s",
                ", ".join(f"{k.value}={n}" for k, n in removed.items() if n),
            )
        return RetentionReport(None, removed)
