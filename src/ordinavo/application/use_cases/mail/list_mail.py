from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.mail import MailStatus, OutgoingMail
from ordinavo.domain.paging import Page, PageRequest


class ListMail:
    """The mail log of the tenant, newest first: kind, recipient, status, attempts and the
    error class of the last failure. Never the content (it may hold a one-time link)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, status: MailStatus | None = None
    ) -> Page[OutgoingMail]:
        require(actor, Action.READ_MAIL_LOG)
        return await self._uow.mails.page(page, status.value if status else None)
