from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.portal_access import PortalUser
from ordinavo.domain.security_events import SecurityEvent, SecurityEventKind, SecurityEventQuery


@dataclass(frozen=True, slots=True)
class CloseRequest:
    event: SecurityEvent
    user: PortalUser | None  # None if the account was removed since


class ListCloseRequests:
    """Portal users who asked for their account to be closed, oldest first (tenant admins)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, page: PageRequest) -> Page[CloseRequest]:
        require(actor, Action.HANDLE_PERSONAL_DATA)
        found = await self._uow.security_events.list(
            page, SecurityEventQuery(kind=SecurityEventKind.ACCOUNT_CLOSE_REQUESTED)
        )
        users = {}
        for event in found.items:
            if event.portal_user_id is not None and event.portal_user_id not in users:
                users[event.portal_user_id] = await self._uow.portal_users.get(event.portal_user_id)
        return Page(
            [
                CloseRequest(e, users.get(e.portal_user_id) if e.portal_user_id else None)
                for e in found.items
            ],
            found.next_after,
        )
