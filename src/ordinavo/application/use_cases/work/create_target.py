from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require, require_own_references
from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action, refused_target_fields
from ordinavo.domain.identity import Actor, Role
from ordinavo.domain.work import Origin, Target, TargetDetails


@dataclass(frozen=True, slots=True)
class NewTarget:
    customer_id: UUID
    details: TargetDetails
    given_fields: frozenset[str]
    location_id: UUID | None = None
    contact_id: UUID | None = None
    assigned_employee_id: UUID | None = None
    origin: Origin = Origin.MANUAL


async def ensure_assignable(uow: UnitOfWork, employee_id: UUID | None) -> None:
    """Work goes to an active employee of this tenant, or to nobody."""
    if employee_id is None:
        return
    user = await uow.users.get(employee_id)
    if user is None or user.disabled_at is not None or user.role is not Role.EMPLOYEE:
        raise NotFound("employee")


class CreateTarget:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, new: NewTarget) -> Target:
        require(actor, Action.PLAN_WORK)
        forbidden = refused_target_fields(actor, new.given_fields)
        if forbidden:
            raise Forbidden("You may not set: " + ", ".join(sorted(forbidden)))
        if new.details.external_reference is not None:
            require_own_references(actor, (new.details.external_reference,))
        customer = await self._uow.customers.get(new.customer_id)
        if customer is None:
            raise NotFound("customer")
        location = None
        if new.location_id is not None:
            location = await self._uow.locations.get(new.location_id)
            if location is None:
                raise NotFound("location")
        contact = None
        if new.contact_id is not None:
            contact = await self._uow.contacts.get(new.contact_id)
            if contact is None:
                raise NotFound("contact")
        await ensure_assignable(self._uow, new.assigned_employee_id)
        now = self._clock.now()
        target = Target.create(
            id=self._ids.new_id(),
            customer=customer,
            location=location,
            contact=contact,
            details=new.details,
            origin=new.origin,
            now=now,
        )
        target.assigned_employee_id = new.assigned_employee_id
        await self._uow.targets.add(target)
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
        await self._uow.commit()
        return target
