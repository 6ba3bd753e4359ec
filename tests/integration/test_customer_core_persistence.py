"""Customers, locations and contacts through the SQL unit of work: round trips, pages, filters
and the tenant that every query carries."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.mappers import customer_onto_row
from ordinavo.adapters.persistence.models import CustomerModel
from ordinavo.adapters.persistence.request_context import current_request_id
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.repositories import ContactFilter, CustomerFilter, LocationFilter
from ordinavo.domain.access import RecordScope
from ordinavo.domain.audit import AuditEntry, AuditResult
from ordinavo.domain.contacts import Contact, ContactDetails, ContactMethod, Language
from ordinavo.domain.customers import Customer, CustomerDetails, CustomerStatus, CustomerType
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.locations import Location, LocationDetails, LocationStatus, Priority
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.values import Coordinates, ExternalReference
from tests.integration.conftest import NOW, ids

UoWs = tuple[SqlaUnitOfWork, SqlaUnitOfWork]


async def add_customer(
    uow: SqlaUnitOfWork, name: str, number: str | None = None, **details: object
) -> Customer:
    customer = Customer.register(
        id=ids.new_id(),
        tenant_id=uow.tenant_id,
        details=CustomerDetails(
            name=name, customer_number=number or f"N-{ids.new_id().hex[-10:]}", **details
        ),  # type: ignore[arg-type]
        now=NOW,
    )
    await uow.customers.add(customer)
    return customer


async def add_location(uow: SqlaUnitOfWork, customer: Customer, name: str) -> Location:
    location = Location.establish(
        id=ids.new_id(),
        customer=customer,
        details=LocationDetails(name=name, address_line="Main 1", city="Berlin", country="DE"),
        now=NOW,
    )
    await uow.locations.add(location)
    return location


async def test_a_customer_round_trips_every_field(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer = await add_customer(
        uow,
        "Bäckerei Müller",
        "C-1",
        status=CustomerStatus.PROSPECT,
        type=CustomerType.PUBLIC_SECTOR,
        industry="Bakery",
        email="info@mueller.example",
        phone="+49 30 123",
        website="https://mueller.example",
        external_references=(ExternalReference("erp", "DEB-1"),),
        internal_notes="Line 1\nLine 2",
    )
    await uow.commit()
    loaded = await uow.customers.get(customer.id)
    assert loaded == customer
    assert loaded is not None and loaded.created_at.tzinfo is not None


async def test_a_location_and_a_contact_round_trip(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer = await add_customer(uow, "Bakery")
    location = Location.establish(
        id=ids.new_id(),
        customer=customer,
        details=LocationDetails(
            name="Main",
            address_line="Torstraße 1",
            city="Berlin",
            country="DE",
            postal_code="10119",
            coordinates=Coordinates(52.52, 13.4),
            access_notes="Code 1",
            parking_notes="Yard",
            default_work_minutes=90,
            default_priority=Priority.HIGH,
        ),
        now=NOW,
    )
    await uow.locations.add(location)
    contact = Contact.add(
        id=ids.new_id(),
        customer=customer,
        location=location,
        details=ContactDetails(
            name="Jana",
            role="Manager",
            department="Ops",
            email="jana@x.example",
            phone="+49 1",
            mobile="+49 2",
            preferred_contact_method=ContactMethod.MOBILE,
            preferred_language=Language.ARABIC,
        ),
        now=NOW,
    )
    await uow.contacts.add(contact)
    await uow.commit()
    assert await uow.locations.get(location.id) == location
    assert await uow.contacts.get(contact.id) == contact


async def test_saving_keeps_changes_and_archive_state(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    customer = await add_customer(uow, "Bakery")
    await uow.commit()
    customer.revise({"name": "Bakery GmbH"}, NOW + timedelta(hours=1))
    customer.archive(NOW + timedelta(hours=2))
    await uow.customers.save(customer)
    await uow.commit()
    loaded = await uow.customers.get(customer.id)
    assert loaded is not None
    assert loaded.details.name == "Bakery GmbH"
    assert loaded.status is CustomerStatus.ARCHIVED


@pytest.mark.parametrize("size", [1, 2, 100])
async def test_keyset_pages_return_every_row_once_in_order(two_tenants: UoWs, size: int) -> None:
    uow, _ = two_tenants
    created = [await add_customer(uow, f"Customer {n:02d}") for n in range(7)]
    await uow.commit()
    seen, after = [], None
    while True:
        page = await uow.customers.list(PageRequest(size=size, after=after), CustomerFilter())
        seen += [c.id for c in page.items]
        assert len(page.items) <= size
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == [c.id for c in created]


async def test_customer_filters(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    bakery = await add_customer(uow, "Bakery 100%_done", "B-1")
    await add_customer(uow, "Harbour", "H-1", status=CustomerStatus.INACTIVE)
    await add_customer(uow, "Bakery plain", "B-2")
    await uow.commit()

    async def names(where: CustomerFilter) -> set[str]:
        page = await uow.customers.list(PageRequest(), where)
        return {c.details.name for c in page.items}

    assert await names(CustomerFilter(search="bakery")) == {"Bakery 100%_done", "Bakery plain"}
    assert await names(CustomerFilter(search="100%_")) == {"Bakery 100%_done"}  # escaped
    assert await names(CustomerFilter(search="%")) == {"Bakery 100%_done"}
    assert await names(CustomerFilter(search="h-1")) == {"Harbour"}  # by number too
    assert await names(CustomerFilter(status=CustomerStatus.INACTIVE)) == {"Harbour"}
    assert await names(CustomerFilter(scope=RecordScope.nothing())) == set()
    assert await names(CustomerFilter(scope=RecordScope(frozenset({bakery.id})))) == {
        "Bakery 100%_done"
    }


async def test_location_and_contact_filters(two_tenants: UoWs) -> None:
    uow, _ = two_tenants
    bakery, harbour = await add_customer(uow, "Bakery"), await add_customer(uow, "Harbour")
    main = await add_location(uow, bakery, "Main")
    await add_location(uow, harbour, "Dock")
    old = await add_location(uow, bakery, "Old")
    old.archive(NOW)
    await uow.locations.save(old)
    for name, location in (("Jana", main), ("Uwe", None)):
        await uow.contacts.add(
            Contact.add(
                id=ids.new_id(),
                customer=bakery,
                location=location,
                details=ContactDetails(name=name, email=f"{name.lower()}@x.example"),
                now=NOW,
            )
        )
    await uow.commit()

    async def location_names(where: LocationFilter) -> set[str]:
        return {x.details.name for x in (await uow.locations.list(PageRequest(), where)).items}

    assert await location_names(LocationFilter(customer_id=bakery.id)) == {"Main", "Old"}
    assert await location_names(LocationFilter(status=LocationStatus.ARCHIVED)) == {"Old"}
    assert await location_names(LocationFilter(status=LocationStatus.ACTIVE)) == {"Main", "Dock"}
    contacts = await uow.contacts.list(PageRequest(), ContactFilter(location_id=main.id))
    assert [c.details.name for c in contacts.items] == ["Jana"]
    nobody = await uow.contacts.list(
        PageRequest(), ContactFilter(customer_scope=RecordScope.nothing())
    )
    assert nobody.items == []


async def test_another_tenants_rows_are_out_of_reach(two_tenants: UoWs) -> None:
    a, b = two_tenants
    theirs = await add_customer(b, "Theirs", "SAME-1")
    their_location = await add_location(b, theirs, "Their site")
    await b.commit()
    ours = await add_customer(a, "Ours", "SAME-1")  # the same number is fine in another tenant
    await a.commit()

    assert await a.customers.get(theirs.id) is None
    assert await a.locations.get(their_location.id) is None
    listed = await a.customers.list(PageRequest(), CustomerFilter())
    assert [c.id for c in listed.items] == [ours.id]
    assert await a.customers.number_taken("SAME-1")
    assert not await a.customers.number_taken("OTHER")
    renamed = dataclasses.replace(theirs, details=dataclasses.replace(theirs.details, name="X"))
    with pytest.raises(LookupError):
        await a.customers.save(renamed)
    assert (await b.customers.get(theirs.id)).details.name == "Theirs"  # type: ignore[union-attr]


async def test_the_database_refuses_a_location_of_another_tenants_customer(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, b = two_tenants
    theirs = await add_customer(b, "Theirs")
    await b.commit()
    forged = Location(
        id=ids.new_id(),
        tenant_id=a.tenant_id,
        customer_id=theirs.id,
        details=LocationDetails(name="Forged", address_line="x", city="x", country="DE"),
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(IntegrityError):
        await a.locations.add(forged)
    await session.rollback()


async def test_a_duplicate_customer_number_becomes_a_conflict_at_commit(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    """Two requests may both pass the 'number taken?' check; the unique index decides."""
    a, _ = two_tenants
    await add_customer(a, "First", "DUP-1")
    await a.commit()
    second = Customer.register(
        id=ids.new_id(),
        tenant_id=a.tenant_id,
        details=CustomerDetails(name="Second", customer_number="DUP-1"),
        now=NOW,
    )
    session.add(customer_onto_row(second, CustomerModel()))  # no flush: the clash hits commit
    with pytest.raises(Conflict):
        await a.commit()


async def test_events_and_audit_entries_are_kept_only_with_the_commit(
    two_tenants: UoWs, session: AsyncSession
) -> None:
    a, _ = two_tenants
    customer = await add_customer(a, "Bakery")
    event = DomainEvent(
        id=ids.new_id(),
        tenant_id=a.tenant_id,
        type="customer.registered",
        occurred_at=NOW,
        subject_type="customer",
        subject_id=customer.id,
    )
    entry = AuditEntry(
        id=ids.new_id(),
        tenant_id=a.tenant_id,
        occurred_at=NOW,
        actor_type="user",
        actor_id=None,
        action="customer.registered",
        object_type="customer",
        object_id=customer.id,
        result=AuditResult.SUCCEEDED,
    )
    a.events.append(event)
    a.audit.record(entry)
    await a.rollback()
    assert (await a.events.list(PageRequest())).items == []
    assert await a.customers.get(customer.id) is None

    token = current_request_id.set("req-123")
    try:
        await add_customer(a, "Bakery")
        a.events.append(event)
        a.audit.record(entry)
        await a.commit()
    finally:
        current_request_id.reset(token)
    assert [e.id for e in (await a.events.list(PageRequest())).items] == [event.id]
    audited = (await a.audit.list(PageRequest())).items
    assert [x.request_id for x in audited] == ["req-123"]
    count = await session.scalar(text("SELECT count(*) FROM events"))
    assert count == 1


async def test_an_event_of_another_tenant_is_refused(two_tenants: UoWs) -> None:
    a, b = two_tenants
    with pytest.raises(ValueError, match="tenant"):
        a.events.append(
            DomainEvent(
                id=ids.new_id(),
                tenant_id=b.tenant_id,
                type="x",
                occurred_at=NOW,
                subject_type="x",
                subject_id=ids.new_id(),
            )
        )
