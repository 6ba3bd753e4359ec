"""The timelines' SQL readers: order, keyset pages, filters, what the portal may show, one
statement per page, and query plans that read index ranges, not the tenant's events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.application.ports.timeline import CustomerTimelineQuery, PortalTimelineQuery
from ordinavo.domain import publication
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.paging import TimedPageRequest
from ordinavo.domain.reports import ReportContent, VisitReport
from ordinavo.domain.timeline import InternalEntryKind, PortalEntryKind, TimeRange
from ordinavo.domain.visibility import PortalScope
from tests.integration.conftest import NOW, ids
from tests.integration.test_planned_work_persistence import _dialect, _full_scans, _site
from tests.integration.test_report_persistence import TEXTS, _author, _file, _plan_of, _report
from tests.support.wire import statements_sent as statements

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]
ALL_PORTAL = frozenset(PortalEntryKind)
ALL_INTERNAL = frozenset(InternalEntryKind)


def _event(
    uow: SqlaUnitOfWork,
    event_type: str,
    minutes: int,
    *,
    customer: UUID,
    location: UUID | None,
    subject_type: str = "target",
    subject_id: UUID | None = None,
    work_id: UUID | None = None,
) -> DomainEvent:
    event = DomainEvent(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        type=event_type,
        occurred_at=NOW + timedelta(minutes=minutes),
        subject_type=subject_type,
        subject_id=subject_id or ids.new_id(),
        customer_id=customer,
        location_id=location,
        actor_type="user",
        work_id=work_id,
        payload={"status": "x"},
    )
    uow.events.append(event)
    return event


@pytest.fixture
async def history(two_tenants: UoWs) -> dict[str, Any]:
    """A bakery with two shops, a harbour, and a mix of portal-safe and internal events."""
    a, b = two_tenants
    bakery, shops = await _site(a, "Bakery", places=2)
    harbour, [dock] = await _site(a, "Harbour")
    made: dict[str, Any] = {"uow": a, "other": b, "bakery": bakery, "shops": shops}
    made["harbour"] = harbour
    author = await _author(a)
    made["published"] = await _report(a, shops[0], bakery, author, published=True)
    made["unpublished"] = await _report(a, shops[0], bakery, author)
    publication.publish(made["unpublished"], TEXTS, author, NOW)
    publication.unpublish(made["unpublished"], NOW)
    await a.reports.save(made["unpublished"])
    made["released"] = _file(made["published"], "sheet.pdf", released=True)
    made["withdrawn"] = _file(made["published"], "photo.pdf", released=False)
    for file in (made["released"], made["withdrawn"]):
        await a.attachments.add(file)
    c, north, south = bakery.id, shops[0].id, shops[1].id
    work = made["published"].target_id
    made["events"] = [
        _event(a, "appointment.planned", 1, customer=c, location=north, work_id=work),
        _event(a, "billing.triggered", 2, customer=c, location=None, work_id=work),
        _event(a, "appointment.planned", 3, customer=c, location=south),
        _event(
            a,
            "report.published",
            4,
            customer=c,
            location=north,
            subject_type="visit_report",
            subject_id=made["published"].id,
            work_id=work,
        ),
        _event(
            a,
            "report.published",
            5,
            customer=c,
            location=north,
            subject_type="visit_report",
            subject_id=made["unpublished"].id,
        ),
        _event(
            a,
            "attachment.released",
            6,
            customer=c,
            location=north,
            subject_type="attachment",
            subject_id=made["released"].id,
        ),
        _event(
            a,
            "attachment.released",
            7,
            customer=c,
            location=north,
            subject_type="attachment",
            subject_id=made["withdrawn"].id,
        ),
        _event(a, "target.changed", 8, customer=c, location=north, work_id=work),
        _event(a, "appointment.planned", 9, customer=harbour.id, location=dock.id),
    ]
    await a.commit()
    return made


def _portal(scope: PortalScope, reports: PortalScope | None = None, **more: Any) -> Any:
    return PortalTimelineQuery(
        scope=scope,
        reports_scope=reports if reports is not None else scope,
        kinds=ALL_PORTAL,
        **more,
    )


async def test_the_portal_timeline_shows_only_allow_listed_and_still_shared_entries(
    history: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    whole = PortalScope(frozenset({history["bakery"].id}), frozenset())
    page = await uow.portal_timeline.entries(_portal(whole), TimedPageRequest(50))
    events = history["events"]
    # Newest first: the released file, the published report, two visits; not the billing
    # trigger, the internal change, the unpublished report, the withdrawn file or the harbour.
    assert [e.id for e in page.items] == [events[5].id, events[3].id, events[2].id, events[0].id]
    file, report = page.items[0], page.items[1]
    assert (file.kind, file.title, file.report_id) == (
        PortalEntryKind.FILE_RELEASED,
        "sheet.pdf",
        history["published"].id,
    )
    assert (report.kind, report.title) == (PortalEntryKind.REPORT_PUBLISHED, TEXTS.title)


async def test_report_entries_need_the_reports_capability(history: dict[str, Any]) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    whole = PortalScope(frozenset({history["bakery"].id}), frozenset())
    nothing = PortalScope(frozenset(), frozenset())
    page = await uow.portal_timeline.entries(_portal(whole, nothing), TimedPageRequest(50))
    assert {e.kind for e in page.items} == {PortalEntryKind.VISIT_PLANNED}


async def test_a_location_scope_sees_its_location_only_and_other_tenants_nothing(
    history: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    south = PortalScope(frozenset(), frozenset({history["shops"][1].id}))
    page = await uow.portal_timeline.entries(_portal(south), TimedPageRequest(50))
    assert [e.id for e in page.items] == [history["events"][2].id]
    outside = await uow.portal_timeline.entries(
        _portal(south, location_id=history["shops"][0].id), TimedPageRequest(50)
    )
    assert outside.items == []
    whole = PortalScope(frozenset({history["bakery"].id}), frozenset())
    other = await history["other"].portal_timeline.entries(_portal(whole), TimedPageRequest(50))
    assert other.items == []


async def test_portal_pages_follow_the_keyset_and_filters(history: dict[str, Any]) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    whole = PortalScope(frozenset({history["bakery"].id}), frozenset())
    seen, after = [], None
    while True:
        page = await uow.portal_timeline.entries(_portal(whole), TimedPageRequest(1, after))
        seen += [e.id for e in page.items]
        after = page.next_after
        if after is None:
            break
    events = history["events"]
    assert seen == [events[5].id, events[3].id, events[2].id, events[0].id]
    visits = await uow.portal_timeline.entries(
        PortalTimelineQuery(
            scope=whole, reports_scope=whole, kinds=frozenset({PortalEntryKind.VISIT_PLANNED})
        ),
        TimedPageRequest(50),
    )
    assert [e.id for e in visits.items] == [events[2].id, events[0].id]
    window = TimeRange(NOW + timedelta(minutes=2), NOW + timedelta(minutes=5))
    ranged = await uow.portal_timeline.entries(_portal(whole, range=window), TimedPageRequest(50))
    assert [e.id for e in ranged.items] == [events[3].id, events[2].id]


async def test_the_internal_timeline_follows_role_kinds_and_assigned_work(
    history: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    events = history["events"]
    everything = await uow.customer_timeline.entries(
        CustomerTimelineQuery(customer_id=history["bakery"].id, kinds=ALL_INTERNAL),
        TimedPageRequest(50),
    )
    assert [e.id for e in everything.items] == [e.id for e in reversed(events[:8])]
    no_billing = await uow.customer_timeline.entries(
        CustomerTimelineQuery(
            customer_id=history["bakery"].id, kinds=ALL_INTERNAL - {InternalEntryKind.BILLING}
        ),
        TimedPageRequest(50),
    )
    assert events[1].id not in [e.id for e in no_billing.items]
    # An employee with no assigned work reads nothing; the reader filters by work.
    stranger = await _author(uow)
    await uow.commit()
    theirs = await uow.customer_timeline.entries(
        CustomerTimelineQuery(
            customer_id=history["bakery"].id, kinds=ALL_INTERNAL, only_work_of=stranger
        ),
        TimedPageRequest(50),
    )
    assert theirs.items == []


@pytest.mark.parametrize("size", [20, 100])
async def test_a_timeline_page_is_one_statement_whatever_its_size(
    history: dict[str, Any], size: int
) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    scope = PortalScope(frozenset({history["harbour"].id}), frozenset({history["shops"][0].id}))
    with statements() as seen:
        await uow.portal_timeline.entries(_portal(scope), TimedPageRequest(size))
        await uow.customer_timeline.entries(
            CustomerTimelineQuery(customer_id=history["bakery"].id, kinds=ALL_INTERNAL),
            TimedPageRequest(size),
        )
    assert len([s for s, _ in seen if "set_config" not in s]) == 2


async def test_timeline_pages_read_index_ranges_not_the_tenants_events(
    history: dict[str, Any], session: AsyncSession
) -> None:
    uow: SqlaUnitOfWork = history["uow"]
    # Other customers' history, so that walking the tenant's events would show in the plan.
    for n in range(400):
        _event(uow, "appointment.planned", 10 + n, customer=history["harbour"].id, location=None)
    # ... and enough files and reports that reading all of the tenant's would show too.
    target = await uow.targets.get(history["published"].target_id)
    assert target is not None
    for n in range(300):
        await uow.attachments.add(_file(history["published"], f"bulk-{n}.pdf", released=False))
        await uow.reports.add(
            VisitReport.write(
                id=ids.new_id(),
                target=target,
                appointment=None,
                author_id=history["published"].author_id,
                content=ReportContent(title="Bulk"),
                now=NOW,
            )
        )
    await uow.commit()
    scope = PortalScope(frozenset({history["harbour"].id}), frozenset({history["shops"][0].id}))
    first = await uow.portal_timeline.entries(_portal(scope), TimedPageRequest(5))
    with statements() as seen:
        await uow.portal_timeline.entries(_portal(scope), TimedPageRequest(5, first.next_after))
        await uow.customer_timeline.entries(
            CustomerTimelineQuery(customer_id=history["bakery"].id, kinds=ALL_INTERNAL),
            TimedPageRequest(5),
        )
    dialect = _dialect(session)
    plans = [await _plan_of(session, s, p) for s, p in seen if "set_config" not in s]
    for plan in plans:
        assert _full_scans(plan, dialect, ("events",)) == [], plan
    assert "ix_events_customer_time" in plans[0] and "ix_events_location_time" in plans[0]
    assert "ix_events_customer_time" in plans[1], plans[1]
