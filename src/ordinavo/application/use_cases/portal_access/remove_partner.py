from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.security_events import SecurityEventKind


class RemovePartner:
    """Remove a recorded partner relation; the contact's active grants on that customer are
    revoked in the same transaction.

    Revoking rather than refusing while grants exist: whoever ends the relation means the
    contact to stop seeing that customer, and a refusal would leave the access in place
    until a second step. Access given by mistake can be given again; records seen cannot be
    unseen. Every revoked grant is audited as if revoked by hand."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID, customer_id: UUID) -> None:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        uow = self._uow
        contact = await uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        relation = await uow.partners.get(contact.id, customer_id)
        if relation is None:
            raise NotFound("partner relation")
        now = self._clock.now()
        user = await uow.portal_users.find_by_contact(contact.id)
        revoked = []
        if user is not None:
            for grant in await uow.grants.active_for_customer(customer_id):
                if grant.portal_user_id == user.id:
                    grant.revoke(now)
                    await uow.grants.save(grant)
                    revoked.append(grant)
        await uow.partners.remove(relation)
        for grant in revoked:
            self._recorder.record(
                uow,
                actor,
                "portal_grant.revoked",
                subject_type="portal_grant",
                subject_id=grant.id,
                customer_id=grant.customer_id,
            )
            self._recorder.security(
                uow,
                SecurityEventKind.GRANT_REVOKED,
                portal_user_id=grant.portal_user_id,
                actor_id=actor.id,
            )
        if user is not None and revoked:
            # As when a grant is revoked by hand: the user signs in again with what is left.
            ended = await uow.portal_sessions.revoke_all_of_user(user.id, now, "grant_revoked")
            if ended:
                self._recorder.security(
                    uow,
                    SecurityEventKind.SESSION_REVOKED,
                    portal_user_id=user.id,
                    actor_id=actor.id,
                )
        self._recorder.record(
            uow,
            actor,
            "contact.partner_removed",
            subject_type="contact",
            subject_id=contact.id,
            customer_id=customer_id,
            payload={
                "contactId": str(contact.id),
                "customerId": str(customer_id),
                "grantsRevoked": len(revoked),
            },
        )
        await uow.commit()
