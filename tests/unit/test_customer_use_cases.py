"""Use cases of the customer core, run against in-memory fakes."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from ordinavo.application.errors import Conflict, Forbidden, NotFound
from ordinavo.application.ports.repositories import CustomerFilter
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.contacts.get_contact import GetContact
from ordinavo.application.use_cases.customers.archive_customer import ArchiveCustomer
from ordinavo.application.use_cases.customers.change_customer import ChangeCustomer
from ordinavo.application.use_cases.customers.get_customer import GetCustomer
from ordinavo.application.use_cases.customers.list_customers import ListCustomers
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.domain.contacts import ContactDetails
from ordinavo.domain.customers import CustomerDetails
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.domain.locations import LocationDetails
from ordinavo.domain.paging import PageRequest
from tests.unit.fakes import Kit

A, B = UUID(int=10**6), UUID(int=2 * 10**6)


def staff(role: Role, tenant: UUID = A) -> Actor:
    return Actor.user(user_id=uuid4(), tenant_id=tenant, role=role)


ADMIN = staff(Role.TENANT_ADMIN)
FIELDS = frozenset({"name", "customerNumber"})


async def register(
    kit: Kit, name: str = "Bakery", number: str = "C-1", actor: Actor = ADMIN, **extra: object
):  # type: ignore[no-untyped-def]
    use_case = kit.build(RegisterCustomer, actor.tenant_id)
    customer = await use_case(
        actor,
        CustomerDetails(name=name, customer_number=number, **extra),  # type: ignore[arg-type]
        FIELDS | {("internalNotes" if k == "internal_notes" else k) for k in extra},
    )
    return customer, use_case._uow


async def test_registering_records_an_event_and_an_audit_entry() -> None:
    kit = Kit()
    customer, uow = await register(kit)
    assert uow.commits == 1
    assert [e.type for e in kit.of_kind("events")] == ["customer.registered"]
    audit = kit.of_kind("audit")
    assert [(a.action, a.object_id, a.actor_id) for a in audit] == [
        ("customer.registered", customer.id, ADMIN.id)
    ]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.DISPATCHER, Role.EMPLOYEE])
async def test_only_admins_and_writing_keys_register(role: Role) -> None:
    kit = Kit()
    with pytest.raises(Forbidden):
        await register(kit, actor=staff(role))
    with pytest.raises(Forbidden):
        await register(
            kit,
            actor=Actor.integration(
                key_id=uuid4(), tenant_id=A, scopes=frozenset({ApiScope.CORE_READ})
            ),
        )
    assert kit.of_kind("customers") == []
    writer = Actor.integration(key_id=uuid4(), tenant_id=A, scopes=frozenset({ApiScope.CORE_WRITE}))
    customer, _ = await register(kit, actor=writer)
    assert customer.tenant_id == A


async def test_a_key_may_not_write_internal_notes() -> None:
    writer = Actor.integration(key_id=uuid4(), tenant_id=A, scopes=frozenset({ApiScope.CORE_WRITE}))
    with pytest.raises(Forbidden, match="internalNotes"):
        await register(Kit(), actor=writer, internal_notes="secret")


async def test_customer_numbers_are_unique_per_tenant() -> None:
    kit = Kit()
    await register(kit, number="C-1")
    with pytest.raises(Conflict):
        await register(kit, "Other", number="C-1")
    other_tenant, _ = await register(kit, "Other", number="C-1", actor=staff(Role.TENANT_ADMIN, B))
    assert other_tenant.tenant_id == B


async def test_changing_to_a_taken_number_is_a_conflict_and_is_not_committed() -> None:
    kit = Kit()
    await register(kit, number="C-1")
    second, _ = await register(kit, "Second", number="C-2")
    change = kit.build(ChangeCustomer, A)
    with pytest.raises(Conflict):
        await change(ADMIN, second.id, {"customer_number": "C-1"}, frozenset({"customerNumber"}))
    assert change._uow.commits == 0


async def test_an_unchanged_customer_records_nothing() -> None:
    kit = Kit()
    customer, _ = await register(kit)
    change = kit.build(ChangeCustomer, A)
    await change(ADMIN, customer.id, {"name": "Bakery"}, frozenset({"name"}))
    assert change._uow.commits == 0
    assert [e.type for e in kit.of_kind("events")] == ["customer.registered"]


async def test_another_tenants_customer_is_not_found_for_every_use_case() -> None:
    kit = Kit()
    theirs, _ = await register(kit, actor=staff(Role.TENANT_ADMIN, B))
    for use_case, args in (
        (GetCustomer, (theirs.id,)),
        (ArchiveCustomer, (theirs.id,)),
        (ChangeCustomer, (theirs.id, {"name": "X"}, frozenset({"name"}))),
    ):
        with pytest.raises(NotFound):
            await kit.build(use_case, A)(ADMIN, *args)
    with pytest.raises(NotFound):
        await kit.build(AddLocation, A)(
            ADMIN,
            theirs.id,
            LocationDetails(name="x", address_line="x", city="x", country="DE"),
        )
    assert kit.store.table("customers")[theirs.id].details.name == "Bakery"


async def test_an_employee_without_assigned_work_sees_no_customers() -> None:
    kit = Kit()
    customer, _ = await register(kit)
    employee = staff(Role.EMPLOYEE)
    page = await kit.build(ListCustomers, A)(employee, PageRequest(), CustomerFilter())
    assert page.items == []
    with pytest.raises(NotFound):
        await kit.build(GetCustomer, A)(employee, customer.id)


async def test_contacts_need_a_location_of_their_own_customer() -> None:
    kit = Kit()
    bakery, _ = await register(kit)
    harbour, _ = await register(kit, "Harbour", "C-2")
    dock = await kit.build(AddLocation, A)(
        ADMIN, harbour.id, LocationDetails(name="Dock", address_line="x", city="x", country="DE")
    )
    add = kit.build(AddContact, A)
    with pytest.raises(RuleViolation):
        await add(ADMIN, bakery.id, dock.id, ContactDetails(name="Jana", email="j@x.example"))
    assert add._uow.commits == 0
    contact = await add(
        ADMIN, harbour.id, dock.id, ContactDetails(name="Jana", email="j@x.example")
    )
    assert (await kit.build(GetContact, A)(staff(Role.MANAGER), contact.id)).id == contact.id
    with pytest.raises(NotFound):
        await kit.build(GetContact, A)(staff(Role.EMPLOYEE), contact.id)
