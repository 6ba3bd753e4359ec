"""Loading an attachment the internal actor may see: through its report or its request."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import visible_report
from ordinavo.domain.access import sees_all_work
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.identity import Actor


async def visible_attachment(uow: UnitOfWork, actor: Actor, attachment_id: UUID) -> Attachment:
    attachment, _ = await visible_attachment_and_work(uow, actor, attachment_id)
    return attachment


async def visible_attachment_and_work(
    uow: UnitOfWork, actor: Actor, attachment_id: UUID
) -> tuple[Attachment, UUID | None]:
    """The attachment, and the work its report is about (None for a request's file)."""
    attachment = await uow.attachments.get(attachment_id)
    if attachment is None:
        raise NotFound("attachment")
    work_id = None
    try:
        if attachment.report_id is not None:
            work_id = (await visible_report(uow, actor, attachment.report_id)).target_id
        elif not sees_all_work(actor):
            raise NotFound("attachment")  # request files are for the review queue
    except NotFound:
        raise NotFound("attachment") from None
    return attachment, work_id


def record(
    recorder: ChangeRecorder,
    uow: UnitOfWork,
    actor: Actor,
    event: str,
    attachment: Attachment,
    work_id: UUID | None,
) -> None:
    recorder.record(
        uow,
        actor,
        event,
        subject_type="attachment",
        subject_id=attachment.id,
        customer_id=attachment.customer_id,
        location_id=attachment.location_id,
        payload={
            "reportId": str(attachment.report_id) if attachment.report_id else None,
            "requestId": str(attachment.request_id) if attachment.request_id else None,
            "released": attachment.is_released,
        },
        work_id=work_id,
    )
