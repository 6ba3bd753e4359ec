from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Grant, PortalUser


@dataclass(frozen=True, slots=True)
class PortalUserWithGrants:
    user: PortalUser
    grants: list[Grant]


class GetPortalUser:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, user_id: UUID) -> PortalUserWithGrants:
        require(actor, Action.READ_PORTAL_ACCESS)
        user = await self._uow.portal_users.get(user_id)
        if user is None:
            raise NotFound("portal user")
        grants = await self._uow.grants.list_for_user(user.id, PageRequest(size=100))
        return PortalUserWithGrants(user=user, grants=grants.items)
