"""The timelines' readers over the events table, newest first, one statement per page.

Both read index ranges in (occurred_at, id) order backwards: per customer (or location) for
staff, per granted customer or location for the portal, each branch stopping after a page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, literal, or_, select, tuple_, union_all

from ordinavo.adapters.persistence.models import EventModel, LocationModel
from ordinavo.adapters.persistence.report_models import AttachmentModel, VisitReportModel
from ordinavo.adapters.persistence.repositories import TenantScoped, customer_kept
from ordinavo.adapters.persistence.request_models import RequestModel
from ordinavo.adapters.persistence.work_models import AppointmentModel, TargetModel
from ordinavo.adapters.persistence.work_repositories import assigned_work
from ordinavo.application.ports.timeline import (
    CustomerTimelineQuery,
    PortalEntryView,
    PortalTimelineQuery,
    TimelineEntry,
)
from ordinavo.application.ports.work import PlaceView
from ordinavo.domain.paging import TimedPage, TimedPageRequest, TimeKey
from ordinavo.domain.timeline import (
    INTERNAL_EVENT_PREFIXES,
    PORTAL_EVENT_KINDS,
    TimeRange,
    internal_kind,
    portal_event_types,
)

_E = EventModel.__table__
_R = VisitReportModel.__table__
_F = AttachmentModel.__table__
_Q = RequestModel.__table__
_T = TargetModel.__table__
_A = AppointmentModel.__table__
_L = LocationModel.__table__
# Aliases made once: building them copies every column, which costs more than the query.
_SHOWN_REPORT = _R.alias("shown_report")
_SHOWN_FILE = _F.alias("shown_file")
_FILE_REPORT = _R.alias("file_report")


def _window(events: Any, time_range: TimeRange, after: TimeKey | None) -> list[Any]:
    """The date range and the keyset position (older than the last entry seen)."""
    at_type, id_type = events.c.occurred_at.type, events.c.id.type
    conditions = []
    if time_range.since is not None:
        conditions.append(events.c.occurred_at >= literal(time_range.since, at_type))
    if time_range.until is not None:
        conditions.append(events.c.occurred_at < literal(time_range.until, at_type))
    if after is not None:
        # Typed binds: SQLite stores times as text, so the value must be written the same way.
        conditions.append(
            tuple_(events.c.occurred_at, events.c.id)
            < tuple_(literal(after.at, at_type), literal(after.id, id_type))
        )
    return conditions


def _about(table: Any, subject_type: str) -> Any:
    """Join the record an event is about, if the event is about that kind of record."""
    return and_(
        _E.c.subject_type == subject_type,
        table.c.tenant_id == _E.c.tenant_id,
        table.c.id == _E.c.subject_id,
    )


def _newest_first(events: Any) -> tuple[Any, Any]:
    return events.c.occurred_at.desc(), events.c.id.desc()


class SqlaCustomerTimelineReader(TenantScoped[EventModel]):
    model = EventModel

    async def entries(
        self, query: CustomerTimelineQuery, page: TimedPageRequest
    ) -> TimedPage[TimelineEntry]:
        if not query.kinds:
            return TimedPage([], None)
        prefixes = [p for kind in query.kinds for p in INTERNAL_EVENT_PREFIXES[kind]]
        stmt = select(_E).where(
            _E.c.tenant_id == self._tenant_id,
            _E.c.customer_id == query.customer_id,
            # Not through _select: the same rule by hand (the use case 404s first anyway).
            customer_kept(self._tenant_id, _E.c.customer_id),
            or_(*[_E.c.type.startswith(p, autoescape=True) for p in prefixes]),
            *_window(_E, query.range, page.after),
        )
        if query.location_id is not None:
            stmt = stmt.where(_E.c.location_id == query.location_id)
        if query.only_work_of is not None:
            stmt = stmt.where(assigned_work(self._tenant_id, query.only_work_of, _E.c.work_id))
        rows = (
            await self._session.execute(stmt.order_by(*_newest_first(_E)).limit(page.size + 1))
        ).all()
        more = len(rows) > page.size
        items = []
        for r in rows[: page.size]:
            kind = internal_kind(r.type)
            if kind is None:  # cannot happen: the prefixes chose the rows
                continue
            items.append(
                TimelineEntry(
                    id=r.id,
                    at=r.occurred_at,
                    type=r.type,
                    kind=kind,
                    subject_type=r.subject_type,
                    subject_id=r.subject_id,
                    location_id=r.location_id,
                    work_id=r.work_id,
                    actor_type=r.actor_type,
                    actor_id=r.actor_id,
                    details=dict(r.payload or {}),
                )
            )
        last = rows[page.size - 1] if more else None
        return TimedPage(items, TimeKey(last.occurred_at, last.id) if last else None)


_UUID = _E.c.id.type
_TIME = _E.c.occurred_at.type


@lru_cache(maxsize=256)
def _portal_shape(
    branches: tuple[tuple[str, bool], ...],
    *,
    plain: bool,
    reports: frozenset[str],
    reports_scope: tuple[bool, bool],
    since: bool,
    until: bool,
    after: bool,
) -> Any:
    """The statement of a portal timeline page, built once per shape, run with bind
    parameters: building the SQL construct costs more than running it. The shape is the kind
    of each branch (customer or location, narrowed or not) and which filters are present."""
    report, file, file_report = _SHOWN_REPORT, _SHOWN_FILE, _FILE_REPORT
    tenant = bindparam("tenant", type_=_UUID)
    shown = [_E.c.type.in_(bindparam("plain", expanding=True))] if plain else []
    if reports:
        parts = []
        if reports_scope[0]:
            parts.append(_E.c.customer_id.in_(bindparam("report_customers", expanding=True)))
        if reports_scope[1]:
            parts.append(_E.c.location_id.in_(bindparam("report_locations", expanding=True)))
        in_reports_scope = or_(*parts)
        if "report.published" in reports:
            shown.append(
                and_(
                    _E.c.type == "report.published",
                    report.c.published_at.is_not(None),
                    in_reports_scope,
                )
            )
        if "attachment.released" in reports:
            shown.append(
                and_(
                    _E.c.type == "attachment.released",
                    file.c.released_at.is_not(None),
                    file_report.c.published_at.is_not(None),
                    in_reports_scope,
                )
            )
    window = []
    if since:
        window.append(_E.c.occurred_at >= bindparam("since", type_=_TIME))
    if until:
        window.append(_E.c.occurred_at < bindparam("until", type_=_TIME))
    if after:
        window.append(
            tuple_(_E.c.occurred_at, _E.c.id)
            < tuple_(bindparam("after_at", type_=_TIME), bindparam("after_id", type_=_UUID))
        )
    limit = bindparam("limit", type_=Integer())
    selects = []
    for n, (kind, within) in enumerate(branches):
        value = bindparam(f"branch_{n}", type_=_UUID)
        clause = _E.c.customer_id == value if kind == "c" else _E.c.location_id == value
        if within:
            clause = and_(clause, _E.c.customer_id.in_(bindparam(f"within_{n}", expanding=True)))
        stmt = (
            select(_E.c.id.label("id"), _E.c.occurred_at.label("occurred_at"))
            .select_from(
                _E.outerjoin(report, _about(report, "visit_report"))
                .outerjoin(file, _about(file, "attachment"))
                .outerjoin(
                    file_report,
                    and_(
                        file_report.c.tenant_id == file.c.tenant_id,
                        file_report.c.id == file.c.report_id,
                    ),
                )
            )
            .where(_E.c.tenant_id == tenant, clause, or_(*shown), *window)
            .order_by(*_newest_first(_E))
            .limit(limit)
        )
        selects.append(select(stmt.subquery()))
    keys = (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page_keys")
    return (
        select(
            _E.c.id,
            _E.c.occurred_at,
            _E.c.type,
            _E.c.subject_id,
            _Q.c.title,
            _Q.c.customer_reason,
            _T.c.title,
            _R.c.portal_title,
            _F.c.file_name,
            _F.c.report_id,
            _A.c.starts_at,
            _L.c.id,
            _L.c.name,
            _L.c.address_line,
            _L.c.postal_code,
            _L.c.city,
            _L.c.country,
        )
        .select_from(keys)
        .join(_E, and_(_E.c.tenant_id == tenant, _E.c.id == keys.c.id))
        .outerjoin(_Q, _about(_Q, "request"))
        .outerjoin(_T, and_(_T.c.tenant_id == _E.c.tenant_id, _T.c.id == _E.c.work_id))
        .outerjoin(_R, _about(_R, "visit_report"))
        .outerjoin(_F, _about(_F, "attachment"))
        .outerjoin(_A, _about(_A, "appointment"))
        .outerjoin(_L, and_(_L.c.tenant_id == _E.c.tenant_id, _L.c.id == _E.c.location_id))
        .order_by(keys.c.occurred_at.desc(), keys.c.id.desc())
        .limit(limit)
    )


class SqlaPortalTimelineReader(TenantScoped[EventModel]):
    """Each granted customer or location is one branch: an index range of its events, newest
    first, keeping only allow-listed types and what is still shared, stopping after a page."""

    model = EventModel

    async def entries(
        self, query: PortalTimelineQuery, page: TimedPageRequest
    ) -> TimedPage[PortalEntryView]:
        branches = query.scope.branches(query.location_id)
        plain, reports = portal_event_types(query.kinds)
        if query.reports_scope.is_empty:
            reports = frozenset()
        if not branches or not (plain or reports):
            return TimedPage([], None)
        scope = query.reports_scope
        stmt = _portal_shape(
            tuple(("c" if b.customer_id else "l", bool(b.within)) for b in branches),
            plain=bool(plain),
            reports=reports,
            reports_scope=(bool(scope.whole_customers), bool(scope.locations)),
            since=query.range.since is not None,
            until=query.range.until is not None,
            after=page.after is not None,
        )
        values: dict[str, Any] = {"tenant": self._tenant_id, "limit": page.size + 1}
        if plain:
            values["plain"] = sorted(plain)
        if reports:
            values["report_customers"] = sorted(scope.whole_customers)
            values["report_locations"] = sorted(scope.locations)
        for n, branch in enumerate(branches):
            values[f"branch_{n}"] = branch.customer_id or branch.location_id
            if branch.within:
                values[f"within_{n}"] = sorted(branch.within)
        values["since"], values["until"] = query.range.since, query.range.until
        if page.after is not None:
            values["after_at"], values["after_id"] = page.after.at, page.after.id
        rows = (await self._session.execute(stmt, values)).all()
        more = len(rows) > page.size
        items = [_portal_entry(r) for r in rows[: page.size]]
        last = rows[page.size - 1] if more else None
        return TimedPage(items, TimeKey(last[1], last[0]) if last else None)


_LINKS = {
    "request": "request",
    "appointment": "appointment",
    "visit_report": "report",
    "attachment": "file",
    "follow_up": "follow_up",
}


# Event types named otherwise than the record they are about.
_SUBJECT_OF = {"report": "visit_report", "recurring_visit": "appointment"}


def _portal_entry(r: Any) -> PortalEntryView:
    kind = PORTAL_EVENT_KINDS[r[2]]
    event_type: str = r[2]
    prefix = event_type.split(".", 1)[0]
    subject = _SUBJECT_OF.get(prefix, prefix)
    link_type = _LINKS[subject]
    title = {
        "request": r[4],
        "appointment": r[6],
        "visit_report": r[7],
        "attachment": r[8],
        "follow_up": r[6],
    }[subject]
    return PortalEntryView(
        id=r[0],
        at=r[1],
        kind=kind,
        link_type=link_type,
        link_id=r[3],
        title=title,
        reason=r[5] if event_type == "request.rejected" else None,
        visit_starts_at=r[10] if subject == "appointment" else None,
        report_id=r[9] if subject == "attachment" else None,
        place=PlaceView(*r[11:17]) if r[11] is not None else None,
    )
