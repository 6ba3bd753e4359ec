from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal_access.grant_spec import (
    GrantSpec,
    load_grant_customer,
    load_locations,
)
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Grant
from ordinavo.domain.security_events import SecurityEventKind


class AddGrant:
    """Give a portal user access to a customer (or locations of it): its contact's own, or one
    staff recorded the contact as a partner of."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, portal_user_id: UUID, spec: GrantSpec) -> Grant:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        user = await self._uow.portal_users.get(portal_user_id)
        if user is None:
            raise NotFound("portal user")
        contact = await self._uow.contacts.get(user.contact_id)
        if contact is None:
            raise NotFound("portal user")
        customer = await load_grant_customer(self._uow, contact, spec.customer_id)
        locations = await load_locations(self._uow, spec.location_ids)
        grant = Grant.give(
            id=self._ids.new_id(),
            portal_user_id=user.id,
            tenant_id=self._uow.tenant_id,
            customer_id=customer.id,
            locations=locations,
            capabilities=spec.capabilities,
            now=self._clock.now(),
        )
        await self._uow.grants.add(grant)
        self._recorder.record(
            self._uow,
            actor,
            "portal_grant.added",
            subject_type="portal_grant",
            subject_id=grant.id,
            customer_id=customer.id,
        )
        self._recorder.security(
            self._uow, SecurityEventKind.GRANT_ADDED, portal_user_id=user.id, actor_id=actor.id
        )
        await self._uow.commit()
        return grant
