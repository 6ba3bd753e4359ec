"""Portal access through the SQL adapters: grants with their locations, sessions, the
visibility scope turned into SQL, throttles and rate limits shared by all processes."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.portal_directory import SqlaPortalDirectory
from ordinavo.adapters.persistence.portal_models import GrantLocationModel
from ordinavo.adapters.persistence.throttles import SqlaLoginThrottleStore, SqlaRateLimiter
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.domain.contacts import Contact, ContactDetails
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Capabilities, Grant, Invitation, PortalUser
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.security_events import SecurityEvent, SecurityEventKind
from ordinavo.domain.tenants import TenantSettings
from ordinavo.domain.visibility import PortalScope
from tests.integration.conftest import NOW, ids

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]


async def _customer_with_locations(uow: SqlaUnitOfWork, name: str, *sites: str):  # type: ignore[no-untyped-def]
    customer = Customer.register(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        details=CustomerDetails(name=name, customer_number=f"N-{ids.new_id().hex[-10:]}"),
        now=NOW,
    )
    await uow.customers.add(customer)
    locations = []
    for site in sites:
        location = Location.establish(
            id=ids.new_id(),
            customer=customer,
            details=LocationDetails(name=site, address_line="Main 1", city="Berlin", country="DE"),
            now=NOW,
        )
        await uow.locations.add(location)
        locations.append(location)
    return customer, locations


async def _portal_user(uow: SqlaUnitOfWork, customer: Customer, email: str) -> PortalUser:
    contact = Contact.add(
        id=ids.new_id(),
        customer=customer,
        location=None,
        details=ContactDetails(name="Jana Berg", email=email),
        now=NOW,
    )
    await uow.contacts.add(contact)
    user = PortalUser.invite(id=ids.new_id(), contact=contact, email=None, now=NOW)
    await uow.portal_users.add(user)
    return user


def _grant(
    uow: SqlaUnitOfWork, user: PortalUser, customer: Customer, locations: list[Location]
) -> Grant:
    return Grant.give(
        id=ids.new_id(),
        portal_user_id=user.id,
        tenant_id=uow.tenant_id,
        customer_id=customer.id,
        locations=locations,
        capabilities=Capabilities(submit_requests=True),
        now=NOW,
    )


async def test_a_grant_keeps_its_locations_through_changes(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer, (north, south) = await _customer_with_locations(uow, "Bakery", "North", "South")
    user = await _portal_user(uow, customer, "jana@bakery.example")
    grant = _grant(uow, user, customer, [north])
    await uow.grants.add(grant)
    await uow.commit()
    assert await uow.grants.get(grant.id) == grant

    grant.change(locations=[south], capabilities=Capabilities(see_reports=True), now=NOW)
    await uow.grants.save(grant)
    await uow.commit()
    loaded = await uow.grants.get(grant.id)
    assert loaded is not None
    assert loaded.location_ids == frozenset({south.id})
    assert loaded.capabilities == Capabilities(see_reports=True)

    grant.change(locations=[], capabilities=None, now=NOW)
    await uow.grants.save(grant)
    await uow.commit()
    assert (await uow.grants.get(grant.id)).covers_whole_customer  # type: ignore[union-attr]


async def test_active_grants_leave_out_revoked_ones(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer, _ = await _customer_with_locations(uow, "Bakery")
    user = await _portal_user(uow, customer, "jana@bakery.example")
    kept, revoked = _grant(uow, user, customer, []), _grant(uow, user, customer, [])
    revoked.revoke(NOW)
    await uow.grants.add(kept)
    await uow.grants.add(revoked)
    await uow.commit()
    assert [g.id for g in await uow.grants.active_for_user(user.id)] == [kept.id]
    listed = await uow.grants.list_for_user(user.id, PageRequest())
    assert {g.id for g in listed.items} == {kept.id, revoked.id}


async def test_the_scope_becomes_sql(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    bakery, (_north, south) = await _customer_with_locations(uow, "Bakery", "North", "South")
    harbour, (dock,) = await _customer_with_locations(uow, "Harbour", "Dock")
    closed = Location.establish(
        id=ids.new_id(),
        customer=bakery,
        details=LocationDetails(name="Closed", address_line="x", city="x", country="DE"),
        now=NOW,
    )
    closed.archive(NOW)
    await uow.locations.add(closed)
    await uow.commit()

    async def names(scope: PortalScope, size: int = 50) -> list[str]:
        seen, after = [], None
        while True:
            page = await uow.portal_locations.list_in_scope(scope, PageRequest(size, after))
            seen += [x.name for x in page.items]
            if page.next_after is None:
                return seen
            after = page.next_after

    assert await names(PortalScope(frozenset({bakery.id}), frozenset())) == ["North", "South"]
    assert await names(PortalScope(frozenset(), frozenset({dock.id}))) == ["Dock"]
    assert await names(PortalScope(frozenset({harbour.id}), frozenset({south.id})), 1) == [
        "South",
        "Dock",
    ]
    assert await names(PortalScope(frozenset(), frozenset())) == []
    named = await uow.portal_locations.customers_named(frozenset({bakery.id, harbour.id}))
    assert named == {bakery.id: "Bakery", harbour.id: "Harbour"}


async def test_portal_records_of_another_tenant_are_out_of_reach(two_tenants: UoWs) -> None:
    a, b = two_tenants
    customer, _ = await _customer_with_locations(b, "Theirs")
    user = await _portal_user(b, customer, "theirs@x.example")
    grant = _grant(b, user, customer, [])
    await b.grants.add(grant)
    session = PortalSession.start(
        id=ids.new_id(),
        tenant_id=b.tenant_id,
        portal_user_id=user.id,
        token_hash="b" * 64,
        settings=TenantSettings(),
        now=NOW,
    )
    await b.portal_sessions.add(session)
    await b.commit()

    assert await a.portal_users.get(user.id) is None
    assert await a.portal_users.find_by_email("theirs@x.example") is None
    assert await a.grants.get(grant.id) is None
    assert await a.grants.active_for_user(user.id) == []
    assert await a.portal_sessions.revoke_all_of_user(user.id, NOW, "test") == 0
    await a.commit()
    found = await SqlaPortalDirectory(a.portal_users._session).find_session("b" * 64)
    assert found is not None and found.session.revoked_at is None


async def test_sessions_are_touched_revoked_and_found_by_digest(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer, _ = await _customer_with_locations(uow, "Bakery")
    user = await _portal_user(uow, customer, "jana@bakery.example")
    sessions = [
        PortalSession.start(
            id=ids.new_id(),
            tenant_id=uow.tenant_id,
            portal_user_id=user.id,
            token_hash=hashlib.sha256(bytes([n])).hexdigest(),
            settings=TenantSettings(),
            now=NOW,
        )
        for n in range(3)
    ]
    for s in sessions:
        await uow.portal_sessions.add(s)
    await uow.commit()
    directory = SqlaPortalDirectory(uow.portal_users._session)

    await uow.portal_sessions.touch(sessions[0].id, NOW + timedelta(minutes=5))
    await uow.commit()
    found = await directory.find_session(sessions[0].token_hash)
    assert found is not None
    assert found.session.last_seen_at == NOW + timedelta(minutes=5)
    assert found.user.id == user.id

    ended = await uow.portal_sessions.revoke_all_of_user(
        user.id, NOW, "test", except_id=sessions[0].id
    )
    await uow.commit()
    assert ended == 2
    assert (await directory.find_session(sessions[1].token_hash)).session.revoked_at == NOW  # type: ignore[union-attr]
    assert (await directory.find_session(sessions[0].token_hash)).session.revoked_at is None  # type: ignore[union-attr]
    assert await directory.find_session("0" * 64) is None


async def test_invitations_and_security_events_round_trip(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer, _ = await _customer_with_locations(uow, "Bakery")
    user = await _portal_user(uow, customer, "jana@bakery.example")
    first = Invitation.issue(
        id=ids.new_id(),
        user=user,
        token_hash="1" * 64,
        valid_days=7,
        invited_by=ids.new_id(),
        now=NOW,
    )
    await uow.invitations.add(first)
    second = Invitation.issue(
        id=ids.new_id(),
        user=user,
        token_hash="2" * 64,
        valid_days=7,
        invited_by=ids.new_id(),
        now=NOW,
    )
    await uow.invitations.add(second)
    uow.security_events.append(
        SecurityEvent(
            id=ids.new_id(),
            tenant_id=uow.tenant_id,
            occurred_at=NOW,
            kind=SecurityEventKind.INVITATION_ISSUED,
            portal_user_id=user.id,
        )
    )
    await uow.commit()
    assert await uow.invitations.get(first.id) == first
    assert (await uow.invitations.latest_for_user(user.id)) == second
    found = await SqlaPortalDirectory(uow.portal_users._session).find_invitation("2" * 64)
    assert found == second
    events = (await uow.security_events.list(PageRequest())).items
    assert [e.kind for e in events] == [SecurityEventKind.INVITATION_ISSUED]


async def test_the_database_refuses_a_grant_location_of_another_tenant(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, b = two_tenants
    customer, _ = await _customer_with_locations(a, "Ours")
    user = await _portal_user(a, customer, "jana@ours.example")
    grant = _grant(a, user, customer, [])
    await a.grants.add(grant)
    _, (their_site,) = await _customer_with_locations(b, "Theirs", "Their site")
    await a.commit()
    session.add(
        GrantLocationModel(tenant_id=a.tenant_id, grant_id=grant.id, location_id=their_site.id)
    )
    with pytest.raises(IntegrityError):
        await session.flush()
    await session.rollback()


async def test_login_throttles_are_upserted_and_shared(session: AsyncSession) -> None:
    store = SqlaLoginThrottleStore(session)
    throttle = await store.get("k" * 64)
    assert throttle.failures == 0
    for n in range(7):
        throttle.record_failure(NOW + timedelta(seconds=n))
    await store.save(throttle)
    await session.commit()
    await store.save(throttle)  # saving again updates the same row
    await session.commit()
    again = await SqlaLoginThrottleStore(session).get("k" * 64)
    assert again.failures == 7
    assert again.blocked_until == throttle.blocked_until


async def test_rate_limits_count_per_key_and_window(session: AsyncSession) -> None:
    limiter = SqlaRateLimiter(session)
    window = timedelta(minutes=1)
    start = NOW.replace(second=0, microsecond=0)
    waits = [
        await limiter.hit("login:1.2.3.4", limit=3, window=window, now=start + timedelta(seconds=n))
        for n in range(4)
    ]
    assert waits[:3] == [None, None, None]
    assert waits[3] == timedelta(seconds=57)
    assert await limiter.hit("login:5.6.7.8", limit=3, window=window, now=start) is None
    assert (
        await limiter.hit("login:1.2.3.4", limit=3, window=window, now=start + window) is None
    )  # a new window
    await session.commit()
