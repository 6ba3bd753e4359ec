"""Request and response bodies of the internal API.

Requests refuse unknown fields. Responses leave out, rather than blank, what the caller's role
may not see: each is built through `visible()` from the domain's field lists.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ordinavo.entrypoints.common.text import TypedEmail, TypedSlug

S = TypeVar("S", bound=msgspec.Struct)

Name = Annotated[str, Meta(min_length=1, max_length=200)]
Short = Annotated[str, Meta(max_length=100)]
Phone = Annotated[str, Meta(max_length=40)]
Email = Annotated[str, Meta(max_length=254)]
Notes = Annotated[str, Meta(max_length=4000)]
ShortNotes = Annotated[str, Meta(max_length=2000)]
CustomerNumber = Annotated[str, Meta(min_length=1, max_length=40)]
CustomerStatusIn = Literal["prospect", "active", "inactive"]
CustomerTypeName = Literal["business", "public_sector", "non_profit", "private"]
PriorityName = Literal["low", "normal", "high", "urgent"]
ContactMethodName = Literal["email", "phone", "mobile"]
LanguageCode = Literal["en", "de", "ar"]
RoleName = Literal["tenant_admin", "manager", "dispatcher", "employee"]
ScopeName = Literal[
    "core:read",
    "core:write",
    "contacts:read",
    "work:read",
    "work:write",
    "connect:read",
    "connect:write",
]
# A connected system's key, as `domain/connect.py` checks it.
SourceKey = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_-]{1,39}$")]


class Input(msgspec.Struct, forbid_unknown_fields=True, rename="camel", kw_only=True):
    """Base of every request body."""

    def given(self) -> frozenset[str]:
        """API names of the fields the client actually sent."""
        return frozenset(
            f.encode_name
            for f in msgspec.structs.fields(self)
            if getattr(self, f.name) is not UNSET
        )

    def present(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in msgspec.structs.fields(self)
            if getattr(self, f.name) is not UNSET
        }


class Output(msgspec.Struct, rename="camel", omit_defaults=True, kw_only=True):
    """Base of every response body: unset fields are absent from the JSON."""


def visible(struct: type[S], values: dict[str, Any], fields: frozenset[str]) -> S:
    """Build a response from only the fields the caller may see."""
    return struct(
        **{
            f.name: values[f.name]
            for f in msgspec.structs.fields(struct)
            if f.encode_name in fields and f.name in values
        }
    )


# --- customers -------------------------------------------------------------------------------


class ExternalReferenceBody(msgspec.Struct, forbid_unknown_fields=True):
    system: Annotated[str, Meta(min_length=1, max_length=60)]
    reference: Annotated[str, Meta(min_length=1, max_length=120)]


class CustomerCreate(Input):
    name: Name
    customer_number: CustomerNumber
    status: CustomerStatusIn | UnsetType = UNSET
    type: CustomerTypeName | UnsetType = UNSET
    industry: Short | UnsetType | None = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    website: Annotated[str, Meta(max_length=200)] | UnsetType | None = UNSET
    external_references: Annotated[list[ExternalReferenceBody], Meta(max_length=20)] | UnsetType = (
        UNSET
    )
    internal_notes: Notes | UnsetType | None = UNSET


class CustomerChange(Input):
    name: Name | UnsetType = UNSET
    customer_number: CustomerNumber | UnsetType = UNSET
    status: CustomerStatusIn | UnsetType = UNSET
    type: CustomerTypeName | UnsetType = UNSET
    industry: Short | UnsetType | None = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    website: Annotated[str, Meta(max_length=200)] | UnsetType | None = UNSET
    external_references: Annotated[list[ExternalReferenceBody], Meta(max_length=20)] | UnsetType = (
        UNSET
    )
    internal_notes: Notes | UnsetType | None = UNSET


class CustomerOut(Output):
    id: UUID | UnsetType = UNSET
    name: str | UnsetType = UNSET
    customer_number: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    type: str | UnsetType = UNSET
    industry: str | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    phone: str | UnsetType | None = UNSET
    website: str | UnsetType | None = UNSET
    external_references: list[ExternalReferenceBody] | UnsetType = UNSET
    internal_notes: str | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    archived_at: datetime | UnsetType | None = UNSET


# --- locations -------------------------------------------------------------------------------


class CustomerDeletion(Input):
    """The customer's number, typed again: a deletion names what it deletes."""

    confirm_customer_number: CustomerNumber
    mode: Literal["delete", "anonymise"] = "delete"


class CoordinatesBody(msgspec.Struct, forbid_unknown_fields=True):
    latitude: Annotated[float, Meta(ge=-90, le=90)]
    longitude: Annotated[float, Meta(ge=-180, le=180)]


TimeZoneName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        description="An IANA time zone name, such as Europe/Berlin: visit times in the "
        "location's mails are given in it (without one, the deployment's ORDINAVO_TIME_ZONE).",
    ),
]


class LocationCreate(Input):
    customer_id: UUID
    name: Name
    address_line: Name
    city: Annotated[str, Meta(min_length=1, max_length=100)]
    country: Annotated[str, Meta(min_length=2, max_length=2)]
    postal_code: Annotated[str, Meta(max_length=20)] | UnsetType | None = UNSET
    coordinates: CoordinatesBody | UnsetType | None = UNSET
    access_notes: ShortNotes | UnsetType | None = UNSET
    parking_notes: ShortNotes | UnsetType | None = UNSET
    default_work_minutes: Annotated[int, Meta(ge=1, le=1440)] | UnsetType | None = UNSET
    default_priority: PriorityName | UnsetType = UNSET
    time_zone: TimeZoneName | UnsetType | None = UNSET


class LocationChange(Input):
    name: Name | UnsetType = UNSET
    address_line: Name | UnsetType = UNSET
    city: Annotated[str, Meta(min_length=1, max_length=100)] | UnsetType = UNSET
    country: Annotated[str, Meta(min_length=2, max_length=2)] | UnsetType = UNSET
    postal_code: Annotated[str, Meta(max_length=20)] | UnsetType | None = UNSET
    coordinates: CoordinatesBody | UnsetType | None = UNSET
    access_notes: ShortNotes | UnsetType | None = UNSET
    parking_notes: ShortNotes | UnsetType | None = UNSET
    default_work_minutes: Annotated[int, Meta(ge=1, le=1440)] | UnsetType | None = UNSET
    default_priority: PriorityName | UnsetType = UNSET
    time_zone: TimeZoneName | UnsetType | None = UNSET


class LocationOut(Output):
    id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    name: str | UnsetType = UNSET
    address_line: str | UnsetType = UNSET
    postal_code: str | UnsetType | None = UNSET
    city: str | UnsetType = UNSET
    country: str | UnsetType = UNSET
    coordinates: CoordinatesBody | UnsetType | None = UNSET
    access_notes: str | UnsetType | None = UNSET
    parking_notes: str | UnsetType | None = UNSET
    default_work_minutes: int | UnsetType | None = UNSET
    default_priority: str | UnsetType = UNSET
    time_zone: str | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    archived_at: datetime | UnsetType | None = UNSET


# --- contacts --------------------------------------------------------------------------------


class ContactCreate(Input):
    customer_id: UUID
    name: Name
    location_id: UUID | UnsetType | None = UNSET
    role: Short | UnsetType | None = UNSET
    department: Short | UnsetType | None = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    mobile: Phone | UnsetType | None = UNSET
    preferred_contact_method: ContactMethodName | UnsetType = UNSET
    preferred_language: LanguageCode | UnsetType = UNSET


class ContactChange(Input):
    name: Name | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    role: Short | UnsetType | None = UNSET
    department: Short | UnsetType | None = UNSET
    email: Email | UnsetType | None = UNSET
    phone: Phone | UnsetType | None = UNSET
    mobile: Phone | UnsetType | None = UNSET
    preferred_contact_method: ContactMethodName | UnsetType = UNSET
    preferred_language: LanguageCode | UnsetType = UNSET


class ContactOut(Output):
    id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    name: str | UnsetType = UNSET
    role: str | UnsetType | None = UNSET
    department: str | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    phone: str | UnsetType | None = UNSET
    mobile: str | UnsetType | None = UNSET
    preferred_contact_method: str | UnsetType = UNSET
    preferred_language: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    archived_at: datetime | UnsetType | None = UNSET


# --- identity --------------------------------------------------------------------------------


class LoginBody(Input):
    tenant: TypedSlug
    email: TypedEmail
    password: Annotated[str, Meta(min_length=1, max_length=200)]


class TokenOut(Output):
    token: str
    token_type: str
    expires_at: datetime
    user_id: UUID
    role: str


class SessionsEndedOut(Output):
    sessions_ended: int


class MeOut(Output):
    kind: str
    id: UUID
    tenant_id: UUID
    role: str | UnsetType = UNSET
    scopes: list[str] | UnsetType = UNSET


class ApiKeyCreate(Input):
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    scopes: Annotated[list[ScopeName], Meta(min_length=1, max_length=7)]
    # Binds the key to a registered connected system: it then reads and writes only that
    # system's external references.
    source_system: SourceKey | UnsetType = UNSET


class ApiKeyOut(Output):
    id: UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None = None
    source_system: str | None = None
    secret: str | UnsetType = UNSET  # only in the response that creates the key


class UserCreate(Input):
    email: Email
    display_name: Annotated[str, Meta(min_length=1, max_length=120)]
    role: RoleName
    password: Annotated[str, Meta(min_length=8, max_length=128)] | UnsetType = UNSET


class StaffPasswordChange(Input):
    current_password: Annotated[str, Meta(min_length=1, max_length=128)]
    new_password: Annotated[str, Meta(min_length=1, max_length=128)]


class UserOut(Output):
    id: UUID
    email: str
    display_name: str
    role: str
    created_at: datetime
    disabled_at: datetime | None = None
    initial_password: str | UnsetType = UNSET


class AuditEntryOut(Output):
    id: UUID
    occurred_at: datetime
    actor_type: str
    actor_id: UUID | None
    action: str
    object_type: str
    object_id: UUID | None
    result: str
    request_id: str | None = None


class EventOut(Output):
    id: UUID
    type: str
    occurred_at: datetime
    subject_type: str
    subject_id: UUID
    customer_id: UUID | None = None
    location_id: UUID | None = None
    actor_type: str | None = None
    payload: dict[str, Any] = msgspec.field(default_factory=dict)


# --- tenant ----------------------------------------------------------------------------------


MailRoles = Annotated[
    list[Literal["tenant_admin", "manager", "dispatcher", "employee"]], Meta(max_length=4)
]


class TenantSettingsBody(Output):
    invitation_valid_days: int
    portal_idle_timeout_minutes: int
    portal_absolute_timeout_hours: int
    internal_token_hours: int
    show_technician_first_name: bool
    portal_attachments_enabled: bool
    visit_reminders_by_default: bool
    report_notices_by_default: bool
    new_request_mail_roles: list[str]
    portal_comment_mail_roles: list[str]
    webhook_disabled_mail_roles: list[str]
    mail_sender_name: str | None = None
    mail_reply_to: str | None = None


class TenantSettingsChange(Input):
    invitation_valid_days: Annotated[int, Meta(ge=1, le=30)] | UnsetType = UNSET
    portal_idle_timeout_minutes: Annotated[int, Meta(ge=5, le=240)] | UnsetType = UNSET
    portal_absolute_timeout_hours: Annotated[int, Meta(ge=1, le=72)] | UnsetType = UNSET
    internal_token_hours: Annotated[int, Meta(ge=1, le=72)] | UnsetType = UNSET
    show_technician_first_name: bool | UnsetType = UNSET
    portal_attachments_enabled: bool | UnsetType = UNSET
    visit_reminders_by_default: bool | UnsetType = UNSET
    report_notices_by_default: bool | UnsetType = UNSET
    new_request_mail_roles: MailRoles | UnsetType = UNSET
    portal_comment_mail_roles: MailRoles | UnsetType = UNSET
    webhook_disabled_mail_roles: MailRoles | UnsetType = UNSET
    mail_sender_name: Annotated[str, Meta(max_length=100)] | UnsetType | None = UNSET
    mail_reply_to: Annotated[str, Meta(max_length=254)] | UnsetType | None = UNSET


class TenantOut(Output):
    id: UUID
    slug: str
    name: str
    created_at: datetime
    settings: TenantSettingsBody


class RetentionPeriodOut(Output):
    """How long one kind of record is kept: `days` None keeps it forever."""

    kind: str
    days: int | None
    default_days: int | None
    minimum_days: int
    maximum_days: int
    adjustable: bool


class RetentionOut(Output):
    kinds: list[RetentionPeriodOut]


class RetentionChange(Input):
    """The periods in days per adjustable kind (null: keep forever); a kind not named
    returns to its default."""

    periods: dict[str, int | None]


# --- portal access ---------------------------------------------------------------------------


class GrantBody(Input, kw_only=True):
    customer_id: UUID
    location_ids: Annotated[list[UUID], Meta(max_length=200)] = msgspec.field(default_factory=list)
    can_submit_requests: bool = False
    can_see_reports: bool = False
    can_download_attachments: bool = False


class InvitationCreate(Input, kw_only=True):
    contact_id: UUID
    email: Email | UnsetType = UNSET
    grant: GrantBody


class GrantCreate(GrantBody, kw_only=True):
    portal_user_id: UUID


class GrantChange(Input):
    location_ids: Annotated[list[UUID], Meta(max_length=200)] | UnsetType = UNSET
    can_submit_requests: bool | UnsetType = UNSET
    can_see_reports: bool | UnsetType = UNSET
    can_download_attachments: bool | UnsetType = UNSET


class PartnerCreate(Input):
    customer_id: UUID


class PartnerOut(Output):
    """A customer, other than its own, the contact is a recorded partner of."""

    contact_id: UUID
    customer_id: UUID
    created_at: datetime
    created_by: UUID


class InvitationOut(Output):
    id: UUID
    portal_user_id: UUID
    contact_id: UUID
    email: str
    status: str
    created_at: datetime
    expires_at: datetime
    sent_count: int
    accepted_at: datetime | None = None
    revoked_at: datetime | None = None


class GrantOut(Output):
    id: UUID
    portal_user_id: UUID
    customer_id: UUID
    whole_customer: bool
    location_ids: list[UUID]
    can_submit_requests: bool
    can_see_reports: bool
    can_download_attachments: bool
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None


class PortalUserOut(Output):
    id: UUID
    contact_id: UUID
    email: str
    display_name: str
    language: str
    status: str
    created_at: datetime
    activated_at: datetime | None = None
    disabled_at: datetime | None = None
    grants: list[GrantOut] | UnsetType = UNSET


class SecurityEventOut(Output):
    id: UUID
    occurred_at: datetime
    kind: str
    portal_user_id: UUID | None = None
    internal_user_id: UUID | None = None
    actor_id: UUID | None = None
    client_address: str | None = None


# --- planned work ----------------------------------------------------------------------------

TargetStatusName = Literal["open", "planned", "in_progress", "on_hold", "completed", "cancelled"]
OriginName = Literal["portal_request", "import", "recurring_visit", "manual"]
FieldStatusName = Literal["on_the_way", "started", "paused", "done"]
AppointmentStatusName = Literal[
    "planned", "confirmed", "on_the_way", "started", "paused", "done", "cancelled"
]
Title = Annotated[str, Meta(min_length=1, max_length=200)]


class TargetCreate(Input):
    customer_id: UUID
    title: Title
    location_id: UUID | UnsetType | None = UNSET
    contact_id: UUID | UnsetType | None = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    priority: PriorityName | UnsetType = UNSET
    due_date: date | UnsetType | None = UNSET
    origin: OriginName | UnsetType = UNSET
    external_reference: ExternalReferenceBody | UnsetType | None = UNSET
    internal_notes: Notes | UnsetType | None = UNSET
    billing_details: ShortNotes | UnsetType | None = UNSET


class TargetChange(Input):
    title: Title | UnsetType = UNSET
    priority: PriorityName | UnsetType = UNSET
    due_date: date | UnsetType | None = UNSET
    external_reference: ExternalReferenceBody | UnsetType | None = UNSET
    internal_notes: Notes | UnsetType | None = UNSET
    billing_details: ShortNotes | UnsetType | None = UNSET


class TargetAssignment(Input):
    employee_id: UUID | None


class TargetStatusChange(Input):
    status: TargetStatusName


class TargetOut(Output):
    id: UUID | UnsetType = UNSET
    title: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    priority: str | UnsetType = UNSET
    due_date: date | UnsetType | None = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    contact_id: UUID | UnsetType | None = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    origin: str | UnsetType = UNSET
    external_reference: ExternalReferenceBody | UnsetType | None = UNSET
    internal_notes: str | UnsetType | None = UNSET
    billing_applies: bool | UnsetType = UNSET
    billing_details: str | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    closed_at: datetime | UnsetType | None = UNSET


class AppointmentCreate(Input):
    target_id: UUID
    starts_at: datetime
    ends_at: datetime
    location_id: UUID | UnsetType | None = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    route_stop: Annotated[int, Meta(ge=1, le=1000)] | UnsetType | None = UNSET
    routing_score: Annotated[float, Meta(ge=0, le=1_000_000)] | UnsetType | None = UNSET
    travel_minutes: Annotated[int, Meta(ge=0, le=1440)] | UnsetType | None = UNSET
    planning_notes: Notes | UnsetType | None = UNSET


class AppointmentReschedule(Input):
    starts_at: datetime
    ends_at: datetime


class AppointmentPlanChange(Input):
    assigned_employee_id: UUID | UnsetType | None = UNSET
    route_stop: Annotated[int, Meta(ge=1, le=1000)] | UnsetType | None = UNSET
    routing_score: Annotated[float, Meta(ge=0, le=1_000_000)] | UnsetType | None = UNSET
    travel_minutes: Annotated[int, Meta(ge=0, le=1440)] | UnsetType | None = UNSET
    planning_notes: Notes | UnsetType | None = UNSET


class FieldStatusReport(Input):
    status: FieldStatusName


class AppointmentOut(Output):
    id: UUID | UnsetType = UNSET
    target_id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType = UNSET
    starts_at: datetime | UnsetType = UNSET
    ends_at: datetime | UnsetType = UNSET
    status: str | UnsetType = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    route_stop: int | UnsetType | None = UNSET
    routing_score: float | UnsetType | None = UNSET
    travel_minutes: int | UnsetType | None = UNSET
    planning_notes: str | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET


class StatusLabelBody(Input):
    label: Annotated[str, Meta(min_length=1, max_length=60)]


class StatusSourceOut(Output):
    kind: str
    status: str


class StatusLabelOut(Output):
    key: str
    maps_from: list[StatusSourceOut]
    default_labels: dict[str, str]
    tenant_labels: dict[str, str]
    labels: dict[str, str]


class StatusLabelOverrideOut(Output):
    key: str
    language: str
    label: str


# --- portal requests -------------------------------------------------------------------------


class WindowBody(msgspec.Struct, rename="camel", kw_only=True):
    starts_at: datetime
    ends_at: datetime


class RequestOut(Output, kw_only=True):
    id: UUID
    type: str
    title: str
    description: str
    status: str
    customer_id: UUID
    location_id: UUID | None = None
    appointment_id: UUID | None = None
    author_id: UUID
    contact_id: UUID | None = None
    preferred_windows: list[WindowBody] = msgspec.field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    review_started_at: datetime | None = None
    decided_at: datetime | None = None
    reviewer_id: UUID | None = None
    customer_reason: str | None = None
    target_id: UUID | None = None


class RejectionBody(Input):
    reason: Annotated[str, Meta(min_length=1, max_length=2000)]
    internal_comment: Notes | None = None


class ConversionBody(Input):
    title: Title | None = None
    priority: PriorityName = "normal"
    assigned_employee_id: UUID | None = None
    plan_window: Annotated[int, Meta(ge=0, le=4)] | None = None


class ConvertedOut(Output, kw_only=True):
    request: RequestOut
    target: TargetOut
    appointment: AppointmentOut | None = None


class StaffCommentBody(Input):
    body: Annotated[str, Meta(min_length=1, max_length=4000)]
    internal: bool = False


class RequestCommentOut(Output):
    id: UUID
    request_id: UUID
    by: str
    author_id: UUID
    body: str
    internal: bool
    created_at: datetime
