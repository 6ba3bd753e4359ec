from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal_access.grant_spec import (
    GrantSpec,
    load_grant_customer,
    load_locations,
)
from ordinavo.application.use_cases.portal_access.invitation_mail import queue_invitation
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Grant, Invitation, PortalUser
from ordinavo.domain.security_events import SecurityEventKind


class InviteContact:
    """Invite an existing contact to the portal, together with its first grant."""

    def __init__(
        self,
        uow: UnitOfWork,
        directory: TenantDirectory,
        secrets: SecretGenerator,
        mail: MailQueue,
        links: PortalLinks,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._directory = directory
        self._secrets = secrets
        self._mail = mail
        self._links = links
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, actor: Actor, contact_id: UUID, email: str | None, grant: GrantSpec
    ) -> Invitation:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        uow = self._uow
        contact = await uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        customer = await load_grant_customer(uow, contact, grant.customer_id)
        locations = await load_locations(uow, grant.location_ids)
        tenant = await self._directory.get(uow.tenant_id)
        if tenant is None:
            raise NotFound("tenant")
        now = self._clock.now()
        user = PortalUser.invite(id=self._ids.new_id(), contact=contact, email=email, now=now)
        if await uow.portal_users.find_by_email(user.email) is not None:
            raise Conflict(
                "This e-mail address already has a portal account in this tenant; "
                "add a grant to it instead."
            )
        first_grant = Grant.give(
            id=self._ids.new_id(),
            portal_user_id=user.id,
            tenant_id=uow.tenant_id,
            customer_id=customer.id,
            locations=locations,
            capabilities=grant.capabilities,
            now=now,
        )
        token = self._secrets.token()
        invitation = Invitation.issue(
            id=self._ids.new_id(),
            user=user,
            token_hash=self._secrets.digest(token),
            valid_days=tenant.settings.invitation_valid_days,
            invited_by=actor.id,
            now=now,
        )
        await uow.portal_users.add(user)
        await uow.grants.add(first_grant)
        await uow.invitations.add(invitation)
        self._recorder.record(
            uow,
            actor,
            "portal_invitation.issued",
            subject_type="portal_invitation",
            subject_id=invitation.id,
            customer_id=customer.id,
        )
        self._recorder.security(
            uow, SecurityEventKind.INVITATION_ISSUED, portal_user_id=user.id, actor_id=actor.id
        )
        await queue_invitation(self._mail, uow, self._links, tenant, user, invitation, token)
        await uow.commit()
        return invitation
