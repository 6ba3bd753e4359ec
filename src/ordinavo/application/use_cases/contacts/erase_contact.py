from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor


class EraseContact:
    """A tenant admin erases a contact person: its portal account (sessions end at once),
    grants and invitations, mail to it and its events go with its record; the work and
    requests it was named on stay, naming no contact."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID) -> None:
        require(actor, Action.ERASE_PERSONAL_DATA)
        if await self._uow.contacts.get(contact_id) is None:
            raise NotFound("contact")
        await self._uow.erasure.erase_contact(contact_id)
        self._recorder.audit_only(
            self._uow, actor, "contact.erased", object_type="contact", object_id=contact_id
        )
        await self._uow.commit()
