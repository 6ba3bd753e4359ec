"""Ports of the retention job: removing one tenant's expired records of a kind a batch at a
time, and the throttles all tenants share."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ordinavo.domain.retention import RetentionKind


class RetentionStore(Protocol):
    """Bound to one tenant (its unit of work): each call is one short statement or two."""

    async def remove_expired(
        self, kind: RetentionKind, cutoff: datetime, now: datetime, limit: int
    ) -> int:
        """Delete at most `limit` of the tenant's records of `kind` older than `cutoff`;
        how many went. Rows another worker holds are skipped, not waited for."""
        ...

    async def count_expired(self, kind: RetentionKind, cutoff: datetime, now: datetime) -> int:
        """How many records `remove_expired` would delete in all: the dry run."""
        ...

    async def record_run(
        self, ran_at: datetime, removed: dict[RetentionKind, int], files_removed: int = 0
    ) -> None:
        """Keep what a run removed, per kind and of stored files: counts, never content."""
        ...


class SharedRetentionStore(Protocol):
    """The records no tenant owns (throttle windows), handled once per run."""

    async def remove_expired(
        self, kind: RetentionKind, cutoff: datetime, now: datetime, limit: int
    ) -> int: ...

    async def count_expired(self, kind: RetentionKind, cutoff: datetime, now: datetime) -> int: ...

    async def commit(self) -> None: ...
