from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
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
from ordinavo.domain.visibility import NO_PORTAL_USER, NO_SESSION, PortalSubject


class PreviewContactAccess:
    """Before inviting a contact, staff see what the proposed grant would show it on the
    portal. The grant is checked as an invitation checks it and kept nowhere: no portal user,
    grant or invitation is written, only the audit entry of the view.

    The subject has no user of its own, so lists of "mine" (my requests, my comments) are
    empty, as they are for a user who has just accepted the invitation."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID, grant: GrantSpec) -> PortalSubject:
        require(actor, Action.PREVIEW_PORTAL)
        uow = self._uow
        contact = await uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        customer = await load_grant_customer(uow, contact, grant.customer_id)
        proposed = Grant.give(
            id=NO_PORTAL_USER,
            portal_user_id=NO_PORTAL_USER,
            tenant_id=uow.tenant_id,
            customer_id=customer.id,
            locations=await load_locations(uow, grant.location_ids),
            capabilities=grant.capabilities,
            now=self._clock.now(),
        )
        self._recorder.audit_only(
            uow, actor, "contact.portal_previewed", object_type="contact", object_id=contact.id
        )
        await uow.commit()
        return PortalSubject(
            user_id=NO_PORTAL_USER,
            tenant_id=uow.tenant_id,
            session_id=NO_SESSION,
            grants=(proposed,),
            language=contact.details.preferred_language.value,
        )
