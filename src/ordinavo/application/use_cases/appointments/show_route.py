from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.appointments.plan_route import visits_of_day
from ordinavo.domain.access import Action, sees_all_work
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.contacts import Contact
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.locations import Location
from ordinavo.domain.recurring import ensure_within_reach
from ordinavo.domain.work import Target


@dataclass(frozen=True, slots=True)
class RouteStop:
    """What the employee needs at each stop: where, how to get in, whom to ask."""

    visit: Appointment
    work: Target
    location: Location
    contact: Contact | None


class ShowRoute:
    """An employee's route of a day, in order: their own, or anyone's for planners."""

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, actor: Actor, employee_id: UUID, day: date) -> list[RouteStop]:
        require(actor, Action.READ_WORK)
        if actor.kind is not ActorKind.USER:
            raise Forbidden("Routes are for staff, not for integrations.")
        if not sees_all_work(actor) and employee_id != actor.id:
            raise NotFound("route")
        ensure_within_reach(day, self._clock.now().date(), "day")
        visits = [
            v
            for v in await visits_of_day(self._uow, employee_id, day)
            if v.route.route_stop is not None
        ]
        stops: list[RouteStop] = []
        for visit in sorted(visits, key=lambda v: v.route.route_stop or 0):
            work = await self._uow.targets.get(visit.target_id)
            location = await self._uow.locations.get(visit.location_id)
            if work is None or location is None:
                continue
            contact = await self._uow.contacts.get(work.contact_id) if work.contact_id else None
            stops.append(RouteStop(visit, work, location, contact))
        return stops
