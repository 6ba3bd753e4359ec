"""Portal request and response bodies. Responses are closed allow-lists: nothing internal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
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
