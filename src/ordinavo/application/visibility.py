"""Which records an internal actor may read, as record scopes.

Employees see the customers and locations of the work assigned to them (directly or through
an appointment), and of those customers' contacts only the contact persons of that work;
every other role sees the whole tenant.
"""

from __future__ import annotations

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import (
    RecordScope,
    contact_scope,
    customer_scope,
    location_scope,
    sees_all_work,
)
from ordinavo.domain.identity import Actor
from ordinavo.domain.work import Target


async def visible_customers(uow: UnitOfWork, actor: Actor) -> RecordScope:
    if sees_all_work(actor):
        return RecordScope.everything()
    customers, _ = await uow.targets.assigned_scope(actor.id)
    return customer_scope(actor, customers)


async def visible_locations(uow: UnitOfWork, actor: Actor) -> RecordScope:
    if sees_all_work(actor):
        return RecordScope.everything()
    _, locations = await uow.targets.assigned_scope(actor.id)
    return location_scope(actor, locations)


async def visible_contacts(uow: UnitOfWork, actor: Actor) -> RecordScope:
    """Employees see the contact person of their assigned work, not everyone at its customer."""
    if sees_all_work(actor):
        return RecordScope.everything()
    return contact_scope(actor, await uow.targets.assigned_contacts(actor.id))


async def ensure_sees_target(uow: UnitOfWork, actor: Actor, target: Target | None) -> Target:
    """The target, if the actor may see it; otherwise the same answer as a missing one."""
    if target is None:
        raise NotFound("work item")
    if sees_all_work(actor) or target.assigned_employee_id == actor.id:
        return target
    # The same rule as the employee's list of work: a visit of theirs, finished ones included.
    if await uow.targets.is_assigned(target.id, actor.id):
        return target
    raise NotFound("work item")
