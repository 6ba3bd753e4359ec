"""The portal's hot path: a page of a portal list in one statement, read the way the portal
principal is (portal_credentials.py), on a pooled connection in AUTOCOMMIT without an ORM
session, so no BEGIN, no ROLLBACK and no separate tenant binding go with it.

The scope is the visibility policy's (`PortalScope.branches`), turned into SQL by the same
statements the unit of work's portal readers use: `SqlaPortalReads` runs those very readers,
each `execute` one statement of its own. On PostgreSQL the statement binds its own
transaction to the tenant before it reads (`read_as_tenant`): the row-level security backstop
holds here too, so a page that forgot its tenant filter still sees only that tenant's rows.
Appointments (`SqlaPortalPages`, the busiest list) map their rows straight into the portal's
shape, labels included.

A statement per request on a connection of its own: a request that also holds a session's
connection (a staff preview) takes two for that moment; portal requests hold none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, literal
from sqlalchemy.ext.asyncio import AsyncEngine

from ordinavo.adapters.persistence.driver_statements import Statements, statements_for
from ordinavo.adapters.persistence.portal_repositories import SqlaPortalLocationReader
from ordinavo.adapters.persistence.report_repositories import SqlaPortalReportReader
from ordinavo.adapters.persistence.request_repositories import SqlaRequestRepository
from ordinavo.adapters.persistence.tenant_binding import read_as_tenant
from ordinavo.adapters.persistence.timeline_repositories import SqlaPortalTimelineReader
from ordinavo.adapters.persistence.work_models import AppointmentModel
from ordinavo.adapters.persistence.work_repositories import (
    SqlaPortalWorkReader,
    appointment_page,
    page_shape,
)
from ordinavo.application.ports.work import (
    PlaceView,
    PortalAppointment,
    PortalAppointmentQuery,
)
from ordinavo.domain.identity import first_name
from ordinavo.domain.paging import TimedPage, TimedPageRequest, TimeKey
from ordinavo.domain.status_labels import StatusKind, StatusLabels

_TENANT = bindparam("tenant", type_=AppointmentModel.id.type)


@lru_cache(maxsize=256)
def backstopped_page_shape(*args: Any, **kwargs: Any) -> Select[Any]:
    """PostgreSQL: `page_shape`, read as the tenant."""
    return read_as_tenant(page_shape(*args, **kwargs), _TENANT)


class _StatementPerRead:
    """Stands in for the ORM session of the portal's readers: each `execute` is one statement
    on a pooled AUTOCOMMIT connection, read as the tenant on PostgreSQL. A reader that needs
    more of a session (get, add, flush) is not for this path, and fails loudly here."""

    def __init__(self, engine: AsyncEngine, tenant_id: UUID) -> None:
        self._engine = engine
        self._tenant = literal(tenant_id, AppointmentModel.id.type)
        self._postgresql = engine.dialect.name == "postgresql"
        self.info: dict[str, Any] = {}  # where `bind_tenant` notes the tenant: told in-statement

    async def execute(self, statement: Select[Any], params: dict[str, Any] | None = None) -> Any:
        if self._postgresql:
            statement = read_as_tenant(statement, self._tenant)
        async with self._engine.connect() as connection:
            result = await connection.execute(statement, params or {})
            return result.freeze()()  # the rows, kept after the connection goes back


class SqlaPortalReads:
    """The portal's list readers for one tenant (the unit of work's), one statement a read."""

    def __init__(self, engine: AsyncEngine, tenant_id: UUID) -> None:
        reads: Any = _StatementPerRead(engine, tenant_id)
        self.portal_work = SqlaPortalWorkReader(reads, tenant_id)
        self.portal_reports = SqlaPortalReportReader(reads, tenant_id)
        self.portal_timeline = SqlaPortalTimelineReader(reads, tenant_id)
        self.portal_locations = SqlaPortalLocationReader(reads, tenant_id)
        self.portal_requests = SqlaRequestRepository(reads, tenant_id)  # reads `followed` only


class SqlaPortalReadsFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        # Its own transaction per statement: a read that binds its tenant for itself needs
        # no BEGIN before it nor ROLLBACK after it.
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    def for_tenant(self, tenant_id: UUID) -> SqlaPortalReads:
        return SqlaPortalReads(self._engine, tenant_id)


class SqlaPortalPages:
    def __init__(self, engine: AsyncEngine, statements: Statements | None = None) -> None:
        # Its own transaction per statement: a read that binds its tenant for itself needs
        # no BEGIN before it nor ROLLBACK after it.
        self._statements = statements or statements_for(engine)
        self._appointment_shape: Callable[..., Select[Any]] = (
            backstopped_page_shape if engine.dialect.name == "postgresql" else page_shape
        )

    async def _rows(self, stmt: Select[Any], params: dict[str, Any]) -> Sequence[Any]:
        return await self._statements.rows(stmt, params)

    async def upcoming(
        self,
        tenant_id: UUID,
        query: PortalAppointmentQuery,
        page: TimedPageRequest,
        labels: StatusLabels,
    ) -> TimedPage[PortalAppointment]:
        shaped = appointment_page(tenant_id, query, page, self._appointment_shape)
        if shaped is None:
            return TimedPage([], None)
        rows = await self._rows(*shaped)
        technician = query.with_technician
        status_of, places = labels.of, dict[Any, PlaceView]()
        items = []
        for r in rows[: page.size]:
            place = places.get(r[6])  # a page visits few places, many times
            if place is None:
                place = places[r[6]] = PlaceView(r[6], r[7], r[8], r[9], r[10], r[11])
            items.append(
                PortalAppointment(
                    id=r[0],
                    starts_at=r[1],
                    ends_at=r[2],
                    status=status_of(StatusKind.APPOINTMENT, r[3]),
                    work_title=r[4],
                    customer_name=r[5],
                    place=place,
                    technician_first_name=first_name(r[12]) if technician and r[12] else None,
                )
            )
        last = items[-1] if len(rows) > page.size else None
        return TimedPage(items, TimeKey(last.starts_at, last.id) if last else None)
