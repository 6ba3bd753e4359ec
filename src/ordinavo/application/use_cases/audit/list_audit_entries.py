from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.audit import AuditEntry, AuditQuery
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListAuditEntries:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: AuditQuery = AuditQuery()
    ) -> Page[AuditEntry]:
        require(actor, Action.READ_AUDIT)
        return await self._uow.audit.list(page, where)
