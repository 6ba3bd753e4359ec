"""Bodies of visit reports, attachments, follow-ups and billing triggers (internal API)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from msgspec import UNSET, Meta, UnsetType

from ordinavo.domain import access
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport
from ordinavo.entrypoints.internal_api.schemas import Input, Output, visible

Title = Annotated[str, Meta(min_length=1, max_length=200)]
Notes = Annotated[str, Meta(max_length=4000)]
ShortNotes = Annotated[str, Meta(max_length=2000)]
ResultName = Literal["completed", "partly_completed", "not_completed"]
PriorityName = Literal["low", "normal", "high", "urgent"]


class ReportCreate(Input, kw_only=True):
    target_id: UUID
    appointment_id: UUID | UnsetType | None = UNSET
    title: Title
    result: ResultName | UnsetType = UNSET
    summary: Notes | UnsetType | None = UNSET
    problems: Notes | UnsetType | None = UNSET
    follow_up_required: bool | UnsetType = UNSET
    follow_up_description: ShortNotes | UnsetType | None = UNSET
    billable: bool | UnsetType = UNSET
    internal_notes: Notes | UnsetType | None = UNSET


class ReportChange(Input, kw_only=True):
    title: Title | UnsetType = UNSET
    result: ResultName | UnsetType = UNSET
    summary: Notes | UnsetType | None = UNSET
    problems: Notes | UnsetType | None = UNSET
    follow_up_required: bool | UnsetType = UNSET
    follow_up_description: ShortNotes | UnsetType | None = UNSET
    billable: bool | UnsetType = UNSET
    internal_notes: Notes | UnsetType | None = UNSET


class ChangesRequest(Input, kw_only=True):
    comment: Annotated[str, Meta(min_length=1, max_length=2000)]


class PublishBody(Input, kw_only=True):
    portal_title: Annotated[str, Meta(max_length=200)]
    portal_summary: Annotated[str, Meta(max_length=4000)]
    customer_message: Annotated[str, Meta(max_length=2000)]


class ReviewOut(Output, kw_only=True):
    reviewed_by: UUID
    reviewed_at: datetime
    comment: str | None = None


class PublicationOut(Output, kw_only=True):
    portal_title: str
    portal_summary: str
    customer_message: str
    published_by: UUID
    published_at: datetime


class ReportOut(Output, kw_only=True):
    id: UUID | UnsetType = UNSET
    target_id: UUID | UnsetType = UNSET
    appointment_id: UUID | UnsetType | None = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    author_id: UUID | UnsetType = UNSET
    title: str | UnsetType = UNSET
    result: str | UnsetType = UNSET
    summary: str | UnsetType | None = UNSET
    problems: str | UnsetType | None = UNSET
    follow_up_required: bool | UnsetType = UNSET
    follow_up_description: str | UnsetType | None = UNSET
    billable: bool | UnsetType = UNSET
    internal_notes: str | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    visited_at: datetime | UnsetType | None = UNSET
    submitted_at: datetime | UnsetType | None = UNSET
    review: ReviewOut | UnsetType | None = UNSET
    publication: PublicationOut | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET


def report_out(report: VisitReport, actor: Actor) -> ReportOut:
    c = report.content
    r = report.review
    p = report.publication
    values: dict[str, Any] = {
        "id": report.id,
        "target_id": report.target_id,
        "appointment_id": report.appointment_id,
        "customer_id": report.customer_id,
        "location_id": report.location_id,
        "author_id": report.author_id,
        "title": c.title,
        "result": c.result.value,
        "summary": c.summary,
        "problems": c.problems,
        "follow_up_required": c.follow_up_required,
        "follow_up_description": c.follow_up_description,
        "billable": c.billable,
        "internal_notes": c.internal_notes,
        "status": report.status.value,
        "visited_at": report.visited_at,
        "submitted_at": report.submitted_at,
        "review": ReviewOut(reviewed_by=r.reviewed_by, reviewed_at=r.reviewed_at, comment=r.comment)
        if r
        else None,
        "publication": PublicationOut(
            portal_title=p.texts.title,
            portal_summary=p.texts.summary,
            customer_message=p.texts.message,
            published_by=p.published_by,
            published_at=p.published_at,
        )
        if p
        else None,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }
    return visible(ReportOut, values, access.report_fields(actor))


class AttachmentOut(Output, kw_only=True):
    """The storage key stays on the server; files are fetched through /attachments/{id}."""

    id: UUID
    customer_id: UUID
    location_id: UUID | None = None
    report_id: UUID | None = None
    request_id: UUID | None = None
    comment_id: UUID | None = None  # the reply to the customer a request's file hangs on
    file_name: str
    media_type: str
    size: int
    checksum_sha256: str
    uploaded_by_type: str
    uploaded_by_id: UUID
    uploaded_at: datetime
    released: bool
    released_at: datetime | None = None
    released_by: UUID | None = None


class AttachmentDownloadOut(Output):
    id: UUID
    portal_user_id: UUID
    portal_user_name: str
    downloaded_at: datetime


def attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=a.id,
        customer_id=a.customer_id,
        location_id=a.location_id,
        report_id=a.report_id,
        request_id=a.request_id,
        comment_id=a.comment_id,
        file_name=a.file_name,
        media_type=a.media_type,
        size=a.size,
        checksum_sha256=a.checksum_sha256,
        uploaded_by_type=a.uploaded_by_type,
        uploaded_by_id=a.uploaded_by_id,
        uploaded_at=a.uploaded_at,
        released=a.is_released,
        released_at=a.released_at,
        released_by=a.released_by,
    )


class FollowUpPlanBody(Input, kw_only=True):
    title: Title
    customer_note: ShortNotes | UnsetType | None = UNSET
    priority: PriorityName | UnsetType = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET


class FollowUpOut(Output, kw_only=True):
    id: UUID
    report_id: UUID
    original_target_id: UUID
    customer_id: UUID
    location_id: UUID | None = None
    description: str
    customer_note: str | None = None
    status: str
    created_at: datetime
    planned_target_id: UUID | None = None
    planned_at: datetime | None = None


def follow_up_out(f: FollowUp) -> FollowUpOut:
    return FollowUpOut(
        id=f.id,
        report_id=f.report_id,
        original_target_id=f.original_target_id,
        customer_id=f.customer_id,
        location_id=f.location_id,
        description=f.description,
        customer_note=f.customer_note,
        status=f.status.value,
        created_at=f.created_at,
        planned_target_id=f.planned_target_id,
        planned_at=f.planned_at,
    )


class BillingTriggerOut(Output, kw_only=True):
    id: UUID | UnsetType = UNSET
    report_id: UUID | UnsetType = UNSET
    target_id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    approved_by: UUID | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    billing_details: str | UnsetType | None = UNSET


def billing_trigger_out(t: BillingTrigger, actor: Actor) -> BillingTriggerOut:
    values: dict[str, Any] = {
        "id": t.id,
        "report_id": t.report_id,
        "target_id": t.target_id,
        "customer_id": t.customer_id,
        "approved_by": t.approved_by,
        "created_at": t.created_at,
        "billing_details": t.billing_details,
    }
    return visible(BillingTriggerOut, values, access.billing_trigger_fields(actor))
