from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.security_events import SecurityEvent, SecurityEventQuery


class ListSecurityEvents:
    """Login and security events of the tenant, for tenant admins."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: SecurityEventQuery = SecurityEventQuery()
    ) -> Page[SecurityEvent]:
        require(actor, Action.READ_AUDIT)
        return await self._uow.security_events.list(page, where)
