"""Portal requests through the SQL adapters: round trips, the portal's scoped list, comments,
and idempotent submission when two identical submissions race on the real database."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import func, select

from ordinavo.adapters.persistence.request_models import RequestModel
from ordinavo.adapters.persistence.tenant_binding import bind_tenant
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.adapters.system_clock import Uuid7Generator
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.submit_request import RequestInput, SubmitRequest
from ordinavo.domain.contacts import Contact, ContactDetails, Language
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Capabilities, Grant, PortalUser
from ordinavo.domain.requests import (
    CommentAuthor,
    PortalRequest,
    RequestComment,
    RequestDraft,
    RequestType,
    preferred_windows,
)
from ordinavo.domain.visibility import PortalScope, PortalSubject
from tests.integration.conftest import NOW, ids, open_tenant

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]


class FixedClock:
    def now(self):  # type: ignore[no-untyped-def]
        return NOW


async def _customer_site(uow: SqlaUnitOfWork, name: str) -> tuple[Customer, Location]:
    customer = Customer.register(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        details=CustomerDetails(name=name, customer_number=f"R-{ids.new_id().hex[-10:]}"),
        now=NOW,
    )
    await uow.customers.add(customer)
    location = Location.establish(
        id=ids.new_id(),
        customer=customer,
        details=LocationDetails(name="Shop", address_line="Main 1", city="Berlin", country="DE"),
        now=NOW,
    )
    await uow.locations.add(location)
    return customer, location


async def _author(uow: SqlaUnitOfWork, customer: Customer, email: str) -> PortalUser:
    contact = Contact.add(
        id=ids.new_id(),
        customer=customer,
        location=None,
        details=ContactDetails(name="Jana Berg", email=email),
        now=NOW,
    )
    await uow.contacts.add(contact)
    user = PortalUser(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        contact_id=contact.id,
        email=email,
        display_name="Jana Berg",
        language=Language.GERMAN,
        created_at=NOW,
        password_hash="x",
        activated_at=NOW,
    )
    await uow.portal_users.add(user)
    return user


def _request(
    uow: SqlaUnitOfWork,
    customer: Customer,
    location: Location | None,
    author: PortalUser,
    title: str,
) -> PortalRequest:
    start = NOW + timedelta(days=2)
    return PortalRequest.submit(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        draft=RequestDraft(
            type=RequestType.SERVICE if location else RequestType.SUPPORT,
            title=title,
            description="Please come.",
            location_id=location.id if location else None,
            customer_id=customer.id,
            windows=preferred_windows([(start, start + timedelta(hours=3))], NOW),
        ),
        customer_id=customer.id,
        author_id=author.id,
        contact_id=author.contact_id,
        now=NOW,
    )


async def test_requests_round_trip_and_stay_in_their_tenant(two_tenants: UoWs) -> None:
    a, b = two_tenants
    customer, shop = await _customer_site(a, "Bakery")
    author = await _author(a, customer, "jana@bakery.example")
    request = _request(a, customer, shop, author, "Oven is cold")
    await a.requests.add(request)
    await a.commit()
    again = await a.requests.get(request.id)
    assert again == request
    assert await b.requests.get(request.id) is None
    assert (await b.requests.list(PageRequest(), RequestFilter())).items == []


async def test_the_portal_list_holds_exactly_the_scope(two_tenants: UoWs) -> None:
    a, _ = two_tenants
    bakery, shop = await _customer_site(a, "Bakery")
    harbour, dock = await _customer_site(a, "Harbour")
    author = await _author(a, bakery, "jana@bakery.example")
    other = await _author(a, harbour, "piet@harbour.example")
    at_shop = _request(a, bakery, shop, author, "At the shop")
    customer_wide = _request(a, bakery, None, author, "Customer-wide")
    at_dock = _request(a, harbour, dock, other, "At the dock")
    for r in (at_shop, customer_wide, at_dock):
        await a.requests.add(r)
    await a.commit()

    def titles(page: Any) -> set[str]:
        return {r.title for r in page.items}

    by_location = PortalScope(frozenset(), frozenset({shop.id}))
    whole = PortalScope(frozenset({bakery.id}), frozenset())
    found = await a.requests.list(PageRequest(), RequestFilter(scope=by_location))
    assert titles(found) == {"At the shop"}
    found = await a.requests.list(PageRequest(), RequestFilter(scope=whole))
    assert titles(found) == {"At the shop", "Customer-wide"}
    first = await a.requests.list(PageRequest(1), RequestFilter(scope=whole))
    rest = await a.requests.list(PageRequest(1, first.next_after), RequestFilter(scope=whole))
    assert titles(first) | titles(rest) == {"At the shop", "Customer-wide"}
    assert rest.next_after is None


async def test_internal_comments_are_left_out_for_the_portal(two_tenants: UoWs) -> None:
    a, _ = two_tenants
    customer, shop = await _customer_site(a, "Bakery")
    author = await _author(a, customer, "jana@bakery.example")
    request = _request(a, customer, shop, author, "Oven is cold")
    await a.requests.add(request)
    for body, internal in (("Hello", False), ("Staff only", True)):
        await a.request_comments.add(
            RequestComment.write(
                id=ids.new_id(),
                request=request,
                author=CommentAuthor.STAFF,
                author_id=ids.new_id(),
                body=body,
                internal=internal,
                now=NOW,
            )
        )
    await a.commit()
    portal = await a.request_comments.list(request.id, PageRequest(), with_internal=False)
    staff = await a.request_comments.list(request.id, PageRequest(), with_internal=True)
    assert [c.body for c in portal.items] == ["Hello"]
    assert [c.body for c in staff.items] == ["Hello", "Staff only"]


@pytest.fixture
async def submitter(db: SQLAlchemyAsyncConfig) -> dict[str, Any]:
    """A tenant with a portal user who may submit at one location."""
    maker = db.create_session_maker()
    async with maker() as session:
        tenant_id = await open_tenant(session, "tenant-a")
        uow = SqlaUnitOfWork(session, tenant_id)
        customer, shop = await _customer_site(uow, "Bakery")
        author = await _author(uow, customer, "jana@bakery.example")
        grant = Grant.give(
            id=ids.new_id(),
            portal_user_id=author.id,
            tenant_id=tenant_id,
            customer_id=customer.id,
            locations=[shop],
            capabilities=Capabilities(submit_requests=True),
            now=NOW,
        )
        await uow.grants.add(grant)
        await uow.commit()
    subject = PortalSubject(
        user_id=author.id, tenant_id=tenant_id, session_id=ids.new_id(), grants=(grant,)
    )
    return {"maker": maker, "tenant": tenant_id, "subject": subject, "shop": shop.id}


async def _submit(setup: dict[str, Any], given: RequestInput, key: str) -> UUID:
    async with setup["maker"]() as session:
        uow = SqlaUnitOfWork(session, setup["tenant"])
        use_case = SubmitRequest(
            uow, FixedClock(), Uuid7Generator(), ChangeRecorder(FixedClock(), Uuid7Generator())
        )  # type: ignore[arg-type]
        return (await use_case(setup["subject"], given, key)).request.id


async def _count(setup: dict[str, Any]) -> int:
    async with setup["maker"]() as session:
        bind_tenant(session, setup["tenant"])  # unbound, row-level security shows no row
        return int(await session.scalar(select(func.count()).select_from(RequestModel)) or 0)


async def test_two_identical_submissions_at_once_make_one_request(submitter: dict) -> None:
    given = RequestInput(
        type=RequestType.SERVICE,
        title="Oven is cold",
        description="Please come.",
        location_id=submitter["shop"],
    )
    for attempt in range(3):
        key = f"race-key-{attempt}-abcdef"
        first, second = await asyncio.gather(
            _submit(submitter, given, key), _submit(submitter, given, key)
        )
        assert first == second
        assert await _count(submitter) == attempt + 1


async def test_a_key_used_for_another_body_is_refused(submitter: dict) -> None:
    given = RequestInput(
        type=RequestType.SERVICE,
        title="Oven is cold",
        description="Please come.",
        location_id=submitter["shop"],
    )
    await _submit(submitter, given, "key-0001-abcdef")
    other = RequestInput(
        type=RequestType.SERVICE,
        title="Fridge is loud",
        description="Please come.",
        location_id=submitter["shop"],
    )
    with pytest.raises(InvalidValue, match="Idempotency-Key"):
        await _submit(submitter, other, "key-0001-abcdef")
    assert await _count(submitter) == 1
