from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.portal_access import PartnerRelation


class ListPartners:
    """The customers, other than its own, a contact is a recorded partner of."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, contact_id: UUID, page: PageRequest
    ) -> Page[PartnerRelation]:
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        if await self._uow.contacts.get(contact_id) is None:
            raise NotFound("contact")
        return await self._uow.partners.list_for_contact(contact_id, page)
