"""The mail log (tenant admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.params import Parameter

from ordinavo.application.use_cases.mail.list_mail import ListMail
from ordinavo.domain.identity import Actor
from ordinavo.domain.mail import MailStatus, OutgoingMail
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, Limit
from ordinavo.entrypoints.internal_api.schemas import Output

Status = Annotated[
    Literal["queued", "sent", "failed"] | None,
    Parameter(description="Only mail in this state"),
]


class MailOut(Output):
    id: UUID
    kind: str
    recipient: str
    language: str
    status: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_error_class: str | None


def mail_out(m: OutgoingMail) -> MailOut:
    return MailOut(
        id=m.id,
        kind=m.kind.value,
        recipient=m.recipient,
        language=m.language,
        status=m.status.value,
        attempts=m.attempts,
        created_at=m.created_at,
        sent_at=m.sent_at,
        next_attempt_at=m.next_attempt_at,
        last_attempt_at=m.last_attempt_at,
        last_error_class=m.last_error_class.value if m.last_error_class else None,
    )


class MailController(Controller):
    path = "/mail"
    tags = ["mail"]

    @get("/", summary="The mail log: what was mailed to whom, and whether it went out (admins)")
    async def list_mail(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListMail],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: Status = None,
    ) -> PageOf[MailOut]:
        page = await use_case(
            actor, page_request(limit, cursor), MailStatus(status) if status else None
        )
        return PageOf(
            items=[
                mail_out(m) for m in page.items
            ],
            next_cursor=encode_cursor(page.next_after),
        )
