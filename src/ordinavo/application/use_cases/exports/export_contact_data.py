from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.exports import ContactData
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.audit import AuditQuery
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import MAX_PAGE_SIZE, Page, PageRequest
from ordinavo.domain.security_events import SecurityEventQuery

T = TypeVar("T")


async def _every(read: Callable[[PageRequest], Awaitable[Page[T]]]) -> list[T]:
    found: list[T] = []
    after = None
    while True:
        page = await read(PageRequest(MAX_PAGE_SIZE, after))
        found += page.items
        if page.next_after is None:
            return found
        after = page.next_after


class ExportContactData:
    """Everything the tenant holds about one contact, for a data subject request (tenant
    admins): the contact, their portal account with grants, invitations and sessions, the
    requests and comments they wrote (internal comments are staff's, not theirs), the security
    events and audit entries about them, the mail sent to them and the files they uploaded. The
    export itself is audited."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, contact_id: UUID) -> ContactData:
        require(actor, Action.HANDLE_PERSONAL_DATA)
        uow = self._uow
        contact = await uow.contacts.get(contact_id)
        if contact is None:
            raise NotFound("contact")
        user = await uow.portal_users.find_by_contact(contact.id)
        addresses = {a.lower() for a in (contact.details.email, user.email if user else None) if a}
        mail = sorted(
            {m.id: m for a in addresses for m in await uow.mails.to_recipient(a)}.values(),
            key=lambda m: m.id,
        )
        audit = await _every(
            lambda p: uow.audit.list(p, AuditQuery(object_type="contact", object_id=contact.id))
        )
        if user is not None:
            user_id = user.id
            audit += await _every(
                lambda p: uow.audit.list(
                    p, AuditQuery(object_type="portal_user", object_id=user_id)
                )
            )
            audit += await _every(lambda p: uow.audit.list(p, AuditQuery(actor_id=user_id)))
        audit = sorted({e.id: e for e in audit}.values(), key=lambda e: e.id)
        data = ContactData(
            generated_at=self._clock.now(),
            contact=contact,
            portal_user=user,
            grants=await _every(lambda p: uow.grants.list_for_user(user.id, p)) if user else [],
            invitations=await uow.invitations.of_user(user.id) if user else [],
            sessions=await uow.portal_sessions.of_user(user.id) if user else [],
            requests=await _every(lambda p: uow.requests.list(p, RequestFilter(author_id=user.id)))
            if user
            else [],
            comments=await uow.request_comments.by_author(user.id) if user else [],
            security_events=await _every(
                lambda p: uow.security_events.list(p, SecurityEventQuery(portal_user_id=user.id))
            )
            if user
            else [],
            audit_entries=audit,
            mail=mail,
            files=await uow.attachments.uploaded_by_portal_user(user.id) if user else [],
        )
        self._recorder.audit_only(
            uow, actor, "contact.data_exported", object_type="contact", object_id=contact.id
        )
        await uow.commit()
        return data
