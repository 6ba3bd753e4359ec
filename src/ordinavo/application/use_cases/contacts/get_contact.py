from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.visibility import visible_contacts, visible_customers
from ordinavo.domain.access import Action
from ordinavo.domain.contacts import Contact
from ordinavo.domain.identity import Actor


class GetContact:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, contact_id: UUID) -> Contact:
        require(actor, Action.READ_CONTACTS)
        contact = await self._uow.contacts.get(contact_id)
        if (
            contact is None
            or not (await visible_customers(self._uow, actor)).allows(contact.customer_id)
            or not (await visible_contacts(self._uow, actor)).allows(contact.id)
        ):
            raise NotFound("contact")
        return contact
