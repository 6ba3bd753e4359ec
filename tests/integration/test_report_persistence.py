"""Visit reports, files, follow-ups and billing triggers through the SQL adapters: round trips,
tenant isolation, the portal reader's scope, statement count and query plans."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.reports import FollowUpFilter, ReportFilter
from ordinavo.domain import publication
from ordinavo.domain.attachments import Attachment, storage_key
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp
from ordinavo.domain.identity import InternalUser, Role
from ordinavo.domain.locations import Location
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.reports import PortalTexts, ReportContent, ReportStatus, VisitReport
from ordinavo.domain.visibility import PortalScope
from tests.integration.conftest import NOW, ids
from tests.integration.test_planned_work_persistence import (
    _dialect,
    _full_scans,
    _site,
    _work,
)
from tests.integration.test_portal_persistence import _portal_user
from tests.support.database import owner_connection
from tests.support.wire import statements_sent as statements

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]
TEXTS = PortalTexts("Your oven is ready", "We cleaned it.", "Thanks!")


async def _author(uow: SqlaUnitOfWork) -> UUID:
    user = InternalUser.enrol(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        email=f"tom{ids.new_id().hex[-6:]}@acme.example",
        display_name="Tom",
        role=Role.EMPLOYEE,
        password_hash="x",
        now=NOW,
    )
    await uow.users.add(user)
    return user.id


async def _report(
    uow: SqlaUnitOfWork,
    location: Location,
    customer: Any,
    author: UUID,
    *,
    published: bool = False,
    follow_up: bool = False,
) -> VisitReport:
    target, visits = await _work(uow, customer, location, visits=1, title=f"Work {location.id}")
    report = VisitReport.write(
        id=ids.new_id(),
        target=target,
        appointment=visits[0],
        author_id=author,
        content=ReportContent(
            title="Serviced",
            summary="internal summary",
            problems="internal problems",
            follow_up_required=follow_up,
            follow_up_description="Seal" if follow_up else None,
            billable=True,
            internal_notes="internal notes",
        ),
        now=NOW,
    )
    report.submit(NOW)
    report.approve(author, NOW)
    if published:
        publication.publish(report, TEXTS, author, NOW)
    await uow.reports.add(report)
    return report


def _file(report: VisitReport, name: str, *, released: bool) -> Attachment:
    file_id = ids.new_id()
    return Attachment(
        id=file_id,
        tenant_id=report.tenant_id,
        customer_id=report.customer_id,
        location_id=report.location_id,
        report_id=report.id,
        request_id=None,
        file_name=name,
        media_type="application/pdf",
        size=1234,
        checksum_sha256="a" * 64,
        storage_key=storage_key(report.tenant_id, report.customer_id, file_id),
        uploaded_by_type="user",
        uploaded_by_id=report.author_id,
        uploaded_at=NOW,
        released_at=NOW if released else None,
        released_by=report.author_id if released else None,
    )


async def test_a_report_round_trips_with_review_and_publication_in_its_tenant(
    two_tenants: UoWs,
) -> None:
    a, b = two_tenants
    customer, [place] = await _site(a, "Bakery")
    report = await _report(a, place, customer, await _author(a), published=True)
    await a.commit()
    loaded = await a.reports.get(report.id)
    assert loaded == report
    assert await b.reports.get(report.id) is None
    assert (await b.reports.list(PageRequest(), ReportFilter())).items == []
    listed = await a.reports.list(PageRequest(), ReportFilter(status=ReportStatus.APPROVED))
    assert [r.id for r in listed.items] == [report.id]
    assert loaded is not None
    publication.unpublish(loaded, NOW)
    await a.reports.save(loaded)
    await a.commit()
    again = await a.reports.get(report.id)
    assert again is not None and again.publication is None


async def test_an_employee_lists_the_reports_of_their_work_only(two_tenants: UoWs) -> None:
    a, _ = two_tenants
    customer, [place] = await _site(a, "Bakery")
    author = await _author(a)
    mine = await _report(a, place, customer, author)
    await _report(a, place, customer, await _author(a))
    await a.commit()
    listed = await a.reports.list(PageRequest(), ReportFilter(only_for_employee=author))
    assert [r.id for r in listed.items] == [mine.id]


async def test_files_follow_ups_and_triggers_belong_to_their_report(two_tenants: UoWs) -> None:
    a, b = two_tenants
    customer, [place] = await _site(a, "Bakery")
    author = await _author(a)
    report = await _report(a, place, customer, author, follow_up=True)
    file = _file(report, "sheet.pdf", released=False)
    await a.attachments.add(file)
    await a.follow_ups.add(FollowUp.from_report(id=ids.new_id(), report=report, now=NOW))
    await a.billing_triggers.add(
        BillingTrigger.for_report(id=ids.new_id(), report=report, billing_details="PO", now=NOW)
    )
    await a.attachments.record_download(
        id=ids.new_id(),
        attachment_id=file.id,
        portal_user_id=(await _portal_user(a, customer, "jana@bakery.example")).id,
        at=NOW,
    )
    await a.commit()
    assert await a.attachments.get(file.id) == file
    assert await b.attachments.get(file.id) is None
    assert [x.id for x in (await a.attachments.of_report(report.id, PageRequest())).items] == [
        file.id
    ]
    assert await a.attachments.keys_of_report(report.id) == [file.storage_key]
    need = await a.follow_ups.for_report(report.id)
    assert need is not None and need.description == "Seal"
    assert [f.id for f in (await a.follow_ups.list(PageRequest(), FollowUpFilter())).items] == [
        need.id
    ]
    assert (await b.follow_ups.list(PageRequest(), FollowUpFilter())).items == []
    trigger = await a.billing_triggers.for_report(report.id)
    assert trigger is not None and trigger.billing_details == "PO"
    # Deleting the report takes everything of it along (the database's cascades).
    await a.reports.remove(report.id)
    await a.commit()
    assert await a.attachments.get(file.id) is None
    assert await a.follow_ups.for_report(report.id) is None
    assert await a.billing_triggers.for_report(report.id) is None


async def test_a_report_has_at_most_one_billing_trigger(two_tenants: UoWs) -> None:
    a, _ = two_tenants
    customer, [place] = await _site(a, "Bakery")
    report = await _report(a, place, customer, await _author(a))
    await a.commit()
    await a.billing_triggers.add(
        BillingTrigger.for_report(id=ids.new_id(), report=report, billing_details=None, now=NOW)
    )
    with pytest.raises(Conflict):  # two approvals racing: the second one is refused
        await a.billing_triggers.add(
            BillingTrigger.for_report(id=ids.new_id(), report=report, billing_details=None, now=NOW)
        )


@pytest.fixture
async def published(two_tenants: UoWs) -> dict[str, Any]:
    """A customer with two locations: a published report with one released and one unreleased
    file at each, an unpublished report at the first; and the same at another customer."""
    a, b = two_tenants
    bakery, places = await _site(a, "Bakery", places=2)
    harbour, [dock] = await _site(a, "Harbour")
    author = await _author(a)
    made: dict[str, Any] = {
        "uow": a,
        "other": b,
        "bakery": bakery,
        "places": places,
        "harbour_customer": harbour,
    }
    made["north"] = await _report(a, places[0], bakery, author, published=True, follow_up=True)
    made["south"] = await _report(a, places[1], bakery, author, published=True)
    made["draft"] = await _report(a, places[0], bakery, author)
    made["harbour"] = await _report(a, dock, harbour, author, published=True)
    for key in ("north", "south", "draft", "harbour"):
        report = made[key]
        made[f"{key}_released"] = _file(report, f"{key}.pdf", released=True)
        made[f"{key}_kept"] = _file(report, f"{key}-internal.pdf", released=False)
        await a.attachments.add(made[f"{key}_released"])
        await a.attachments.add(made[f"{key}_kept"])
    await a.follow_ups.add(FollowUp.from_report(id=ids.new_id(), report=made["north"], now=NOW))
    await a.commit()
    return made


async def test_the_portal_lists_published_reports_in_scope_with_released_files_only(
    published: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    whole = PortalScope(frozenset({published["bakery"].id}), frozenset())
    page = await uow.portal_reports.published_reports(whole, None, PageRequest())
    assert [r.id for r in page.items] == [published["north"].id, published["south"].id]
    north = page.items[0]
    assert (north.title, north.summary, north.message) == (
        TEXTS.title,
        TEXTS.summary,
        TEXTS.message,
    )
    assert [f.file_name for f in north.attachments] == ["north.pdf"]
    assert north.place is not None and north.place.id == published["places"][0].id
    one_place = PortalScope(frozenset(), frozenset({published["places"][1].id}))
    page = await uow.portal_reports.published_reports(one_place, None, PageRequest())
    assert [r.id for r in page.items] == [published["south"].id]
    # A location filter outside the scope lists nothing; another tenant sees nothing.
    filtered = await uow.portal_reports.published_reports(
        one_place, published["places"][0].id, PageRequest()
    )
    assert filtered.items == []
    other = await published["other"].portal_reports.published_reports(whole, None, PageRequest())
    assert other.items == []


async def test_the_portal_pages_reports_by_keyset(published: dict[str, Any]) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    whole = PortalScope(frozenset({published["bakery"].id}), frozenset())
    first = await uow.portal_reports.published_reports(whole, None, PageRequest(1))
    second = await uow.portal_reports.published_reports(
        whole, None, PageRequest(1, first.next_after)
    )
    assert [r.id for r in first.items + second.items] == [
        published["north"].id,
        published["south"].id,
    ]
    assert second.next_after is None


async def test_a_file_is_downloadable_only_released_published_and_in_scope(
    published: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    north_only = PortalScope(frozenset(), frozenset({published["places"][0].id}))
    found = await uow.portal_reports.released_file(north_only, published["north_released"].id)
    assert found is not None
    assert (found.file_name, found.storage_key) == (
        "north.pdf",
        published["north_released"].storage_key,
    )
    for refused in ("north_kept", "draft_released", "south_released", "harbour_released"):
        assert await uow.portal_reports.released_file(north_only, published[refused].id) is None
    assert (
        await published["other"].portal_reports.released_file(
            north_only, published["north_released"].id
        )
        is None
    )


async def test_the_portal_shows_follow_ups_with_their_planned_visit(
    published: dict[str, Any],
) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    need = await uow.follow_ups.for_report(published["north"].id)
    assert need is not None
    whole = PortalScope(frozenset({published["bakery"].id}), frozenset())
    [seen] = (await uow.portal_reports.follow_ups(whole, None, PageRequest())).items
    assert (seen.id, seen.next_visit_starts_at) == (need.id, None)
    target, visits = await _work(uow, published["bakery"], published["places"][0], visits=1)
    need.plan(target.id, "We replace the seal.", NOW)
    await uow.follow_ups.save(need)
    await uow.commit()
    [seen] = (await uow.portal_reports.follow_ups(whole, None, PageRequest())).items
    assert seen.note == "We replace the seal."
    assert seen.next_visit_starts_at == visits[0].window.starts_at
    south = PortalScope(frozenset(), frozenset({published["places"][1].id}))
    assert (await uow.portal_reports.follow_ups(south, None, PageRequest())).items == []


@pytest.mark.parametrize("size", [20, 100])
async def test_a_portal_report_page_is_one_statement_whatever_its_size(
    published: dict[str, Any], size: int
) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    scope = PortalScope(
        frozenset({published["harbour_customer"].id}), frozenset({published["places"][0].id})
    )
    with statements() as seen:
        page = await uow.portal_reports.published_reports(scope, None, PageRequest(size))
    assert len(page.items) == 2
    # The reports with the released files of each. (PostgreSQL also hears the transaction's
    # tenant once, for row-level security: per transaction, not per page.)
    assert len([s for s, _ in seen if "set_config" not in s]) == 1


async def _plan_of(session: AsyncSession, statement: str, parameters: Any) -> str:
    connection = await session.connection()
    if _dialect(session) == "sqlite":
        rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(str(r[-1]) for r in rows)
    # Only the owner may gather statistics, and it sees only what is committed. The plan is
    # the owner's too, without the row-level security policies: these tests are about the
    # indexes. (Under the policies, as the application role, some plans do fall back to a
    # tenant-wide index: an open question of its own.)
    await session.commit()
    async with owner_connection(
        session.get_bind().url.render_as_string(hide_password=False)
    ) as owner:
        for table in (
            "visit_reports",
            "attachments",
            "follow_ups",
            "appointments",
            "targets",
            "locations",
            "events",
            "portal_requests",
        ):
            await owner.exec_driver_sql(f"ANALYZE {table}")
        await owner.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = await owner.exec_driver_sql("EXPLAIN " + statement, parameters)
        return "\n".join(str(r[0]) for r in rows)


async def test_portal_report_pages_read_indexes_not_the_tenants_rows(
    published: dict[str, Any], session: AsyncSession
) -> None:
    uow: SqlaUnitOfWork = published["uow"]
    # Enough other files that reading the tenant's files and filtering would show in the plan.
    for n in range(300):
        await uow.attachments.add(_file(published["draft"], f"bulk-{n}.pdf", released=n % 2 == 0))
    # ... and enough other reports that walking the tenant's reports would show too.
    # Published, at a location outside the scope.
    target = await uow.targets.get(published["south"].target_id)
    assert target is not None
    for _ in range(300):
        bulk = VisitReport.write(
            id=ids.new_id(),
            target=target,
            appointment=None,
            author_id=published["draft"].author_id,
            content=ReportContent(title="Bulk"),
            now=NOW,
        )
        bulk.submit(NOW)
        bulk.approve(bulk.author_id, NOW)
        publication.publish(bulk, TEXTS, bulk.author_id, NOW)
        await uow.reports.add(bulk)
    await uow.commit()
    scope = PortalScope(
        frozenset({published["harbour_customer"].id}), frozenset({published["places"][0].id})
    )
    with statements() as seen:
        await uow.portal_reports.published_reports(scope, None, PageRequest(5))
        await uow.portal_reports.follow_ups(scope, None, PageRequest(5))
        await uow.portal_reports.released_file(scope, published["north_released"].id)
    dialect = _dialect(session)
    tables = ("visit_reports", "attachments", "follow_ups", "targets", "locations")
    plans = [await _plan_of(session, s, p) for s, p in seen if "set_config" not in s]
    for plan in plans:
        assert _full_scans(plan, dialect, tables) == [], plan
    # The report page reads the released files of each report in the same statement.
    assert "ix_visit_reports_published_customer" in plans[0], plans[0]
    assert "ix_attachments_report" in plans[0], plans[0]
    assert "ix_follow_ups_customer" in plans[1], plans[1]


async def test_an_old_appointment_window_does_not_matter_to_reports(two_tenants: UoWs) -> None:
    """The visit date shown is the appointment's start, kept on the report."""
    a, _ = two_tenants
    customer, [place] = await _site(a, "Bakery")
    report = await _report(a, place, customer, await _author(a), published=True)
    await a.commit()
    scope = PortalScope(frozenset({customer.id}), frozenset())
    [view] = (await a.portal_reports.published_reports(scope, None, PageRequest())).items
    assert view.visited_at == NOW + timedelta(hours=1)
    assert view.visited_at == report.visited_at
