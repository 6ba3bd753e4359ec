from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import Target, TargetStatus


class ChangeTargetStatus:
    """Move work along its state machine: hold, resume, start, complete or cancel.

    Cancelling also cancels the work's open appointments; completing is refused while
    appointments lie ahead.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, target_id: UUID, status: TargetStatus) -> Target:
        require(actor, Action.PLAN_WORK)
        target = await self._uow.targets.get(target_id)
        if target is None:
            raise NotFound("work item")
        now = self._clock.now()
        previous = target.move_to(status, now)
        visits = await self._uow.appointments.open_for_target(target.id)
        if status is TargetStatus.COMPLETED and any(v.window.starts_at > now for v in visits):
            raise Conflict("The work still has appointments ahead; cancel them first.")
        if status is TargetStatus.CANCELLED:
            for visit in visits:
                if visit.call_off(now):
                    await self._uow.appointments.save(visit)
                    self._record_visit(actor, target, visit.id)
        await self._uow.targets.save(target)
        self._recorder.record(
            self._uow,
            actor,
            "target.status_changed",
            subject_type="target",
            subject_id=target.id,
            customer_id=target.customer_id,
            location_id=target.location_id,
            payload={"from": previous.value, "to": target.status.value},
        )
        await self._uow.commit()
        return target

    def _record_visit(self, actor: Actor, target: Target, appointment_id: UUID) -> None:
        self._recorder.record(
            self._uow,
            actor,
            "appointment.cancelled",
            subject_type="appointment",
            subject_id=appointment_id,
            customer_id=target.customer_id,
            location_id=target.location_id,
            payload={"because": "work_cancelled"},
        )
