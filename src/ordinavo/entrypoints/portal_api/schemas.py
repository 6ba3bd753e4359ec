"""Portal request and response bodies. Responses are closed allow-lists: nothing internal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from ordinavo.entrypoints.common.text import TypedEmail, TypedSlug

Password = Annotated[str, Meta(min_length=1, max_length=128)]


class PortalInput(msgspec.Struct, forbid_unknown_fields=True, rename="camel", kw_only=True):
    """Base of every portal request body."""


class PortalOutput(msgspec.Struct, rename="camel", kw_only=True):
    """Base of every portal response body."""


class PortalLoginBody(PortalInput):
    tenant: TypedSlug
    email: TypedEmail
    password: Password


class AcceptInvitationBody(PortalInput):
    password: Password


class PasswordChangeBody(PortalInput):
    current_password: Password
    new_password: Password


class ResetRequestBody(PortalInput):
    tenant: TypedSlug
    email: TypedEmail


class ResetCompleteBody(PortalInput):
    token: Annotated[str, Meta(min_length=1, max_length=200)]
    password: Password


class ProfileChangeBody(PortalInput):
    display_name: Annotated[str, Meta(min_length=1, max_length=200)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    phone: Annotated[str, Meta(max_length=40)] | msgspec.UnsetType | None = msgspec.UNSET
    language: Literal["en", "de", "ar"] | msgspec.UnsetType = msgspec.UNSET


class SessionsEndedOut(PortalOutput):
    sessions_ended: int


class ResetPreviewOut(PortalOutput):
    tenant_name: str
    expires_at: datetime


NotificationKind = Annotated[
    str,
    Meta(
        max_length=40,
        description="A kind of notification: request_received, request_under_review, "
        "request_accepted, request_declined, request_planned, visit_planned, "
        "visit_rescheduled, visit_cancelled, visit_reminder, report_published, "
        "follow_up_planned.",
    ),
]


class NotificationChoice(PortalInput):
    kind: NotificationKind
    receive: bool


class NotificationChoicesBody(PortalInput):
    preferences: Annotated[list[NotificationChoice], Meta(min_length=1, max_length=20)]


class NotificationChoiceOut(PortalOutput):
    kind: str
    receive: bool


class NotificationPreferencesOut(PortalOutput):
    preferences: list[NotificationChoiceOut]


class UnsubscribeLinkOut(PortalOutput):
    kind: str


class UnsubscribedOut(PortalOutput):
    kind: str
    receive: bool


class SessionOut(PortalOutput):
    token: str
    token_type: str
    expires_at: datetime


class InvitationPreviewOut(PortalOutput):
    tenant_name: str
    tenant: str
    name: str
    email: str
    expires_at: datetime


class CapabilitiesOut(PortalOutput):
    submit_requests: bool
    see_reports: bool
    download_attachments: bool


class AccessOut(PortalOutput):
    customer_id: UUID
    customer_name: str
    whole_customer: bool
    location_ids: list[UUID]
    capabilities: CapabilitiesOut


class MeOut(PortalOutput):
    name: str
    email: str
    language: str
    access: list[AccessOut]


class PortalLocationOut(PortalOutput):
    id: UUID
    customer_id: UUID
    customer_name: str
    name: str
    address_line: str
    postal_code: str | None
    city: str
    country: str


class PortalRecurringVisitOut(PortalOutput, kw_only=True):
    """A maintenance plan as the customer may see it: no internal title, template or staff."""

    location_id: UUID
    label: str
    description: str | None = None
    next_dates: list[date]


class PortalRecurringVisitList(PortalOutput):
    items: list[PortalRecurringVisitOut]


class PortalLocationPage(PortalOutput):
    items: list[PortalLocationOut]
    next_cursor: str | None


# --- planned work: only what the customer may read -------------------------------------------


class PortalStatusOut(PortalOutput):
    key: str
    label: str


class PortalPlaceOut(PortalOutput):
    id: UUID
    name: str
    address_line: str
    postal_code: str | None
    city: str
    country: str


class TechnicianOut(PortalOutput):
    first_name: str


class PortalAppointmentOut(PortalOutput):
    id: UUID
    starts_at: datetime
    ends_at: datetime
    status: PortalStatusOut
    work_title: str
    customer_name: str
    location: PortalPlaceOut
    technician: TechnicianOut | None


class PortalAppointmentPage(PortalOutput):
    items: list[PortalAppointmentOut]
    next_cursor: str | None


class PortalWorkOut(PortalOutput):
    id: UUID
    title: str
    status: PortalStatusOut
    due_date: date | None
    customer_name: str
    location: PortalPlaceOut | None
    next_visit_starts_at: datetime | None


class PortalWorkPage(PortalOutput):
    items: list[PortalWorkOut]
    next_cursor: str | None


class CalendarFeedOut(PortalOutput):
    url: str
    created_at: datetime


# --- requests --------------------------------------------------------------------------------

RequestTypeName = Literal[
    "service", "maintenance", "appointment", "support", "reschedule", "cancellation"
]


class RequestWindowBody(PortalInput):
    starts_at: datetime
    ends_at: datetime


class SubmitRequestBody(PortalInput):
    type: RequestTypeName
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    description: Annotated[str, Meta(min_length=1, max_length=4000)]
    location_id: UUID | None = None
    customer_id: UUID | None = None
    appointment_id: UUID | None = None
    preferred_windows: Annotated[list[RequestWindowBody], Meta(max_length=20)] = msgspec.field(
        default_factory=list
    )


class RequestCommentBody(PortalInput):
    body: Annotated[str, Meta(min_length=1, max_length=4000)]


class WindowOut(PortalOutput):
    starts_at: datetime
    ends_at: datetime


class MilestoneOut(PortalOutput):
    key: str
    label: str
    at: datetime
    reason: str | None
    visit_starts_at: datetime | None


class PortalRequestOut(PortalOutput):
    id: UUID
    type: str
    title: str
    description: str
    status: PortalStatusOut
    customer_id: UUID
    location_id: UUID | None
    appointment_id: UUID | None
    preferred_windows: list[WindowOut]
    submitted_at: datetime
    mine: bool
    decline_reason: str | None
    next_visit_starts_at: datetime | None
    milestones: list[MilestoneOut]


class PortalRequestFileOut(PortalOutput):
    """A file shown with a request: who sent it in the customer's words ("customer" or
    "staff", as on comments; staff stay anonymous), and nothing of where it is stored.
    Fetched through /files/{id}."""

    id: UUID
    file_name: str
    media_type: str
    size: int
    uploaded_at: datetime
    by: Literal["customer", "staff"]
    mine: bool


class PortalRequestFilePage(PortalOutput):
    items: list[PortalRequestFileOut]
    next_cursor: str | None


class PortalRequestDetailOut(PortalRequestOut):
    """One request, with the files shown with it, oldest first."""

    files: list[PortalRequestFileOut]


class PortalRequestPage(PortalOutput):
    items: list[PortalRequestOut]
    next_cursor: str | None


class PortalCommentOut(PortalOutput):
    id: UUID
    by: str  # "customer" or "staff"; staff stay anonymous to the customer
    mine: bool
    body: str
    created_at: datetime
    files: list[PortalFileOut]  # what staff attached to this reply; fetched through /files/{id}


class PortalCommentPage(PortalOutput):
    items: list[PortalCommentOut]
    next_cursor: str | None


class PortalFileOut(PortalOutput):
    """A released file: its name, type and size. Fetched through /files/{id}, nothing else."""

    id: UUID
    file_name: str
    media_type: str
    size: int


class PortalReportOut(PortalOutput):
    """A published report: the texts written for the customer, never the internal ones."""

    id: UUID
    title: str
    summary: str
    message: str
    status: PortalStatusOut
    published_at: datetime
    visited_at: datetime | None
    work_title: str
    location: PortalPlaceOut | None
    files: list[PortalFileOut]


class PortalReportPage(PortalOutput):
    items: list[PortalReportOut]
    next_cursor: str | None


class PlannedVisitOut(PortalOutput):
    starts_at: datetime
    ends_at: datetime


class PortalFollowUpOut(PortalOutput):
    id: UUID
    status: PortalStatusOut
    note: str | None
    work_title: str
    location: PortalPlaceOut | None
    created_at: datetime
    planned_visit: PlannedVisitOut | None


class PortalFollowUpPage(PortalOutput):
    items: list[PortalFollowUpOut]
    next_cursor: str | None


class PortalLinkOut(PortalOutput):
    """What an entry is about: a request, appointment, report, file or follow_up, by id."""

    type: str
    id: UUID


class PortalTimelineEntryOut(PortalOutput):
    id: UUID
    at: datetime
    kind: str
    label: PortalStatusOut
    link: PortalLinkOut
    title: str | None
    reason: str | None
    visit_starts_at: datetime | None
    report_id: UUID | None
    location: PortalPlaceOut | None


class PortalTimelinePage(PortalOutput):
    items: list[PortalTimelineEntryOut]
    next_cursor: str | None


class DataExportOut(PortalOutput):
    """Where my export stands. `ready` until `expiresAt`; then `expired` and gone."""

    state: Literal["pending", "ready", "expired"]
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
