from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import Target


class AssignTarget:
    """Give the work to an employee (or take it back with None)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, target_id: UUID, employee_id: UUID | None) -> Target:
        require(actor, Action.PLAN_WORK)
        target = await self._uow.targets.get(target_id)
        if target is None:
            raise NotFound("work item")
        await ensure_assignable(self._uow, employee_id)
        if target.assign(employee_id, self._clock.now()):
            await self._uow.targets.save(target)
            self._recorder.record(
                self._uow,
                actor,
                "target.assigned",
                subject_type="target",
                subject_id=target.id,
                customer_id=target.customer_id,
                location_id=target.location_id,
                payload={"assigned": employee_id is not None},
            )
            await self._uow.commit()
        return target
