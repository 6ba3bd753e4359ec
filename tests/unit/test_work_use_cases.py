"""Use cases of planned work, status labels and the calendar feed, run against fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from ordinavo.application.errors import Conflict, Forbidden, NotFound
from ordinavo.application.ports.repositories import CustomerFilter
from ordinavo.application.ports.work import TargetFilter
from ordinavo.application.use_cases.appointments.plan_appointment import (
    NewAppointment,
    PlanAppointment,
)
from ordinavo.application.use_cases.appointments.report_visit_status import ReportVisitStatus
from ordinavo.application.use_cases.customers.list_customers import ListCustomers
from ordinavo.application.use_cases.locations.get_location import GetLocation
from ordinavo.application.use_cases.portal.renew_calendar_feed import RenewCalendarFeed
from ordinavo.application.use_cases.portal.revoke_calendar_feed import RevokeCalendarFeed
from ordinavo.application.use_cases.status_labels.reset_status_label import ResetStatusLabel
from ordinavo.application.use_cases.status_labels.set_status_label import SetStatusLabel
from ordinavo.application.use_cases.work.change_target_status import ChangeTargetStatus
from ordinavo.application.use_cases.work.create_target import CreateTarget, NewTarget
from ordinavo.application.use_cases.work.list_targets import ListTargets
from ordinavo.domain.appointments import AppointmentStatus, Window
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, InternalUser, Role
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.status_labels import PortalLanguage
from ordinavo.domain.visibility import PortalSubject
from ordinavo.domain.work import TargetDetails, TargetStatus
from tests.unit.fakes import NOW, Kit

A = UUID(int=10**6)


def staff(role: Role) -> Actor:
    return Actor.user(user_id=uuid4(), tenant_id=A, role=role)


ADMIN = staff(Role.TENANT_ADMIN)
DISPATCHER = staff(Role.DISPATCHER)
MANAGER = staff(Role.MANAGER)


async def _employee(kit: Kit, name: str = "Tom Becker") -> Actor:
    user = InternalUser.enrol(
        id=uuid4(),
        tenant_id=A,
        email=f"{name.split()[0].lower()}@acme.example",
        display_name=name,
        role=Role.EMPLOYEE,
        password_hash="x",
        now=NOW,
    )
    await kit.uow(A).users.add(user)
    return Actor.user(user_id=user.id, tenant_id=A, role=Role.EMPLOYEE)


async def _place(kit: Kit, name: str = "Bakery") -> tuple[Customer, Location]:
    customer = Customer.register(
        id=uuid4(),
        tenant_id=A,
        details=CustomerDetails(name=name, customer_number=f"C-{uuid4().hex[:6]}"),
        now=NOW,
    )
    await kit.uow(A).customers.add(customer)
    location = Location.establish(
        id=uuid4(),
        customer=customer,
        details=LocationDetails(name="Shop", address_line="Main 1", city="Berlin", country="DE"),
        now=NOW,
    )
    await kit.uow(A).locations.add(location)
    return customer, location


async def _work(kit: Kit, actor: Actor = DISPATCHER, **fields: object):  # type: ignore[no-untyped-def]
    customer, location = await _place(kit)
    create = kit.build(CreateTarget, A)
    target = await create(
        actor,
        NewTarget(
            customer_id=customer.id,
            location_id=location.id,
            details=TargetDetails(title="Oven service", **fields),  # type: ignore[arg-type]
            given_fields=frozenset(
                {"billingDetails" if k == "billing_details" else k for k in fields}
            ),
        ),
    )
    return target, location


def _window(days: int = 2) -> Window:
    start = NOW + timedelta(days=days)
    return Window.of(start, start + timedelta(hours=2))


async def test_a_dispatcher_creates_work_with_an_event_and_an_audit_entry() -> None:
    kit = Kit()
    target, _ = await _work(kit)
    assert target.status is TargetStatus.OPEN
    assert [e.type for e in kit.of_kind("events")] == ["target.created"]
    assert [a.action for a in kit.of_kind("audit")] == ["target.created"]


async def test_an_employee_creates_no_work() -> None:
    kit = Kit()
    with pytest.raises(Forbidden):
        await _work(kit, await _employee(kit))
    assert kit.of_kind("targets") == []


async def test_only_a_tenant_admin_writes_billing_details() -> None:
    kit = Kit()
    with pytest.raises(Forbidden, match="billingDetails"):
        await _work(kit, MANAGER, billing_details="Invoice to HQ")
    assert kit.of_kind("targets") == []
    target, _ = await _work(kit, ADMIN, billing_details="Invoice to HQ")
    assert target.details.billing_details == "Invoice to HQ"


async def test_planning_a_visit_plans_the_work_in_one_commit() -> None:
    kit = Kit()
    target, _ = await _work(kit)
    plan = kit.build(PlanAppointment, A)
    visit = await plan(DISPATCHER, NewAppointment(target_id=target.id, window=_window()))
    assert plan._uow.commits == 1
    assert visit.status is AppointmentStatus.PLANNED
    [stored] = kit.of_kind("targets")
    assert stored.status is TargetStatus.PLANNED
    assert "appointment.planned" in [e.type for e in kit.of_kind("events")]


async def test_a_refused_plan_changes_nothing() -> None:
    kit = Kit()
    target, _ = await _work(kit)
    _, elsewhere = await _place(kit, "Harbour")
    plan = kit.build(PlanAppointment, A)
    with pytest.raises(RuleViolation, match="another customer"):
        await plan(
            DISPATCHER,
            NewAppointment(target_id=target.id, window=_window(), location_id=elsewhere.id),
        )
    assert plan._uow.commits == 0
    assert kit.of_kind("appointments") == []
    assert kit.of_kind("targets")[0].status is TargetStatus.OPEN


async def test_an_employee_sees_the_customer_and_place_of_assigned_visits_only() -> None:
    kit = Kit()
    tom = await _employee(kit)
    target, shop = await _work(kit)
    _, elsewhere = await _place(kit, "Harbour")
    await kit.build(PlanAppointment, A)(
        DISPATCHER,
        NewAppointment(target_id=target.id, window=_window(), assigned_employee_id=tom.id),
    )
    customers = await kit.build(ListCustomers, A)(tom, PageRequest(), CustomerFilter())
    assert [c.id for c in customers.items] == [target.customer_id]
    assert (await kit.build(GetLocation, A)(tom, shop.id)).id == shop.id
    with pytest.raises(NotFound):
        await kit.build(GetLocation, A)(tom, elsewhere.id)
    mine = await kit.build(ListTargets, A)(tom, PageRequest(), TargetFilter())
    assert [t.id for t in mine.items] == [target.id]


async def test_work_is_assigned_to_active_employees_only() -> None:
    kit = Kit()
    target, _ = await _work(kit)
    with pytest.raises(NotFound, match="employee"):
        await kit.build(PlanAppointment, A)(
            DISPATCHER,
            NewAppointment(target_id=target.id, window=_window(), assigned_employee_id=ADMIN.id),
        )


async def test_another_employee_cannot_report_on_a_visit() -> None:
    kit = Kit()
    tom, eva = await _employee(kit), await _employee(kit, "Eva Schulz")
    target, _ = await _work(kit)
    visit = await kit.build(PlanAppointment, A)(
        DISPATCHER,
        NewAppointment(target_id=target.id, window=_window(), assigned_employee_id=tom.id),
    )
    report = kit.build(ReportVisitStatus, A)
    with pytest.raises(NotFound):
        await report(eva, visit.id, AppointmentStatus.STARTED)
    with pytest.raises(Forbidden):
        await report(DISPATCHER, visit.id, AppointmentStatus.STARTED)
    started = await report(tom, visit.id, AppointmentStatus.STARTED)
    assert started.status is AppointmentStatus.STARTED
    assert kit.of_kind("targets")[0].status is TargetStatus.IN_PROGRESS


async def test_cancelling_work_cancels_its_open_visits_and_completing_needs_none_ahead() -> None:
    kit = Kit()
    target, _ = await _work(kit)
    await kit.build(PlanAppointment, A)(
        DISPATCHER, NewAppointment(target_id=target.id, window=_window())
    )
    move = kit.build(ChangeTargetStatus, A)
    with pytest.raises(Conflict):
        await move(DISPATCHER, target.id, TargetStatus.COMPLETED)
    await move(DISPATCHER, target.id, TargetStatus.CANCELLED)
    assert [v.status for v in kit.of_kind("appointments")] == [AppointmentStatus.CANCELLED]
    assert kit.of_kind("targets")[0].status is TargetStatus.CANCELLED


async def test_only_tenant_admins_name_statuses_and_a_reset_needs_an_override() -> None:
    kit = Kit()
    with pytest.raises(Forbidden):
        await kit.build(SetStatusLabel, A)(MANAGER, "planned", "de", "Eingeplant")
    await kit.build(SetStatusLabel, A)(ADMIN, "planned", "de", "Eingeplant")
    labels = await kit.uow(A).status_labels.for_language(PortalLanguage.GERMAN)
    assert [(o.key, o.label) for o in labels] == [("planned", "Eingeplant")]
    reset = kit.build(ResetStatusLabel, A)
    await reset(ADMIN, "planned", "de")
    with pytest.raises(NotFound):
        await reset(ADMIN, "planned", "de")


async def test_a_renewed_calendar_feed_replaces_the_old_one_and_stores_no_secret() -> None:
    kit = Kit()
    subject = PortalSubject(user_id=uuid4(), tenant_id=A, session_id=uuid4(), grants=())
    renew = kit.build(RenewCalendarFeed, A)
    first = await renew(subject)
    second = await kit.build(RenewCalendarFeed, A)(subject)
    feeds = kit.of_kind("calendar_feeds")
    assert [f.is_active for f in feeds] == [False, True]
    secrets = [issued.url.rsplit("/", 1)[1].removesuffix(".ics") for issued in (first, second)]
    assert secrets[0] != secrets[1]
    assert all(secret not in f.token_hash for secret in secrets for f in feeds)
    await kit.build(RevokeCalendarFeed, A)(subject)
    assert not any(f.is_active for f in kit.of_kind("calendar_feeds"))
    with pytest.raises(NotFound):
        await kit.build(RevokeCalendarFeed, A)(subject)
