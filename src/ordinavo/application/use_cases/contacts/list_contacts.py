from __future__ import annotations

import dataclasses

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import ContactFilter, UnitOfWork
from ordinavo.application.visibility import visible_contacts, visible_customers
from ordinavo.domain.access import Action
from ordinavo.domain.contacts import Contact
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListContacts:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, where: ContactFilter
    ) -> Page[Contact]:
        require(actor, Action.READ_CONTACTS)
        where = dataclasses.replace(
            where,
            customer_scope=await visible_customers(self._uow, actor),
            contact_scope=await visible_contacts(self._uow, actor),
        )
        return await self._uow.contacts.list(page, where)
