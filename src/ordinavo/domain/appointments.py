"""Appointments: a planned visit for a target, and the state machine of the visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.locations import Location
from ordinavo.domain.work import Target, ensure_location_of

# Longer visits are planned as several appointments. The bound also lets lists of upcoming
# appointments search by start time alone (an appointment still running began < 1 day ago).
MAX_DURATION = timedelta(hours=24)


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    ON_THE_WAY = "on_the_way"
    STARTED = "started"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


# Planners confirm and cancel; the assigned employee reports the visit as it happens.
PLANNER_MOVES: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.PLANNED: frozenset(
        {AppointmentStatus.CONFIRMED, AppointmentStatus.CANCELLED}
    ),
    AppointmentStatus.CONFIRMED: frozenset({AppointmentStatus.CANCELLED}),
}
FIELD_MOVES: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.PLANNED: frozenset({AppointmentStatus.ON_THE_WAY, AppointmentStatus.STARTED}),
    AppointmentStatus.CONFIRMED: frozenset(
        {AppointmentStatus.ON_THE_WAY, AppointmentStatus.STARTED}
    ),
    AppointmentStatus.ON_THE_WAY: frozenset({AppointmentStatus.STARTED}),
    AppointmentStatus.STARTED: frozenset({AppointmentStatus.PAUSED, AppointmentStatus.DONE}),
    AppointmentStatus.PAUSED: frozenset({AppointmentStatus.STARTED, AppointmentStatus.DONE}),
}
FIELD_STATUSES = frozenset(
    {
        AppointmentStatus.ON_THE_WAY,
        AppointmentStatus.STARTED,
        AppointmentStatus.PAUSED,
        AppointmentStatus.DONE,
    }
)
CLOSED_STATUSES = frozenset({AppointmentStatus.DONE, AppointmentStatus.CANCELLED})
# A cancelled visit leaves the customer's view; a done one stays until its window has ended.
HIDDEN_FROM_PORTAL = frozenset({AppointmentStatus.CANCELLED})
_RESCHEDULABLE = frozenset({AppointmentStatus.PLANNED, AppointmentStatus.CONFIRMED})
# A visit still to come, of which the customer is reminded the day before.
REMINDED_STATUSES = _RESCHEDULABLE


@dataclass(frozen=True, slots=True)
class Window:
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, starts_at: datetime, ends_at: datetime) -> Window:
        if starts_at.tzinfo is None or ends_at.tzinfo is None:
            raise InvalidValue("Times must carry a time zone offset.", field="startsAt")
        if ends_at <= starts_at:
            raise InvalidValue("The appointment must end after it starts.", field="endsAt")
        if ends_at - starts_at > MAX_DURATION:
            raise InvalidValue("An appointment may last at most 24 hours.", field="endsAt")
        return cls(starts_at, ends_at)


@dataclass(frozen=True, slots=True)
class RoutePlan:
    """What the routing side knows about a visit. Internal only, never shown to customers."""

    route_stop: int | None = None
    routing_score: float | None = None
    travel_minutes: int | None = None

    def validated(self) -> RoutePlan:
        if self.route_stop is not None and not 1 <= self.route_stop <= 1000:
            raise InvalidValue("routeStop must be between 1 and 1000.", field="routeStop")
        if self.routing_score is not None and not 0 <= self.routing_score <= 1_000_000:
            raise InvalidValue("routingScore must be between 0 and 1000000.", field="routingScore")
        if self.travel_minutes is not None and not 0 <= self.travel_minutes <= 24 * 60:
            raise InvalidValue("travelMinutes must be between 0 and 1440.", field="travelMinutes")
        return self


@dataclass(slots=True)
class Appointment:
    id: UUID
    tenant_id: UUID
    target_id: UUID
    customer_id: UUID
    location_id: UUID
    window: Window
    status: AppointmentStatus
    created_at: datetime
    updated_at: datetime
    assigned_employee_id: UUID | None = None
    route: RoutePlan = RoutePlan()
    planning_notes: str | None = None

    @classmethod
    def plan(
        cls,
        *,
        id: UUID,
        target: Target,
        location: Location,
        window: Window,
        now: datetime,
        assigned_employee_id: UUID | None = None,
        route: RoutePlan | None = None,
        planning_notes: str | None = None,
    ) -> Appointment:
        """A visit at a location of the target's customer, for work that is still open."""
        target.ensure_can_be_planned()
        ensure_location_of(target.customer_id, location)
        if window.starts_at < now:
            raise RuleViolation("An appointment cannot be planned in the past.", field="startsAt")
        return cls(
            id=id,
            tenant_id=target.tenant_id,
            target_id=target.id,
            customer_id=target.customer_id,
            location_id=location.id,
            window=window,
            status=AppointmentStatus.PLANNED,
            created_at=now,
            updated_at=now,
            assigned_employee_id=assigned_employee_id or target.assigned_employee_id,
            route=(route or RoutePlan()).validated(),
            planning_notes=values.long_text(planning_notes, "planningNotes"),
        )

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def ensure_upcoming(self, now: datetime) -> None:
        """A customer may ask to move or cancel a visit that is still ahead, nothing else."""
        if self.is_closed or self.window.ends_at <= now:
            raise RuleViolation(
                "Only an upcoming appointment can be rescheduled or cancelled.",
                field="appointmentId",
            )

    def reschedule(self, window: Window, now: datetime) -> None:
        """A new time needs a new confirmation from the customer's side."""
        if self.status not in _RESCHEDULABLE:
            raise RuleViolation(
                f"An appointment that is {self.status.value} cannot be rescheduled.",
                field="status",
            )
        if window.starts_at < now:
            raise RuleViolation("An appointment cannot be moved into the past.", field="startsAt")
        self.window = window
        self.status = AppointmentStatus.PLANNED
        self.updated_at = now

    def replan(
        self,
        *,
        now: datetime,
        assigned_employee_id: UUID | None,
        route: RoutePlan,
        planning_notes: str | None,
    ) -> None:
        if self.is_closed:
            raise RuleViolation(f"The appointment is {self.status.value} and can no longer change.")
        self.assigned_employee_id = assigned_employee_id
        self.route = route.validated()
        self.planning_notes = values.long_text(planning_notes, "planningNotes")
        self.updated_at = now

    def _move(
        self,
        status: AppointmentStatus,
        moves: dict[AppointmentStatus, frozenset[AppointmentStatus]],
        now: datetime,
    ) -> AppointmentStatus:
        if status not in moves.get(self.status, frozenset()):
            raise RuleViolation(
                f"An appointment that is {self.status.value} cannot become {status.value}.",
                field="status",
            )
        previous = self.status
        self.status = status
        self.updated_at = now
        return previous

    def confirm(self, now: datetime) -> AppointmentStatus:
        return self._move(AppointmentStatus.CONFIRMED, PLANNER_MOVES, now)

    def cancel(self, now: datetime) -> AppointmentStatus:
        return self._move(AppointmentStatus.CANCELLED, PLANNER_MOVES, now)

    def call_off(self, now: datetime) -> bool:
        """Cancel because the work itself was cancelled, whatever state the visit is in."""
        if self.is_closed:
            return False
        self.status = AppointmentStatus.CANCELLED
        self.updated_at = now
        return True

    def report(
        self, status: AppointmentStatus, employee_id: UUID, now: datetime
    ) -> AppointmentStatus:
        """The assigned employee's own status update from the field."""
        status = AppointmentStatus(status)
        if status not in FIELD_STATUSES:
            raise InvalidValue(
                "A field update is one of on_the_way, started, paused or done.", field="status"
            )
        if self.assigned_employee_id != employee_id:
            raise RuleViolation("Only the assigned employee reports on this appointment.")
        return self._move(status, FIELD_MOVES, now)
