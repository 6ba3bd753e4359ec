"""Ports of Connect: source systems, their value mappings, which external id stands for which
record here, and import jobs with their per-record results."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from ordinavo.domain.connect import (
    MAX_BATCH,
    ImportJob,
    ImportRecord,
    ImportResult,
    Link,
    MappedField,
    Outcome,
    RecordKind,
    SourceSystem,
    ValueMapping,
)
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import SourceId


@dataclass(frozen=True, slots=True)
class ConnectPolicy:
    """Deployment settings of imports."""

    max_batch: int = MAX_BATCH
    # How long a worker holds a running job before another may take it over; renewed after
    # every chunk of records, so only a lost worker lets it run out.
    lease: timedelta = timedelta(minutes=5)
    # Records applied per transaction: progress survives a lost worker chunk by chunk.
    chunk: int = 200


class ConnectRepository(Protocol):
    # --- source systems
    async def add_source(self, source: SourceSystem) -> None: ...

    async def source_by_key(self, key: str) -> SourceSystem | None: ...

    async def source(self, source_id: UUID) -> SourceSystem | None: ...

    async def list_sources(self, page: PageRequest) -> Page[SourceSystem]: ...

    async def count_sources(self) -> int: ...

    # --- value mappings
    async def put_mapping(self, mapping: ValueMapping) -> bool:
        """Add the mapping or replace the one for the same field and value; True if new."""
        ...

    async def mappings_of(self, source_id: UUID) -> dict[tuple[MappedField, str], str]: ...

    async def count_mappings(self, source_id: UUID) -> int: ...

    # --- links: which record an external id of a source stands for
    async def links(
        self, source_id: UUID, keys: Iterable[tuple[RecordKind, str]]
    ) -> dict[tuple[RecordKind, str], Link]: ...

    async def put_link(
        self,
        source_id: UUID,
        kind: RecordKind,
        external_id: str,
        link: Link,
        now: datetime,
        *,
        new: bool = False,
    ) -> None:
        """Point the external id at the record; `new`: the caller knows there is no link."""
        ...

    async def source_ids(
        self, records: Iterable[tuple[RecordKind, UUID]]
    ) -> dict[tuple[RecordKind, UUID], list[SourceId]]:
        """The ids the connected systems that sent these records know them by (kind, id)."""
        ...

    # --- jobs
    async def add_job(self, job: ImportJob, records: list[ImportRecord]) -> None: ...

    async def job(self, job_id: UUID, *, lock: bool = False) -> ImportJob | None: ...

    async def job_by_key(self, source_id: UUID, idempotency_key: str) -> ImportJob | None: ...

    async def save_job(self, job: ImportJob) -> None: ...

    async def list_jobs(self, page: PageRequest, source_key: str | None) -> Page[ImportJob]: ...

    async def batch_of(self, job_id: UUID) -> list[ImportRecord]: ...

    async def drop_batch(self, job_id: UUID) -> None:
        """The records as sent are needed only until the job is done."""
        ...

    # --- results
    async def add_result(self, result: ImportResult) -> None: ...

    async def add_results(self, results: list[ImportResult]) -> None:
        """Many results at once: written together at the next flush."""
        ...

    async def done_positions(self, job_id: UUID) -> set[int]: ...

    async def count_outcomes(self, job_id: UUID) -> dict[str, int]: ...

    async def list_results(
        self, job_id: UUID, page: PageRequest, outcome: Outcome | None
    ) -> Page[ImportResult]: ...

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """One record's writes: all kept, or none when the block raises."""
        ...
