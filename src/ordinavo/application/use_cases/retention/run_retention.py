"""The retention job: a periodic task that deletes, per tenant and kind, what is older than
the tenant's period, in small batches each committed on its own, so no statement holds locks
for long and a run cut off halfway leaves nothing half done. Running it again, or in two
workers at once, removes nothing twice: a row is either still there or gone."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.retention import SharedRetentionStore
from ordinavo.domain.retention import SHARED_KINDS, TENANT_KINDS, RetentionKind, RetentionPolicy
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

    @property
    def total(self) -> int:
        return sum(self.removed.values())


class RunRetention:
    def __init__(
        self,
        directory: TenantDirectory,
        units: UnitOfWorkFactory,
        shared: SharedRetentionStore,
        clock: Clock,
    ) -> None:
        self._directory = directory
        self._units = units
        self._shared = shared
        self._clock = clock

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
        if not dry_run and any(removed.values()):
            uow = self._units.for_tenant(tenant.id)
            await uow.retention.record_run(now, removed)
            await uow.commit()
            log.info(
                "retention removed from tenant %s: %s",
                tenant.slug,
                ", ".join(f"{k.value}={n}" for k, n in removed.items() if n),
            )
        return RetentionReport(tenant.slug, removed)

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
