from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.work.create_target import ensure_assignable
from ordinavo.domain.access import Action
from ordinavo.domain.follow_ups import FollowUp
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Priority
from ordinavo.domain.work import Origin, Target, TargetDetails


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    title: str
    customer_note: str | None = None
    priority: Priority = Priority.NORMAL
    assigned_employee_id: UUID | None = None


class PlanFollowUp:
    """Answer a follow-up need with new work at the same customer, location and contact,
    linked to the original. Its visits are then planned like any other."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, follow_up_id: UUID, plan: FollowUpPlan
    ) -> tuple[FollowUp, Target]:
        require(actor, Action.PLAN_WORK)
        need = await self._uow.follow_ups.get(follow_up_id)
        if need is None:
            raise NotFound("follow-up")
        original = await self._uow.targets.get(need.original_target_id)
        customer = await self._uow.customers.get(need.customer_id)
        if original is None or customer is None:
            raise NotFound("follow-up")
        location = await self._uow.locations.get(need.location_id) if need.location_id else None
        contact = await self._uow.contacts.get(original.contact_id) if original.contact_id else None
        if contact is not None and contact.is_archived:
            contact = None
        await ensure_assignable(self._uow, plan.assigned_employee_id)
        now = self._clock.now()
        target = Target.create(
            id=self._ids.new_id(),
            customer=customer,
            location=location,
            contact=contact,
            details=TargetDetails(title=plan.title, priority=plan.priority),
            origin=Origin.MANUAL,
            now=now,
        )
        target.assigned_employee_id = plan.assigned_employee_id
        need.plan(target.id, plan.customer_note, now)
        await self._uow.targets.add(target)
        await self._uow.follow_ups.save(need)
        self._recorder.record(
            self._uow,
            actor,
            "target.created",
            subject_type="target",
            subject_id=target.id,
            customer_id=target.customer_id,
            location_id=target.location_id,
            payload={"origin": target.origin.value, "followUpId": str(need.id)},
        )
        self._recorder.record(
            self._uow,
            actor,
            "follow_up.planned",
            subject_type="follow_up",
            subject_id=need.id,
            customer_id=need.customer_id,
            location_id=need.location_id,
            payload={"plannedTargetId": str(target.id), "status": need.status.value},
            work_id=need.original_target_id,
        )
        await self._uow.commit()
        return need, target
