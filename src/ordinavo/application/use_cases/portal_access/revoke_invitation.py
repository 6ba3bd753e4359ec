from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Invitation, InvitationStatus
from ordinavo.domain.security_events import SecurityEventKind


class RevokeInvitation:
    """The link dies; if it was already accepted, the account loses access and its sessions end."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, invitation_id: UUID) -> Invitation:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        invitation = await self._uow.invitations.get(invitation_id)
        if invitation is None:
            raise NotFound("invitation")
        now = self._clock.now()
        was_accepted = invitation.status_at(now) is InvitationStatus.ACCEPTED
        invitation.revoke(now)
        await self._uow.invitations.save(invitation)
        if was_accepted:
            user = await self._uow.portal_users.get(invitation.portal_user_id)
            if user is not None and user.disabled_at is None:
                user.disable(now)
                await self._uow.portal_users.save(user)
        ended = await self._uow.portal_sessions.revoke_all_of_user(
            invitation.portal_user_id, now, "invitation_revoked"
        )
        self._recorder.record(
            self._uow,
            actor,
            "portal_invitation.revoked",
            subject_type="portal_invitation",
            subject_id=invitation.id,
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.INVITATION_REVOKED,
            portal_user_id=invitation.portal_user_id,
            actor_id=actor.id,
        )
        if ended:
            self._recorder.security(
                self._uow,
                SecurityEventKind.SESSION_REVOKED,
                portal_user_id=invitation.portal_user_id,
                actor_id=actor.id,
            )
        await self._uow.commit()
        return invitation
