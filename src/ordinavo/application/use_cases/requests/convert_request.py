from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.requests._shared import load, record
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, Window
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Priority
from ordinavo.domain.requests import PortalRequest
from ordinavo.domain.work import Origin, Target, TargetDetails, TargetStatus


@dataclass(frozen=True, slots=True)
class Conversion:
    title: str | None = None  # the request's title unless given
    priority: Priority = Priority.NORMAL
    assigned_employee_id: UUID | None = None
    plan_window: int | None = None  # plan a visit in this preferred window (0 = first)


@dataclass(frozen=True, slots=True)
class Converted:
    request: PortalRequest
    target: Target
    appointment: Appointment | None


class ConvertRequest:
    """Turn a request into work for its customer, location and contact, maybe with a visit."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, request_id: UUID, how: Conversion) -> Converted:
        require(actor, Action.REVIEW_REQUESTS)
        require(actor, Action.PLAN_WORK)
        request = await load(self._uow, request_id)
        now = self._clock.now()
        customer = await self._uow.customers.get(request.customer_id)
        if customer is None:
            raise NotFound("customer")
        location = (
            await self._uow.locations.get(request.location_id) if request.location_id else None
        )
        contact = await self._uow.contacts.get(request.contact_id) if request.contact_id else None
        if contact is not None and contact.is_archived:
            contact = None
        await ensure_assignable(self._uow, how.assigned_employee_id)
        target = Target.create(
            id=self._ids.new_id(),
            customer=customer,
            location=location,
            contact=contact,
            details=TargetDetails(title=how.title or request.title, priority=how.priority),
            origin=Origin.PORTAL_REQUEST,
            now=now,
        )
        target.assigned_employee_id = how.assigned_employee_id
        request.convert(actor.id, target.id, now)
        await self._uow.targets.add(target)
        visit = None
        if how.plan_window is not None:
            if not 0 <= how.plan_window < len(request.windows) or location is None:
                raise InvalidValue(
                    "planWindow must name one of the request's preferred windows.",
                    field="planWindow",
                )
            chosen = request.windows[how.plan_window]
            visit = Appointment.plan(
                id=self._ids.new_id(),
                target=target,
                location=location,
                window=Window.of(chosen.starts_at, chosen.ends_at),
                now=now,
                assigned_employee_id=how.assigned_employee_id,
            )
            await self._uow.appointments.add(visit)
            target.move_to(TargetStatus.PLANNED, now)
            await self._uow.targets.save(target)
        await self._uow.requests.save(request)
        record(self._recorder, self._uow, actor, "request.converted", request)
        self._recorder.record(
            self._uow,
            actor,
            "target.created",
            subject_type="target",
            subject_id=target.id,
            customer_id=target.customer_id,
            location_id=target.location_id,
            payload={"origin": target.origin.value, "status": target.status.value},
        )
        if visit is not None:
            self._recorder.record(
                self._uow,
                actor,
                "appointment.planned",
                subject_type="appointment",
                subject_id=visit.id,
                customer_id=visit.customer_id,
                location_id=visit.location_id,
                payload={"status": visit.status.value, "targetId": str(target.id)},
            )
        await self._uow.commit()
        return Converted(request, target, visit)
