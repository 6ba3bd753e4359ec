from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal_access.invitation_mail import queue_invitation
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Invitation
from ordinavo.domain.security_events import SecurityEventKind


class ResendInvitation:
    """Send a new link; the previous link stops working at once."""

    def __init__(
        self,
        uow: UnitOfWork,
        directory: TenantDirectory,
        secrets: SecretGenerator,
        mail: MailQueue,
        links: PortalLinks,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._directory = directory
        self._secrets = secrets
        self._mail = mail
        self._links = links
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, invitation_id: UUID) -> Invitation:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        invitation = await self._uow.invitations.get(invitation_id)
        if invitation is None:
            raise NotFound("invitation")
        user = await self._uow.portal_users.get(invitation.portal_user_id)
        tenant = await self._directory.get(self._uow.tenant_id)
        if user is None or tenant is None:
            raise NotFound("invitation")
        token = self._secrets.token()
        invitation.resend(
            self._secrets.digest(token), tenant.settings.invitation_valid_days, self._clock.now()
        )
        await self._uow.invitations.save(invitation)
        self._recorder.record(
            self._uow,
            actor,
            "portal_invitation.resent",
            subject_type="portal_invitation",
            subject_id=invitation.id,
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.INVITATION_RESENT,
            portal_user_id=user.id,
            actor_id=actor.id,
        )
        await queue_invitation(self._mail, self._uow, self._links, tenant, user, invitation, token)
        await self._uow.commit()
        return invitation
