"""The portal's hot path (adapters/persistence/portal_pages.py): a page in one statement on a
connection of its own, the same page the unit of work's reader gives, and on PostgreSQL still
under the row-level security backstop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import bindparam, select

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.driver_statements import statements_for
from ordinavo.adapters.persistence.portal_pages import (
    SqlaPortalPages,
    SqlaPortalReads,
    SqlaPortalReadsFactory,
)
from ordinavo.adapters.persistence.tenant_binding import read_as_tenant
from ordinavo.adapters.persistence.work_models import AppointmentModel
from ordinavo.adapters.persistence.work_repositories import appointment_page, page_shape
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.ports.work import PortalAppointmentQuery
from ordinavo.application.use_cases.portal.planned_work import portal_appointment
from ordinavo.domain.paging import PageRequest, TimedPageRequest
from ordinavo.domain.status_labels import LabelOverride, PortalLanguage, StatusLabels
from ordinavo.domain.visibility import PortalScope
from tests.integration.conftest import NOW
from tests.integration.test_planned_work_persistence import UoWs, _site, _work
from tests.integration.test_request_persistence import _author, _customer_site, _request
from tests.support.wire import statements_sent as sent

LABELS = StatusLabels.for_language(
    PortalLanguage.GERMAN, [LabelOverride("planned", PortalLanguage.GERMAN, "Eingeplant")]
)
TENANT = bindparam("tenant", type_=AppointmentModel.id.type)


def _query(scope: PortalScope, **kw: object) -> PortalAppointmentQuery:
    return PortalAppointmentQuery(scope=scope, ends_after=NOW - timedelta(days=1), **kw)  # type: ignore[arg-type]


async def test_the_hot_path_reads_the_pages_the_unit_of_work_reads(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    customer, [north, south] = await _site(a, "Bakery", places=2)
    await _work(a, customer, north, 3)
    await _work(a, customer, south, 2, title="Paint")
    theirs, [place] = await _site(b, "Mill")
    await _work(b, theirs, place, 2)
    await a.commit()
    await b.commit()
    pages = SqlaPortalPages(db.get_engine())
    for scope in (
        PortalScope(frozenset({customer.id}), frozenset()),
        PortalScope(frozenset(), frozenset({south.id})),
        PortalScope(frozenset({theirs.id}), frozenset({north.id})),  # B's customer: not A's
    ):
        for query in (_query(scope), _query(scope, with_technician=True)):
            after = None
            while True:
                request = TimedPageRequest(2, after)
                with sent() as seen:
                    hot = await pages.upcoming(a.tenant_id, query, request, LABELS)
                assert len(seen) == 1, seen
                known = await a.portal_work.upcoming_appointments(query, request)
                assert hot.items == [portal_appointment(v, LABELS) for v in known.items]
                assert hot.next_after == known.next_after
                if hot.next_after is None:
                    break
                after = hot.next_after
    mixed = await pages.upcoming(
        a.tenant_id,
        _query(PortalScope(frozenset({theirs.id}), frozenset({north.id}))),
        TimedPageRequest(50),
        LABELS,
    )
    assert {x.customer_name for x in mixed.items} == {"Bakery"}
    assert mixed.items[0].status.label == "Eingeplant"
    assert await pages.upcoming(
        a.tenant_id, _query(PortalScope(frozenset(), frozenset())), TimedPageRequest(), LABELS
    ) == type(mixed)([], None)


async def test_row_level_security_limits_the_hot_path_page_to_its_bound_tenant(
    database_url: str, two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    """The page statement with every tenant filter left out, asked for tenant B's customer but
    bound to tenant A: only the backstop stands between it and B's appointments, and it must
    return none (the suite connects as the ordinary role, tests/support/database.py)."""
    if is_sqlite(database_url):
        pytest.skip("row-level security is a PostgreSQL feature")
    a, b = two_tenants
    ours, [north] = await _site(a, "Bakery")
    await _work(a, ours, north, 2)
    theirs, [place] = await _site(b, "Mill")
    await _work(b, theirs, place, 3)
    await a.commit()
    await b.commit()

    def unfiltered(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stmt = page_shape(*args, filter_tenant=False, **kwargs)  # type: ignore[arg-type]
        return read_as_tenant(stmt, TENANT)

    async def read(bound_to, scope: PortalScope) -> list:  # type: ignore[no-untyped-def,type-arg]
        shaped = appointment_page(bound_to, _query(scope), TimedPageRequest(50), unfiltered)
        assert shaped is not None
        # As the hot path runs it: on the driver's own connection (driver_statements.py).
        return list(await statements_for(db.get_engine()).rows(*shaped))

    both = PortalScope(frozenset({ours.id, theirs.id}), frozenset())
    # The control: bound to B, the same filter-less statement reads B's appointments...
    assert {row["name"] for row in await read(b.tenant_id, both)} == {"Mill"}
    assert len(await read(b.tenant_id, both)) == 3
    # ...and bound to A, only A's: B's customer in the scope gives nothing.
    assert {row["name"] for row in await read(a.tenant_id, both)} == {"Bakery"}
    assert await read(a.tenant_id, PortalScope(frozenset({theirs.id}), frozenset())) == []


async def test_row_level_security_limits_every_hot_path_read_to_its_tenant(
    database_url: str, two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    """What the portal's list readers run on the hot path goes through one stand-in session
    (`SqlaPortalReads`): a read there that has no tenant filter at all, nor any other filter,
    still sees only its tenant's rows."""
    if is_sqlite(database_url):
        pytest.skip("row-level security is a PostgreSQL feature")
    a, b = two_tenants
    ours, [north] = await _site(a, "Bakery")
    _, mine = await _work(a, ours, north, 2)
    theirs, [place] = await _site(b, "Mill")
    _, others = await _work(b, theirs, place, 3)
    await a.commit()
    await b.commit()
    forgetful = select(AppointmentModel.id).order_by(AppointmentModel.id)

    def session_of(reads: SqlaPortalReads):  # type: ignore[no-untyped-def]
        return reads.portal_work._session  # the stand-in every reader of `reads` runs on

    factory = SqlaPortalReadsFactory(db.get_engine())
    for uow, expected in ((a, mine), (b, others)):
        rows = (await session_of(factory.for_tenant(uow.tenant_id)).execute(forgetful)).all()
        assert [row.id for row in rows] == sorted(v.id for v in expected)


async def test_the_hot_path_pages_requests_as_the_unit_of_work_lists_them(
    two_tenants: UoWs, db: SQLAlchemyAsyncConfig
) -> None:
    a, b = two_tenants
    bakery, shop = await _customer_site(a, "Bakery")
    author = await _author(a, bakery, "jana@bakery.example")
    for title in ("One", "Two", "Three"):
        await a.requests.add(_request(a, bakery, shop, author, title))
    await a.requests.add(_request(a, bakery, None, author, "Customer-wide"))
    mill, dock = await _customer_site(b, "Mill")
    await b.requests.add(_request(b, mill, dock, await _author(b, mill, "p@mill.example"), "B"))
    await a.commit()
    await b.commit()
    reads = SqlaPortalReadsFactory(db.get_engine()).for_tenant(a.tenant_id)
    for scope in (
        PortalScope(frozenset({bakery.id}), frozenset()),
        PortalScope(frozenset(), frozenset({shop.id})),
        PortalScope(frozenset({mill.id}), frozenset()),  # B's customer: nothing of A's
    ):
        where = RequestFilter(scope=scope)
        after = None
        while True:
            with sent() as seen:
                hot = await reads.portal_requests.followed(PageRequest(2, after), where)
            assert len(seen) == 1, seen
            known = await a.requests.list(PageRequest(2, after), where)
            assert [r for r, _ in hot.items] == known.items
            assert [p for _, p in hot.items] == [None] * len(known.items)  # none converted yet
            assert hot.next_after == known.next_after
            if hot.next_after is None:
                break
            after = hot.next_after
