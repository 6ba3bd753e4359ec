"""Planned-work domain rules: the target and appointment state machines, windows, the status
translation table and language choice."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordinavo.domain.appointments import (
    Appointment,
    AppointmentStatus,
    RoutePlan,
    Window,
)
from ordinavo.domain.contacts import Contact, ContactDetails
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.status_labels import (
    DEFAULT_LABELS,
    STATUS_KEYS,
    LabelOverride,
    PortalLanguage,
    StatusKind,
    StatusLabels,
    choose_language,
    parse_accept_language,
)
from ordinavo.domain.timeline import PortalEntryKind
from ordinavo.domain.visibility import PortalSubject
from ordinavo.domain.work import TARGET_MOVES, Origin, Target, TargetDetails, TargetStatus
from tests.unit.fakes import NOW

TENANT = uuid4()


def customer(name: str = "Bakery") -> Customer:
    return Customer.register(
        id=uuid4(),
        tenant_id=TENANT,
        details=CustomerDetails(name=name, customer_number=f"C-{uuid4().hex[:6]}"),
        now=NOW,
    )


def location(of: Customer) -> Location:
    return Location.establish(
        id=uuid4(),
        customer=of,
        details=LocationDetails(name="Shop", address_line="Main 1", city="Berlin", country="DE"),
        now=NOW,
    )


def target(of: Customer | None = None, at: Location | None = None) -> Target:
    of = of or customer()
    return Target.create(
        id=uuid4(),
        customer=of,
        location=at or location(of),
        contact=None,
        details=TargetDetails(title="Oven service"),
        origin=Origin.MANUAL,
        now=NOW,
    )


def window(hours_ahead: int = 24, length: int = 2) -> Window:
    start = NOW + timedelta(hours=hours_ahead)
    return Window.of(start, start + timedelta(hours=length))


def appointment(employee=None) -> Appointment:  # type: ignore[no-untyped-def]
    work = target()
    place = location(customer())
    place.customer_id = work.customer_id
    return Appointment.plan(
        id=uuid4(),
        target=work,
        location=place,
        window=window(),
        now=NOW,
        assigned_employee_id=employee,
    )


# --- targets ---------------------------------------------------------------------------------


def test_new_work_is_open_and_belongs_to_the_customer_of_its_location() -> None:
    bakery = customer()
    work = target(bakery)
    assert work.status is TargetStatus.OPEN
    assert work.customer_id == bakery.id
    assert work.tenant_id == bakery.tenant_id


def test_work_at_a_location_of_another_customer_is_refused() -> None:
    with pytest.raises(RuleViolation, match="another customer") as raised:
        target(customer(), location(customer("Other")))
    assert raised.value.field == "locationId"


def test_work_with_a_contact_of_another_customer_is_refused() -> None:
    bakery, other = customer(), customer("Other")
    stranger = Contact.add(
        id=uuid4(),
        customer=other,
        location=None,
        details=ContactDetails(name="Bo", email="bo@other.example"),
        now=NOW,
    )
    with pytest.raises(RuleViolation, match="contact belongs to another customer"):
        Target.create(
            id=uuid4(),
            customer=bakery,
            location=None,
            contact=stranger,
            details=TargetDetails(title="Fix"),
            origin=Origin.MANUAL,
            now=NOW,
        )


@given(
    st.lists(st.sampled_from(list(TargetStatus)), min_size=1, max_size=8),
)
def test_work_only_ever_takes_the_moves_its_state_machine_allows(
    moves: list[TargetStatus],
) -> None:
    work = target()
    for wanted in moves:
        before = work.status
        if wanted in TARGET_MOVES[before]:
            work.move_to(wanted, NOW)
            assert work.status is wanted
        else:
            with pytest.raises(RuleViolation):
                work.move_to(wanted, NOW)
            assert work.status is before


def test_closed_work_can_no_longer_be_changed_or_planned() -> None:
    work = target()
    work.move_to(TargetStatus.CANCELLED, NOW)
    assert work.closed_at == NOW
    with pytest.raises(RuleViolation, match="cancelled"):
        work.revise({"title": "New"}, NOW)
    with pytest.raises(RuleViolation, match="nothing can be planned"):
        work.ensure_can_be_planned()


def test_open_work_cannot_jump_to_completed() -> None:
    work = target()
    with pytest.raises(RuleViolation, match="open cannot become completed"):
        work.move_to(TargetStatus.COMPLETED, NOW)


# --- appointments ----------------------------------------------------------------------------


def test_an_appointment_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidValue, match="end after it starts"):
        Window.of(NOW, NOW)
    with pytest.raises(InvalidValue, match="end after it starts"):
        Window.of(NOW, NOW - timedelta(minutes=1))


def test_an_appointment_lasts_at_most_a_day_and_carries_a_time_zone() -> None:
    with pytest.raises(InvalidValue, match="24 hours"):
        Window.of(NOW, NOW + timedelta(hours=24, minutes=1))
    with pytest.raises(InvalidValue, match="time zone"):
        Window.of(datetime(2027, 1, 1, 9), datetime(2027, 1, 1, 10))


def test_planning_at_a_location_of_another_customer_is_refused() -> None:
    work = target()
    with pytest.raises(RuleViolation, match="another customer"):
        Appointment.plan(
            id=uuid4(), target=work, location=location(customer("Other")), window=window(), now=NOW
        )


def test_planning_in_the_past_is_refused() -> None:
    work = target()
    place = location(customer())
    place.customer_id = work.customer_id
    with pytest.raises(RuleViolation, match="past"):
        Appointment.plan(id=uuid4(), target=work, location=place, window=window(-3), now=NOW)


def test_a_reschedule_moves_the_window_and_asks_for_confirmation_again() -> None:
    visit = appointment()
    visit.confirm(NOW)
    later = window(48)
    visit.reschedule(later, NOW)
    assert visit.window == later
    assert visit.status is AppointmentStatus.PLANNED


def test_a_visit_under_way_cannot_be_rescheduled_or_cancelled_by_planners() -> None:
    employee = uuid4()
    visit = appointment(employee)
    visit.report(AppointmentStatus.STARTED, employee, NOW)
    with pytest.raises(RuleViolation, match="started cannot be rescheduled"):
        visit.reschedule(window(48), NOW)
    with pytest.raises(RuleViolation, match="started cannot become cancelled"):
        visit.cancel(NOW)


def test_only_the_assigned_employee_reports_and_only_along_the_field_moves() -> None:
    employee = uuid4()
    visit = appointment(employee)
    with pytest.raises(RuleViolation, match="assigned employee"):
        visit.report(AppointmentStatus.ON_THE_WAY, uuid4(), NOW)
    with pytest.raises(RuleViolation, match="planned cannot become done"):
        visit.report(AppointmentStatus.DONE, employee, NOW)
    with pytest.raises(InvalidValue, match="field update"):
        visit.report(AppointmentStatus.CONFIRMED, employee, NOW)
    for step in ("on_the_way", "started", "paused", "started", "done"):
        visit.report(AppointmentStatus(step), employee, NOW)
    assert visit.status is AppointmentStatus.DONE


def test_route_values_are_bounded() -> None:
    with pytest.raises(InvalidValue, match="routeStop"):
        RoutePlan(route_stop=0).validated()
    with pytest.raises(InvalidValue, match="travelMinutes"):
        RoutePlan(travel_minutes=-1).validated()


# --- the status translation table ------------------------------------------------------------

INTERNAL_STATUSES = {
    StatusKind.TARGET: [s.value for s in TargetStatus],
    StatusKind.APPOINTMENT: [s.value for s in AppointmentStatus],
    StatusKind.REQUEST: [
        "submitted",
        "under_review",
        "accepted",
        "rejected",
        "converted",
        "withdrawn",
    ],
    StatusKind.VISIT_REPORT: [
        "draft",
        "submitted",
        "approved",
        "changes_requested",
        "published",
    ],
    StatusKind.FOLLOW_UP: ["needed", "planned"],
    StatusKind.TIMELINE: [k.value for k in PortalEntryKind],
}


@pytest.mark.parametrize("kind", list(StatusKind))
def test_every_internal_status_maps_to_a_customer_key_with_a_label_in_every_language(
    kind: StatusKind,
) -> None:
    for status in INTERNAL_STATUSES[kind]:
        key = STATUS_KEYS[(kind, status)]
        for language in PortalLanguage:
            assert DEFAULT_LABELS[key][language].strip()


def test_the_table_maps_no_status_it_does_not_know() -> None:
    known = {(k, s) for k, statuses in INTERNAL_STATUSES.items() for s in statuses}
    assert set(STATUS_KEYS) == known


def test_labels_come_in_the_language_and_tenant_overrides_win() -> None:
    overrides = [
        LabelOverride.of("planned", "de", "Eingeplant"),
        LabelOverride.of("planned", "en", "Booked"),
    ]
    german = StatusLabels.for_language(PortalLanguage.GERMAN, overrides)
    arabic = StatusLabels.for_language(PortalLanguage.ARABIC, overrides)
    assert german.of(StatusKind.APPOINTMENT, "planned").label == "Eingeplant"
    assert german.of(StatusKind.APPOINTMENT, "confirmed").label == "Bestätigt"
    assert arabic.of(StatusKind.APPOINTMENT, "planned").label == "مجدول"


def test_a_paused_visit_reads_as_in_progress_to_the_customer() -> None:
    labels = StatusLabels.for_language(PortalLanguage.ENGLISH)
    assert labels.of(StatusKind.APPOINTMENT, "paused").key == "in_progress"


def test_an_override_for_an_unknown_key_or_language_is_refused() -> None:
    with pytest.raises(InvalidValue, match="not a customer-facing status"):
        LabelOverride.of("paused", "en", "Coffee break")
    with pytest.raises(InvalidValue, match="language"):
        LabelOverride.of("planned", "fr", "Prévu")


@pytest.mark.parametrize(
    ("header", "preferred", "expected"),
    [
        ("de-CH, de;q=0.9, en;q=0.5", None, "de"),
        ("fr-FR, ar;q=0.4, de;q=0.3", "en", "ar"),
        ("fr, it", "de", "de"),
        (None, None, "en"),
        ("en;q=0, de", None, "de"),
        ("garbage;q=x, ;;, *", "ar", "ar"),
    ],
)
def test_the_language_follows_accept_language_then_the_users_preference(
    header: str | None, preferred: str | None, expected: str
) -> None:
    assert choose_language(parse_accept_language(header), preferred) == expected


@given(st.text(max_size=300))
def test_any_accept_language_header_yields_a_supported_language(header: str) -> None:
    assert choose_language(parse_accept_language(header)) in set(PortalLanguage)


# --- the visibility policy's scope -----------------------------------------------------------


def test_locations_of_a_customer_granted_whole_are_not_listed_twice() -> None:
    from ordinavo.domain.portal_access import Capabilities, Grant

    bakery = customer()
    shop = location(bakery)
    grants = tuple(
        Grant.give(
            id=uuid4(),
            tenant_id=TENANT,
            portal_user_id=uuid4(),
            customer_id=bakery.id,
            locations=places,
            capabilities=Capabilities(),
            now=NOW,
        )
        for places in ([], [shop])
    )
    subject = PortalSubject(user_id=uuid4(), tenant_id=TENANT, session_id=uuid4(), grants=grants)
    scope = subject.scope()
    assert scope.whole_customers == {bakery.id}
    assert scope.locations == frozenset()


def test_a_scope_reads_one_branch_per_grant_and_narrows_to_a_location() -> None:
    from ordinavo.domain.visibility import PortalScope, ScopeBranch

    bakery, shop, dock = uuid4(), uuid4(), uuid4()
    scope = PortalScope(frozenset({bakery}), frozenset({dock}))
    assert scope.branches() == [ScopeBranch(customer_id=bakery), ScopeBranch(location_id=dock)]
    assert scope.branches(dock) == [ScopeBranch(location_id=dock)]
    # A location the scope does not name may still belong to the customer granted whole.
    assert scope.branches(shop) == [ScopeBranch(location_id=shop, within=frozenset({bakery}))]
    only_dock = PortalScope(frozenset(), frozenset({dock}))
    assert only_dock.branches(shop) == []


def test_only_a_visit_still_ahead_takes_a_change_request() -> None:
    visit = appointment()
    visit.ensure_upcoming(NOW)
    with pytest.raises(RuleViolation, match="upcoming"):
        visit.ensure_upcoming(visit.window.ends_at)
    visit.cancel(NOW)
    with pytest.raises(RuleViolation, match="upcoming"):
        visit.ensure_upcoming(NOW)
