"""The Connect repository, built for one tenant like every other."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ordinavo.adapters.persistence.connect import mappers
from ordinavo.adapters.persistence.connect.models import (
    ConnectLinkModel,
    ImportJobModel,
    ImportResultModel,
    SourceSystemModel,
    ValueMappingModel,
)
from ordinavo.adapters.persistence.integrity import is_duplicate_key
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.application.errors import Conflict
from ordinavo.domain.connect import (
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

_IN_CHUNK = 500  # external ids per IN (...) list


class SqlaConnectRepository(TenantScoped[SourceSystemModel]):
    model = SourceSystemModel

    def _of(self, model: Any) -> Any:
        return select(model).where(model.tenant_id == self._tenant_id)

    # --- source systems
    async def add_source(self, source: SourceSystem) -> None:
        self._session.add(mappers.source_to_row(source))

    async def source_by_key(self, key: str) -> SourceSystem | None:
        row = await self._session.scalar(self._select().where(SourceSystemModel.key == key))
        return mappers.source_from_row(row) if row else None

    async def source(self, source_id: UUID) -> SourceSystem | None:
        row = await self._row(source_id)
        return mappers.source_from_row(row) if row else None

    async def list_sources(self, page: PageRequest) -> Page[SourceSystem]:
        return await self._page(self._select(), page, mappers.source_from_row)

    async def count_sources(self) -> int:
        stmt = select(func.count()).where(SourceSystemModel.tenant_id == self._tenant_id)
        return int(await self._session.scalar(stmt) or 0)

    # --- value mappings
    async def put_mapping(self, mapping: ValueMapping) -> bool:
        m = ValueMappingModel
        row = await self._session.scalar(
            self._of(m).where(
                m.source_id == mapping.source_id,
                m.field == mapping.field.value,
                m.external_value == mapping.external_value,
            )
        )
        new = row is None
        if row is None:
            row = ValueMappingModel(id=mapping.id)
            self._session.add(row)
        mappers.mapping_onto_row(mapping, row)
        return new

    async def mappings_of(self, source_id: UUID) -> dict[tuple[MappedField, str], str]:
        m = ValueMappingModel
        rows = await self._session.scalars(self._of(m).where(m.source_id == source_id))
        return {mappers.mapping_key(row): row.internal_value for row in rows}

    async def count_mappings(self, source_id: UUID) -> int:
        m = ValueMappingModel
        stmt = select(func.count()).where(m.tenant_id == self._tenant_id, m.source_id == source_id)
        return int(await self._session.scalar(stmt) or 0)

    # --- links
    async def links(
        self, source_id: UUID, keys: Iterable[tuple[RecordKind, str]]
    ) -> dict[tuple[RecordKind, str], Link]:
        by_kind: dict[str, list[str]] = {}
        for kind, external_id in set(keys):
            by_kind.setdefault(kind.value, []).append(external_id)
        found: dict[tuple[RecordKind, str], Link] = {}
        m = ConnectLinkModel
        for kind, ids in by_kind.items():
            for start in range(0, len(ids), _IN_CHUNK):
                rows = await self._session.execute(
                    select(m.external_id, m.record_id, m.fingerprint).where(
                        m.tenant_id == self._tenant_id,
                        m.source_id == source_id,
                        m.kind == kind,
                        m.external_id.in_(ids[start : start + _IN_CHUNK]),
                    )
                )
                for external_id, record_id, fingerprint in rows:
                    found[(RecordKind(kind), external_id)] = Link(record_id, fingerprint)
        return found

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
        m = ConnectLinkModel
        if new:  # the caller found none: the unique key refuses a second one anyway
            self._session.add(
                ConnectLinkModel(
                    tenant_id=self._tenant_id,
                    source_id=source_id,
                    kind=kind.value,
                    external_id=external_id,
                    record_id=link.record_id,
                    fingerprint=link.fingerprint,
                    updated_at=now,
                )
            )
            return
        changed = await self._session.execute(
            update(m)
            .where(
                m.tenant_id == self._tenant_id,
                m.source_id == source_id,
                m.kind == kind.value,
                m.external_id == external_id,
            )
            .values(record_id=link.record_id, fingerprint=link.fingerprint, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 0) == 0:
            self._session.add(
                ConnectLinkModel(
                    tenant_id=self._tenant_id,
                    source_id=source_id,
                    kind=kind.value,
                    external_id=external_id,
                    record_id=link.record_id,
                    fingerprint=link.fingerprint,
                    updated_at=now,
                )
            )

    async def source_ids(
        self, records: Iterable[tuple[RecordKind, UUID]]
    ) -> dict[tuple[RecordKind, UUID], list[SourceId]]:
        wanted = set(records)
        if not wanted:
            return {}
        m, source = ConnectLinkModel, SourceSystemModel
        rows = await self._session.execute(
            select(m.kind, m.record_id, source.key, m.external_id)
            .join(source, (source.tenant_id == m.tenant_id) & (source.id == m.source_id))
            .where(
                m.tenant_id == self._tenant_id,
                m.record_id.in_({record_id for _, record_id in wanted}),
            )
        )
        found: dict[tuple[RecordKind, UUID], list[SourceId]] = {}
        for kind, record_id, key, external_id in rows:
            if (RecordKind(kind), record_id) in wanted:
                found.setdefault((RecordKind(kind), record_id), []).append(
                    SourceId(key, external_id)
                )
        return found

    # --- jobs
    async def add_job(self, job: ImportJob, records: list[ImportRecord]) -> None:
        row = mappers.job_onto_row(job, ImportJobModel())
        row.records = [mappers.record_to_json(r) for r in records]
        self._session.add(row)

    async def _job_row(self, job_id: UUID, *, lock: bool = False) -> ImportJobModel | None:
        stmt = self._of(ImportJobModel).where(ImportJobModel.id == job_id)
        if lock:
            stmt = stmt.with_for_update()
        return await self._session.scalar(stmt)

    async def job(self, job_id: UUID, *, lock: bool = False) -> ImportJob | None:
        row = await self._job_row(job_id, lock=lock)
        return mappers.job_from_row(row) if row else None

    async def job_by_key(self, source_id: UUID, idempotency_key: str) -> ImportJob | None:
        m = ImportJobModel
        row = await self._session.scalar(
            self._of(m).where(m.source_id == source_id, m.idempotency_key == idempotency_key)
        )
        return mappers.job_from_row(row) if row else None

    async def save_job(self, job: ImportJob) -> None:
        row = await self._job_row(job.id)
        if row is not None:
            mappers.job_onto_row(job, row)

    async def list_jobs(self, page: PageRequest, source_key: str | None) -> Page[ImportJob]:
        m = ImportJobModel
        stmt = self._of(m)
        if source_key is not None:
            stmt = stmt.where(m.source_key == source_key)
        return await self._keyset(m, stmt, page, mappers.job_from_row, newest_first=True)

    async def batch_of(self, job_id: UUID) -> list[ImportRecord]:
        row = await self._job_row(job_id)
        return [mappers.record_from_json(r) for r in (row.records or [])] if row else []

    async def drop_batch(self, job_id: UUID) -> None:
        row = await self._job_row(job_id)
        if row is not None:
            row.records = None

    # --- results
    async def add_result(self, result: ImportResult) -> None:
        self._session.add(mappers.result_to_row(result))

    async def add_results(self, results: list[ImportResult]) -> None:
        self._session.add_all([mappers.result_to_row(r) for r in results])

    async def done_positions(self, job_id: UUID) -> set[int]:
        m = ImportResultModel
        rows = await self._session.scalars(
            select(m.position).where(m.tenant_id == self._tenant_id, m.job_id == job_id)
        )
        return set(rows)

    async def count_outcomes(self, job_id: UUID) -> dict[str, int]:
        m = ImportResultModel
        rows = await self._session.execute(
            select(m.outcome, func.count())
            .where(m.tenant_id == self._tenant_id, m.job_id == job_id)
            .group_by(m.outcome)
        )
        return {outcome: int(n) for outcome, n in rows}

    async def list_results(
        self, job_id: UUID, page: PageRequest, outcome: Outcome | None
    ) -> Page[ImportResult]:
        m = ImportResultModel
        stmt = self._of(m).where(m.job_id == job_id)
        if outcome is not None:
            stmt = stmt.where(m.outcome == outcome.value)
        return await self._keyset(m, stmt, page, mappers.result_from_row)

    async def _keyset(
        self, model: Any, stmt: Any, page: PageRequest, to_domain: Any, newest_first: bool = False
    ) -> Any:
        key = model.id
        if page.after is not None:
            stmt = stmt.where(key < page.after if newest_first else key > page.after)
        stmt = stmt.order_by(key.desc() if newest_first else key).limit(page.size + 1)
        rows = list((await self._session.execute(stmt)).scalars())
        more = len(rows) > page.size
        rows = rows[: page.size]
        return Page(items=[to_domain(r) for r in rows], next_after=rows[-1].id if more else None)

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        try:
            async with self._session.begin_nested():
                yield
                # Inside the block, so a refused write rolls back to the savepoint.
                await self._session.flush()
        except IntegrityError as error:
            if is_duplicate_key(error):
                raise Conflict("The record collides with an existing one.") from error
            raise Conflict("The record refers to something that does not exist.") from error
