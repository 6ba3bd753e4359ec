"""Daily routes: an employee's visits of one day in the order they are driven, with the
planned travel time to each. Internal only: never a customer's, an integration's without
opt-in, or another employee's business."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from ordinavo.domain.appointments import Appointment, RoutePlan
from ordinavo.domain.errors import InvalidValue, RuleViolation

MAX_STOPS = 50


@dataclass(frozen=True, slots=True)
class Stop:
    appointment_id: UUID
    travel_minutes: int | None = None


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A route's day runs from midnight to midnight UTC."""
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start, start + timedelta(days=1)


def arrange(
    employee_id: UUID, day: date, stops: list[Stop], theirs: list[Appointment]
) -> dict[UUID, RoutePlan]:
    """The route plan of each of the employee's visits that day: stops in the order given, the
    others without a stop. `theirs` are the employee's open visits of that day."""
    if len(stops) > MAX_STOPS:
        raise InvalidValue(f"A route has at most {MAX_STOPS} stops.", field="stops")
    ids = [s.appointment_id for s in stops]
    if len(set(ids)) != len(ids):
        raise InvalidValue("A visit appears twice in the route.", field="stops")
    known = {a.id: a for a in theirs}
    start, end = day_bounds(day)
    for stop in stops:
        visit = known.get(stop.appointment_id)
        if visit is None:
            raise RuleViolation(
                "Every stop is an open visit of this employee on this day.", field="stops"
            )
        if visit.assigned_employee_id != employee_id or not start <= visit.window.starts_at < end:
            raise RuleViolation(
                "Every stop is an open visit of this employee on this day.", field="stops"
            )
        if stop.travel_minutes is not None and not 0 <= stop.travel_minutes <= 24 * 60:
            raise InvalidValue("travelMinutes is between 0 and 1440.", field="stops")
    plans: dict[UUID, RoutePlan] = {}
    for visit in theirs:
        plans[visit.id] = RoutePlan(routing_score=visit.route.routing_score)
    for number, stop in enumerate(stops, start=1):
        plans[stop.appointment_id] = RoutePlan(
            route_stop=number,
            routing_score=known[stop.appointment_id].route.routing_score,
            travel_minutes=stop.travel_minutes,
        ).validated()
    return plans
