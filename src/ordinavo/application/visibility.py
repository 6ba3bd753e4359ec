"""Which customer-core records an internal actor may read, as record scopes."""

from __future__ import annotations

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import RecordScope, customer_scope, location_scope
from ordinavo.domain.identity import Actor

# No work can be assigned to an employee yet (targets and appointments arrive with the
# planned-work capability), so an employee's assigned customers and locations are none.
_NO_ASSIGNED_WORK: frozenset = frozenset()


async def visible_customers(uow: UnitOfWork, actor: Actor) -> RecordScope:
    return customer_scope(actor, _NO_ASSIGNED_WORK)


async def visible_locations(uow: UnitOfWork, actor: Actor) -> RecordScope:
    return location_scope(actor, _NO_ASSIGNED_WORK)
