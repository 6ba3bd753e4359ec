"""Tenant-scoped repositories of planned work, and the portal's reader of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    literal,
    or_,
    select,
    true,
    tuple_,
    union_all,
)

from ordinavo.adapters.persistence.models import (
    CustomerModel,
    InternalUserModel,
    LocationModel,
    TenantModel,
)
from ordinavo.adapters.persistence.portal_repositories import branch_clause, scope_clause
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.adapters.persistence.work_models import (
    AppointmentModel,
    CalendarFeedModel,
    StatusLabelOverrideModel,
    TargetModel,
)
from ordinavo.application.ports.work import (
    AppointmentFilter,
    AppointmentView,
    DisplayPreferences,
    PlaceView,
    PortalAppointmentQuery,
    PortalDisplay,
    TargetFilter,
    WorkView,
)
from ordinavo.domain.appointments import (
    CLOSED_STATUSES,
    HIDDEN_FROM_PORTAL,
    MAX_DURATION,
    Appointment,
    AppointmentStatus,
    RoutePlan,
    Window,
)
from ordinavo.domain.calendar_feeds import CalendarFeed
from ordinavo.domain.locations import Priority
from ordinavo.domain.paging import Page, PageRequest, TimedPage, TimedPageRequest, TimeKey
from ordinavo.domain.status_labels import LabelOverride, PortalLanguage
from ordinavo.domain.tenants import TenantSettings
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.visibility import PortalScope
from ordinavo.domain.work import (
    ACTIVE_TARGET_STATUSES,
    Origin,
    Target,
    TargetDetails,
    TargetStatus,
)


def target_from_row(row: TargetModel) -> Target:
    reference = (
        ExternalReference(row.external_system, row.external_reference)
        if row.external_system and row.external_reference
        else None
    )
    return Target(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        contact_id=row.contact_id,
        details=TargetDetails(
            title=row.title,
            priority=Priority(row.priority),
            due_date=row.due_date,
            external_reference=reference,
            internal_notes=row.internal_notes,
            billing_details=row.billing_details,
        ),
        origin=Origin(row.origin),
        status=TargetStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        assigned_employee_id=row.assigned_employee_id,
        closed_at=row.closed_at,
    )


def _target_onto_row(target: Target, row: TargetModel) -> TargetModel:
    d = target.details
    row.id = target.id
    row.tenant_id = target.tenant_id
    row.customer_id = target.customer_id
    row.location_id = target.location_id
    row.contact_id = target.contact_id
    row.assigned_employee_id = target.assigned_employee_id
    row.title = d.title
    row.status = target.status.value
    row.priority = d.priority.value
    row.due_date = d.due_date
    row.origin = target.origin.value
    row.external_system = d.external_reference.system if d.external_reference else None
    row.external_reference = d.external_reference.reference if d.external_reference else None
    row.internal_notes = d.internal_notes
    row.billing_details = d.billing_details
    row.created_at = target.created_at
    row.updated_at = target.updated_at
    row.closed_at = target.closed_at
    return row


def appointment_from_row(row: AppointmentModel) -> Appointment:
    return Appointment(
        id=row.id,
        tenant_id=row.tenant_id,
        target_id=row.target_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        window=Window(row.starts_at, row.ends_at),
        status=AppointmentStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        assigned_employee_id=row.assigned_employee_id,
        route=RoutePlan(row.route_stop, row.routing_score, row.travel_minutes),
        planning_notes=row.planning_notes,
    )


def _appointment_onto_row(a: Appointment, row: AppointmentModel) -> AppointmentModel:
    row.id = a.id
    row.tenant_id = a.tenant_id
    row.target_id = a.target_id
    row.customer_id = a.customer_id
    row.location_id = a.location_id
    row.assigned_employee_id = a.assigned_employee_id
    row.starts_at = a.window.starts_at
    row.ends_at = a.window.ends_at
    row.status = a.status.value
    row.route_stop = a.route.route_stop
    row.routing_score = a.route.routing_score
    row.travel_minutes = a.route.travel_minutes
    row.planning_notes = a.planning_notes
    row.created_at = a.created_at
    row.updated_at = a.updated_at
    return row


def _after_key(stmt: Select[Any], after: TimeKey | None) -> Select[Any]:
    if after is None:
        return stmt
    # Typed binds: SQLite stores times as text, so the value must be written the same way.
    at = literal(after.at, AppointmentModel.starts_at.type)
    key = literal(after.id, AppointmentModel.id.type)
    return stmt.where(tuple_(AppointmentModel.starts_at, AppointmentModel.id) > tuple_(at, key))


def assigned_work(tenant_id: UUID, employee_id: UUID, target_column: Any) -> Any:
    """Work assigned to the employee, directly or through any of its appointments: the one
    definition of "their work" for every list an employee reads."""
    return or_(
        target_column.in_(
            select(TargetModel.id).where(
                TargetModel.tenant_id == tenant_id,
                TargetModel.assigned_employee_id == employee_id,
            )
        ),
        target_column.in_(
            select(AppointmentModel.target_id).where(
                AppointmentModel.tenant_id == tenant_id,
                AppointmentModel.assigned_employee_id == employee_id,
            )
        ),
    )


class SqlaTargetRepository(TenantScoped[TargetModel]):
    model = TargetModel

    async def add(self, target: Target) -> None:
        self._session.add(_target_onto_row(target, TargetModel()))
        await self._session.flush()

    async def get(self, target_id: UUID) -> Target | None:
        row = await self._row(target_id)
        return target_from_row(row) if row else None

    async def save(self, target: Target) -> None:
        row = await self._row(target.id)
        if row is None:
            raise LookupError("target vanished during the transaction")
        _target_onto_row(target, row)
        await self._session.flush()

    async def list(self, page: PageRequest, where: TargetFilter) -> Page[Target]:
        stmt = self._select()
        if where.status is not None:
            stmt = stmt.where(TargetModel.status == where.status.value)
        if where.customer_id is not None:
            stmt = stmt.where(TargetModel.customer_id == where.customer_id)
        if where.location_id is not None:
            stmt = stmt.where(TargetModel.location_id == where.location_id)
        if where.assigned_to is not None:
            stmt = stmt.where(TargetModel.assigned_employee_id == where.assigned_to)
        if where.only_for_employee is not None:
            stmt = stmt.where(
                assigned_work(self._tenant_id, where.only_for_employee, TargetModel.id)
            )
        return await self._page(stmt, page, target_from_row)

    async def is_assigned(self, target_id: UUID, employee_id: UUID) -> bool:
        stmt = select(TargetModel.id).where(
            TargetModel.tenant_id == self._tenant_id,
            TargetModel.id == target_id,
            assigned_work(self._tenant_id, employee_id, TargetModel.id),
        )
        return (await self._session.execute(stmt)).first() is not None

    async def assigned_scope(self, employee_id: UUID) -> tuple[frozenset[UUID], frozenset[UUID]]:
        targets = select(TargetModel.customer_id, TargetModel.location_id).where(
            TargetModel.tenant_id == self._tenant_id,
            TargetModel.assigned_employee_id == employee_id,
            TargetModel.status.in_([s.value for s in ACTIVE_TARGET_STATUSES]),
        )
        visits = select(AppointmentModel.customer_id, AppointmentModel.location_id).where(
            AppointmentModel.tenant_id == self._tenant_id,
            AppointmentModel.assigned_employee_id == employee_id,
            AppointmentModel.status.notin_(_CLOSED),
        )
        rows = (await self._session.execute(union_all(targets, visits))).all()
        customers = frozenset(c for c, _ in rows)
        locations = frozenset(loc for _, loc in rows if loc is not None)
        return customers, locations

    async def assigned_contacts(self, employee_id: UUID) -> frozenset[UUID]:
        # The same work as assigned_scope: active targets of theirs, and targets of open visits.
        through_visits = select(AppointmentModel.target_id).where(
            AppointmentModel.tenant_id == self._tenant_id,
            AppointmentModel.assigned_employee_id == employee_id,
            AppointmentModel.status.notin_(_CLOSED),
        )
        stmt = select(TargetModel.contact_id).where(
            TargetModel.tenant_id == self._tenant_id,
            TargetModel.contact_id.is_not(None),
            or_(
                (TargetModel.assigned_employee_id == employee_id)
                & TargetModel.status.in_([s.value for s in ACTIVE_TARGET_STATUSES]),
                TargetModel.id.in_(through_visits),
            ),
        )
        return frozenset((await self._session.scalars(stmt)).all())


class SqlaAppointmentRepository(TenantScoped[AppointmentModel]):
    model = AppointmentModel

    async def add(self, appointment: Appointment) -> None:
        self._session.add(_appointment_onto_row(appointment, AppointmentModel()))
        await self._session.flush()

    async def get(self, appointment_id: UUID) -> Appointment | None:
        row = await self._row(appointment_id)
        return appointment_from_row(row) if row else None

    async def save(self, appointment: Appointment) -> None:
        row = await self._row(appointment.id)
        if row is None:
            raise LookupError("appointment vanished during the transaction")
        _appointment_onto_row(appointment, row)
        await self._session.flush()

    async def list(
        self, page: TimedPageRequest, where: AppointmentFilter
    ) -> TimedPage[Appointment]:
        stmt = self._select()
        for column, value in (
            (AppointmentModel.customer_id, where.customer_id),
            (AppointmentModel.location_id, where.location_id),
            (AppointmentModel.target_id, where.target_id),
            (AppointmentModel.assigned_employee_id, where.assigned_to),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        if where.status is not None:
            stmt = stmt.where(AppointmentModel.status == where.status.value)
        if where.starts_from is not None:
            stmt = stmt.where(AppointmentModel.starts_at >= where.starts_from)
        if where.starts_before is not None:
            stmt = stmt.where(AppointmentModel.starts_at < where.starts_before)
        stmt = _after_key(stmt, page.after)
        rows = (
            (
                await self._session.execute(
                    stmt.order_by(AppointmentModel.starts_at, AppointmentModel.id).limit(
                        page.size + 1
                    )
                )
            )
            .scalars()
            .all()
        )
        more = len(rows) > page.size
        items = [appointment_from_row(r) for r in rows[: page.size]]
        last = items[-1] if more else None
        return TimedPage(items, TimeKey(last.window.starts_at, last.id) if last else None)

    async def open_for_target(self, target_id: UUID) -> list[Appointment]:
        rows = (
            await self._session.execute(
                self._select().where(
                    AppointmentModel.target_id == target_id,
                    AppointmentModel.status.notin_(_CLOSED),
                )
            )
        ).scalars()
        return [appointment_from_row(r) for r in rows]


class SqlaStatusLabelRepository(TenantScoped[StatusLabelOverrideModel]):
    model = StatusLabelOverrideModel

    @staticmethod
    def _from_row(row: StatusLabelOverrideModel) -> LabelOverride:
        return LabelOverride(row.status_key, PortalLanguage(row.language), row.label)

    async def all(self) -> list[LabelOverride]:
        rows = await self._session.execute(
            self._select().order_by(
                StatusLabelOverrideModel.status_key, StatusLabelOverrideModel.language
            )
        )
        return [self._from_row(r) for r in rows.scalars()]

    async def for_language(self, language: PortalLanguage) -> list[LabelOverride]:
        rows = await self._session.execute(
            self._select().where(StatusLabelOverrideModel.language == language.value)
        )
        return [self._from_row(r) for r in rows.scalars()]

    async def put(self, override: LabelOverride) -> None:
        row = await self._session.scalar(
            self._select().where(
                StatusLabelOverrideModel.status_key == override.key,
                StatusLabelOverrideModel.language == override.language.value,
            )
        )
        if row is None:
            row = StatusLabelOverrideModel(
                tenant_id=self._tenant_id,
                status_key=override.key,
                language=override.language.value,
            )
            self._session.add(row)
        row.label = override.label
        await self._session.flush()

    async def remove(self, key: str, language: PortalLanguage) -> bool:
        result = await self._session.execute(
            delete(StatusLabelOverrideModel).where(
                StatusLabelOverrideModel.tenant_id == self._tenant_id,
                StatusLabelOverrideModel.status_key == key,
                StatusLabelOverrideModel.language == language.value,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def calendar_feed_from_row(row: CalendarFeedModel) -> CalendarFeed:
    return CalendarFeed(
        id=row.id,
        tenant_id=row.tenant_id,
        portal_user_id=row.portal_user_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class SqlaCalendarFeedRepository(TenantScoped[CalendarFeedModel]):
    model = CalendarFeedModel

    async def add(self, feed: CalendarFeed) -> None:
        self._session.add(
            CalendarFeedModel(
                id=feed.id,
                tenant_id=feed.tenant_id,
                portal_user_id=feed.portal_user_id,
                token_hash=feed.token_hash,
                created_at=feed.created_at,
                revoked_at=feed.revoked_at,
            )
        )
        await self._session.flush()

    async def active_for_user(self, portal_user_id: UUID) -> CalendarFeed | None:
        row = await self._session.scalar(
            self._select().where(
                CalendarFeedModel.portal_user_id == portal_user_id,
                CalendarFeedModel.revoked_at.is_(None),
            )
        )
        return calendar_feed_from_row(row) if row else None

    async def save(self, feed: CalendarFeed) -> None:
        row = await self._row(feed.id)
        if row is None:
            raise LookupError("calendar feed vanished during the transaction")
        row.revoked_at = feed.revoked_at
        await self._session.flush()


_HIDDEN_FROM_PORTAL = tuple(s.value for s in HIDDEN_FROM_PORTAL)
_CLOSED = [s.value for s in CLOSED_STATUSES]


class SqlaPortalWorkReader(TenantScoped[AppointmentModel]):
    """One statement per page.

    A scope covers whole customers and single locations. Each of them is one branch that reads
    an index range in (starts_at, id) order and stops after a page; the branches are merged
    and cut to the page. The cost follows the number of grants and the page size, not the
    number of rows the tenant has.
    """

    model = AppointmentModel

    def _view_select(self, keys: Any, with_technician: bool) -> Select[Any]:
        return _view_select(keys, with_technician, literal(self._tenant_id, _UUID))

    @staticmethod
    def _view(row: Any, with_technician: bool) -> AppointmentView:
        return AppointmentView(
            id=row[0],
            starts_at=row[1],
            ends_at=row[2],
            status=AppointmentStatus(row[3]),
            work_title=row[4],
            customer_name=row[5],
            place=PlaceView(
                id=row[6],
                name=row[7],
                address_line=row[8],
                postal_code=row[9],
                city=row[10],
                country=row[11],
            ),
            technician_name=row[12] if with_technician else None,
        )

    async def display(self, language: PortalLanguage) -> PortalDisplay:
        rows = (
            await self._session.execute(
                _DISPLAY, {"tenant": self._tenant_id, "language": language.value}
            )
        ).all()
        settings = TenantSettings.from_dict(rows[0][0] or {}) if rows else TenantSettings()
        return PortalDisplay(
            overrides=[LabelOverride(key, language, label) for _, key, label in rows if key],
            show_technician_first_name=settings.show_technician_first_name,
        )

    async def preferences(self) -> DisplayPreferences:
        tenant = await self._session.get(TenantModel, self._tenant_id)
        settings = TenantSettings.from_dict(tenant.settings or {}) if tenant else TenantSettings()
        rows = await self._session.execute(
            select(_SL.language, _SL.status_key, _SL.label).where(_SL.tenant_id == self._tenant_id)
        )
        return DisplayPreferences(
            overrides=tuple(
                LabelOverride(key, PortalLanguage(language), label) for language, key, label in rows
            ),
            show_technician_first_name=settings.show_technician_first_name,
        )

    async def upcoming_appointments(
        self, query: PortalAppointmentQuery, page: TimedPageRequest
    ) -> TimedPage[AppointmentView]:
        shaped = appointment_page(self._tenant_id, query, page)
        if shaped is None:
            return TimedPage([], None)
        stmt, params = shaped
        rows = (await self._session.execute(stmt, params)).all()
        more = len(rows) > page.size
        items = [self._view(r, query.with_technician) for r in rows[: page.size]]
        last = items[-1] if more else None
        return TimedPage(items, TimeKey(last.starts_at, last.id) if last else None)

    async def appointment(
        self, query: PortalAppointmentQuery, appointment_id: UUID
    ) -> AppointmentView | None:
        keys = (
            select(AppointmentModel.id.label("id"), AppointmentModel.starts_at.label("starts_at"))
            .where(
                AppointmentModel.tenant_id == self._tenant_id,
                AppointmentModel.id == appointment_id,
                scope_clause(
                    query.scope, AppointmentModel.customer_id, AppointmentModel.location_id
                ),
                AppointmentModel.status.notin_(_HIDDEN_FROM_PORTAL),
            )
            .subquery("one_key")
        )
        row = (await self._session.execute(self._view_select(keys, query.with_technician))).first()
        return self._view(row, query.with_technician) if row else None

    async def active_work(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[WorkView]:
        branches = scope.branches(location_id)
        if not branches:
            return Page([], None)
        selects = []
        for branch in branches:
            stmt = select(TargetModel.id.label("id")).where(
                TargetModel.tenant_id == self._tenant_id,
                branch_clause(branch, TargetModel.customer_id, TargetModel.location_id),
                TargetModel.status.in_([s.value for s in ACTIVE_TARGET_STATUSES]),
            )
            if page.after is not None:
                stmt = stmt.where(TargetModel.id > page.after)
            selects.append(select(stmt.order_by(TargetModel.id).limit(page.size + 1).subquery()))
        keys = (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page_keys")
        next_visit = (
            select(AppointmentModel.starts_at)
            .where(
                AppointmentModel.tenant_id == self._tenant_id,
                AppointmentModel.target_id == TargetModel.id,
                AppointmentModel.status.notin_(_CLOSED),
            )
            .order_by(AppointmentModel.starts_at)
            .limit(1)
            .correlate(TargetModel)
            .scalar_subquery()
        )
        stmt = (
            select(
                TargetModel.id,
                TargetModel.title,
                TargetModel.status,
                TargetModel.priority,
                TargetModel.due_date,
                CustomerModel.name,
                LocationModel.id,
                LocationModel.name,
                LocationModel.address_line,
                LocationModel.postal_code,
                LocationModel.city,
                LocationModel.country,
                next_visit,
            )
            .select_from(keys)
            .join(
                TargetModel,
                and_(TargetModel.tenant_id == self._tenant_id, TargetModel.id == keys.c.id),
            )
            .join(
                CustomerModel,
                and_(
                    CustomerModel.tenant_id == TargetModel.tenant_id,
                    CustomerModel.id == TargetModel.customer_id,
                ),
            )
            .outerjoin(
                LocationModel,
                and_(
                    LocationModel.tenant_id == TargetModel.tenant_id,
                    LocationModel.id == TargetModel.location_id,
                ),
            )
            .order_by(keys.c.id)
            .limit(page.size + 1)
        )
        rows = (await self._session.execute(stmt)).all()
        more = len(rows) > page.size
        items = [
            WorkView(
                id=r[0],
                title=r[1],
                status=TargetStatus(r[2]),
                priority=Priority(r[3]),
                due_date=r[4],
                customer_name=r[5],
                place=PlaceView(r[6], r[7], r[8], r[9], r[10], r[11]) if r[6] else None,
                next_visit_starts_at=r[12],
            )
            for r in rows[: page.size]
        ]
        return Page(items, items[-1].id if more else None)


_UUID = AppointmentModel.id.type
_TIME = AppointmentModel.starts_at.type
# Core columns: the hot portal reads skip the ORM's entity machinery.
_A = AppointmentModel.__table__.c
_T = TargetModel.__table__.c
_C = CustomerModel.__table__.c
_L = LocationModel.__table__.c
_TN = TenantModel.__table__.c
_SL = StatusLabelOverrideModel.__table__.c


def appointment_page(
    tenant_id: UUID,
    query: PortalAppointmentQuery,
    page: TimedPageRequest,
    shape: Callable[..., Select[Any]] | None = None,
) -> tuple[Select[Any], dict[str, Any]] | None:
    """The statement of a page of upcoming appointments in the policy's scope and its
    parameters; None when the scope gives nothing to read. `shape` builds the statement from
    its shape (`page_shape`, or a wrapper of it)."""
    branches = query.scope.branches(query.location_id)
    if not branches:
        return None
    within = next((b.within for b in branches if b.within), frozenset())
    stmt = (shape or page_shape)(
        tuple("c" if b.customer_id else "l" for b in branches),
        whole_filter=bool(within),
        has_before=query.starts_before is not None,
        has_after=page.after is not None,
        with_technician=query.with_technician,
    )
    params: dict[str, Any] = {
        "tenant": tenant_id,
        # A visit still running began at most MAX_DURATION ago: a bounded index range.
        "earliest": query.ends_after - MAX_DURATION,
        "ends_after": query.ends_after,
        "limit": page.size + 1,
        **{f"b{i}": b.customer_id or b.location_id for i, b in enumerate(branches)},
    }
    if within:
        params["whole"] = sorted(within)
    if query.starts_before is not None:
        params["before"] = query.starts_before
    if page.after is not None:
        params["after_at"], params["after_id"] = page.after.at, page.after.id
    return stmt, params


@lru_cache(maxsize=256)
def page_shape(
    branches: tuple[str, ...],
    *,
    whole_filter: bool,
    has_before: bool,
    has_after: bool,
    with_technician: bool,
    filter_tenant: bool = True,
) -> Select[Any]:
    """The statement of a portal page, built once per shape and run with bind parameters.

    Building the SQL construct (and its cache key) costs more than running it; the shape is
    the number and kind of per-grant branches and the filters present, never their values.
    `filter_tenant=False` leaves out every tenant filter: only the test that shows the
    row-level security backstop still holds on the portal's hot path uses it.
    """
    tenant = bindparam("tenant", type_=_UUID)
    limit = bindparam("limit", type_=Integer())
    selects = []
    for i, kind in enumerate(branches):
        column = _A.customer_id if kind == "c" else _A.location_id
        stmt = select(_A.id.label("id"), _A.starts_at.label("starts_at")).where(
            _A.tenant_id == tenant if filter_tenant else true(),
            column == bindparam(f"b{i}", type_=_UUID),
            _A.starts_at >= bindparam("earliest", type_=_TIME),
            _A.ends_at > bindparam("ends_after", type_=_TIME),
            _A.status.notin_(_HIDDEN_FROM_PORTAL),
        )
        if whole_filter:
            stmt = stmt.where(_A.customer_id.in_(bindparam("whole", expanding=True, type_=_UUID)))
        if has_before:
            stmt = stmt.where(_A.starts_at < bindparam("before", type_=_TIME))
        if has_after:
            stmt = stmt.where(
                tuple_(_A.starts_at, _A.id)
                > tuple_(bindparam("after_at", type_=_TIME), bindparam("after_id", type_=_UUID))
            )
        stmt = stmt.order_by(_A.starts_at, _A.id).limit(limit)
        selects.append(select(stmt.subquery()))
    keys = (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page_keys")
    return (
        _view_select(keys, with_technician, tenant if filter_tenant else None)
        .order_by(keys.c.starts_at, keys.c.id)
        .limit(limit)
    )


def _view_select(keys: Any, with_technician: bool, tenant: Any) -> Select[Any]:
    """The page's rows joined to what the portal shows: work title, customer, place."""
    technician_table = InternalUserModel.__table__.alias("technician")
    technician = technician_table.c
    columns: list[Any] = [
        _A.id,
        _A.starts_at,
        _A.ends_at,
        _A.status,
        _T.title,
        _C.name,
        _L.id,
        _L.name,
        _L.address_line,
        _L.postal_code,
        _L.city,
        _L.country,
    ]
    if with_technician:
        columns.append(technician.display_name)
    stmt = (
        select(*columns)
        .select_from(keys)
        .join(
            AppointmentModel.__table__,
            and_(
                _A.tenant_id == tenant if tenant is not None else true(),
                _A.id == keys.c.id,
            ),
        )
        .join(
            TargetModel.__table__,
            and_(
                _T.tenant_id == _A.tenant_id,
                _T.id == _A.target_id,
            ),
        )
        .join(
            CustomerModel.__table__,
            and_(
                _C.tenant_id == _A.tenant_id,
                _C.id == _A.customer_id,
            ),
        )
        .join(
            LocationModel.__table__,
            and_(
                _L.tenant_id == _A.tenant_id,
                _L.id == _A.location_id,
            ),
        )
    )
    if with_technician:
        stmt = stmt.outerjoin(
            technician_table,
            and_(
                technician.tenant_id == _A.tenant_id,
                technician.id == _A.assigned_employee_id,
            ),
        )
    return stmt


# The tenant's portal preferences and its labels in one language: built once, run per request.
_DISPLAY = (
    select(_TN.settings, _SL.status_key, _SL.label)
    .outerjoin(
        StatusLabelOverrideModel.__table__,
        and_(
            _SL.tenant_id == _TN.id,
            _SL.language == bindparam("language"),
        ),
    )
    .where(_TN.id == bindparam("tenant", type_=_TN.id.type))
)
