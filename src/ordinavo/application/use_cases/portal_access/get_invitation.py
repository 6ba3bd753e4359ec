from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Invitation


class GetInvitation:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, invitation_id: UUID) -> Invitation:
        require(actor, Action.READ_PORTAL_ACCESS)
        invitation = await self._uow.invitations.get(invitation_id)
        if invitation is None:
            raise NotFound("invitation")
        return invitation
