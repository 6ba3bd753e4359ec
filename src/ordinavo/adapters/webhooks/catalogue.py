"""The webhook payloads: versioned msgspec Structs, one `data` shape per kind of record.

Every payload is an envelope (`id`, `type`, `version`, `timestamp`, `tenantId`) around a
`data` object. A field of `data` is absent when the endpoint may not receive it (contact and
billing details without the endpoint's opt-in) or when the record no longer exists; which
fields may leave at all is the domain's to say (`domain.webhooks.payload_fields`). The same
Structs encode the bodies and document them in the internal OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from ordinavo.domain.appointments import Appointment
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp
from ordinavo.domain.locations import Location
from ordinavo.domain.reports import ReportStatus, VisitReport
from ordinavo.domain.requests import PortalRequest
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.webhooks import (
    CATALOGUE,
    FOLLOWS_WORK,
    PAYLOAD_VERSION,
    TEST_EVENT,
    PayloadOptions,
    SourceId,
    Subject,
    carried_source_id,
    payload_fields,
    shared_references,
    subject_of,
)
from ordinavo.domain.work import Origin, Target


class Part(msgspec.Struct, rename="camel", omit_defaults=True, kw_only=True):
    """Base of every payload part: absent fields are left out of the JSON."""


class Reference(Part):
    system: str
    reference: str


class Point(Part):
    latitude: float
    longitude: float


class CustomerData(Part):
    id: UUID
    name: str | UnsetType = UNSET
    customer_number: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    type: str | UnsetType = UNSET
    industry: str | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET  # contact details: only with the endpoint's opt-in
    phone: str | UnsetType | None = UNSET  # contact details: only with the endpoint's opt-in
    website: str | UnsetType | None = UNSET
    external_references: list[Reference] | UnsetType = UNSET
    # A record a connected system sent: its id there, and the system's key.
    external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    archived_at: datetime | UnsetType | None = UNSET


class LocationData(Part):
    id: UUID
    customer_id: UUID | UnsetType = UNSET
    name: str | UnsetType = UNSET
    address_line: str | UnsetType = UNSET
    postal_code: str | UnsetType | None = UNSET
    city: str | UnsetType = UNSET
    country: str | UnsetType = UNSET
    coordinates: Point | UnsetType | None = UNSET
    default_priority: str | UnsetType = UNSET
    # A record a connected system sent: its id there, and the system's key.
    external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    archived_at: datetime | UnsetType | None = UNSET


class ContactData(Part):
    """Without the endpoint's opt-in to contact details: ids and status only."""

    id: UUID
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    # A record a connected system sent: its id there, and the system's key.
    external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    name: str | UnsetType = UNSET
    role: str | UnsetType | None = UNSET
    department: str | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    phone: str | UnsetType | None = UNSET
    mobile: str | UnsetType | None = UNSET
    preferred_contact_method: str | UnsetType = UNSET
    preferred_language: str | UnsetType = UNSET


class WorkData(Part):
    id: UUID
    title: str | UnsetType = UNSET
    status: str | UnsetType = UNSET
    priority: str | UnsetType = UNSET
    due_date: date | UnsetType | None = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    contact_id: UUID | UnsetType | None = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    origin: str | UnsetType = UNSET
    external_reference: Reference | UnsetType | None = UNSET
    # Work a connected system sent: its id there, and the system's key.
    external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    billing_details: str | UnsetType | None = UNSET  # only with the endpoint's opt-in
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET
    closed_at: datetime | UnsetType | None = UNSET


class AppointmentData(Part):
    id: UUID
    target_id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType = UNSET
    starts_at: datetime | UnsetType = UNSET
    ends_at: datetime | UnsetType = UNSET
    status: str | UnsetType = UNSET
    assigned_employee_id: UUID | UnsetType | None = UNSET
    # A record a connected system sent: its id there, and the system's key.
    external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    updated_at: datetime | UnsetType = UNSET


class Publication(Part):
    """What the customer reads in the portal."""

    title: str
    summary: str
    message: str
    published_at: datetime


class ReportData(Part):
    id: UUID
    # Imported work this is about: the work's id in the connected system, and its key.
    work_external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    target_id: UUID | UnsetType = UNSET
    appointment_id: UUID | UnsetType | None = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    result: str | UnsetType = UNSET
    title: str | UnsetType = UNSET
    follow_up_required: bool | UnsetType = UNSET
    billable: bool | UnsetType = UNSET
    visited_at: datetime | UnsetType | None = UNSET
    approved_at: datetime | UnsetType | None = UNSET
    publication: Publication | UnsetType | None = UNSET


class FollowUpData(Part):
    id: UUID
    # Imported work this is about: the work's id in the connected system, and its key.
    work_external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    report_id: UUID | UnsetType = UNSET
    original_target_id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    customer_note: str | UnsetType | None = UNSET
    planned_target_id: UUID | UnsetType | None = UNSET
    planned_at: datetime | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET


class BillingTriggerData(Part):
    id: UUID
    # Imported work this is about: the work's id in the connected system, and its key.
    work_external_id: str | UnsetType | None = UNSET
    source: str | UnsetType | None = UNSET
    report_id: UUID | UnsetType = UNSET
    target_id: UUID | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    approved_by: UUID | UnsetType = UNSET
    created_at: datetime | UnsetType = UNSET
    billing_details: str | UnsetType | None = UNSET  # only with the endpoint's opt-in


class Window(Part):
    starts_at: datetime
    ends_at: datetime


class RequestData(Part):
    id: UUID
    type: str | UnsetType = UNSET
    title: str | UnsetType = UNSET
    customer_id: UUID | UnsetType = UNSET
    location_id: UUID | UnsetType | None = UNSET
    appointment_id: UUID | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    preferred_windows: list[Window] | UnsetType = UNSET
    customer_reason: str | UnsetType | None = UNSET
    target_id: UUID | UnsetType | None = UNSET
    created_at: datetime | UnsetType = UNSET
    decided_at: datetime | UnsetType | None = UNSET


class TestData(Part):
    endpoint_id: UUID
    message: str


class Envelope(Part):
    id: UUID  # the event's id; also the `webhook-id` header, the same on every attempt
    type: str
    version: int
    timestamp: datetime  # when the change happened
    tenant_id: UUID


class CustomerEvent(Envelope):
    data: CustomerData


class LocationEvent(Envelope):
    data: LocationData


class ContactEvent(Envelope):
    data: ContactData


class WorkEvent(Envelope):
    data: WorkData


class AppointmentEvent(Envelope):
    data: AppointmentData


class ReportEvent(Envelope):
    data: ReportData


class FollowUpEvent(Envelope):
    data: FollowUpData


class BillingTriggerEvent(Envelope):
    data: BillingTriggerData


class RequestEvent(Envelope):
    data: RequestData


class TestEvent(Envelope):
    data: TestData


ENVELOPES: dict[Subject, type[Envelope]] = {
    Subject.CUSTOMER: CustomerEvent,
    Subject.LOCATION: LocationEvent,
    Subject.CONTACT: ContactEvent,
    Subject.WORK: WorkEvent,
    Subject.APPOINTMENT: AppointmentEvent,
    Subject.REPORT: ReportEvent,
    Subject.FOLLOW_UP: FollowUpEvent,
    Subject.BILLING_TRIGGER: BillingTriggerEvent,
    Subject.REQUEST: RequestEvent,
    Subject.TEST: TestEvent,
}
DATA: dict[Subject, type[Part]] = {
    Subject.CUSTOMER: CustomerData,
    Subject.LOCATION: LocationData,
    Subject.CONTACT: ContactData,
    Subject.WORK: WorkData,
    Subject.APPOINTMENT: AppointmentData,
    Subject.REPORT: ReportData,
    Subject.FOLLOW_UP: FollowUpData,
    Subject.BILLING_TRIGGER: BillingTriggerData,
    Subject.REQUEST: RequestData,
    Subject.TEST: TestData,
}


def _reference(ref: ExternalReference) -> Reference:
    return Reference(system=ref.system, reference=ref.reference)


def _values(subject: object, options: PayloadOptions) -> dict[str, Any]:
    """Every field the record has, by Python name; the allow-list filters afterwards."""
    if isinstance(subject, Customer):
        d = subject.details
        return {
            "id": subject.id,
            "name": d.name,
            "customer_number": d.customer_number,
            "status": subject.status.value,
            "type": d.type.value,
            "industry": d.industry,
            "email": d.email,
            "phone": d.phone,
            "website": d.website,
            "external_references": [
                _reference(r) for r in shared_references(d.external_references, options)
            ],
            "created_at": subject.created_at,
            "updated_at": subject.updated_at,
            "archived_at": subject.archived_at,
        }
    if isinstance(subject, Location):
        d = subject.details
        point = d.coordinates
        return {
            "id": subject.id,
            "customer_id": subject.customer_id,
            "name": d.name,
            "address_line": d.address_line,
            "postal_code": d.postal_code,
            "city": d.city,
            "country": d.country,
            "coordinates": Point(latitude=point.latitude, longitude=point.longitude)
            if point
            else None,
            "default_priority": d.default_priority.value,
            "status": subject.status.value,
            "created_at": subject.created_at,
            "updated_at": subject.updated_at,
            "archived_at": subject.archived_at,
        }
    if isinstance(subject, Contact):
        d = subject.details
        return {
            "id": subject.id,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "status": subject.status.value,
            "name": d.name,
            "role": d.role,
            "department": d.department,
            "email": d.email,
            "phone": d.phone,
            "mobile": d.mobile,
            "preferred_contact_method": d.preferred_contact_method.value,
            "preferred_language": d.preferred_language.value,
        }
    if isinstance(subject, Target):
        d = subject.details
        ref = d.external_reference
        if ref is not None and not shared_references((ref,), options):
            ref = None
        imported = subject.origin is Origin.IMPORT
        return {
            "id": subject.id,
            "title": d.title,
            "status": subject.status.value,
            "priority": d.priority.value,
            "due_date": d.due_date,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "contact_id": subject.contact_id,
            "assigned_employee_id": subject.assigned_employee_id,
            "origin": subject.origin.value,
            "external_reference": _reference(ref) if ref else None,
            # Imported before links were kept: the reference the import set.
            "external_id": ref.reference if imported and ref else None,
            "source": ref.system if imported and ref else None,
            "billing_details": d.billing_details,
            "created_at": subject.created_at,
            "updated_at": subject.updated_at,
            "closed_at": subject.closed_at,
        }
    return _more_values(subject)


def _more_values(subject: object) -> dict[str, Any]:
    if isinstance(subject, Appointment):
        return {
            "id": subject.id,
            "target_id": subject.target_id,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "starts_at": subject.window.starts_at,
            "ends_at": subject.window.ends_at,
            "status": subject.status.value,
            "assigned_employee_id": subject.assigned_employee_id,
            "created_at": subject.created_at,
            "updated_at": subject.updated_at,
        }
    if isinstance(subject, VisitReport):
        published = subject.publication
        return {
            "id": subject.id,
            "target_id": subject.target_id,
            "appointment_id": subject.appointment_id,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "status": subject.status.value,
            "result": subject.content.result.value,
            "title": subject.content.title,
            "follow_up_required": subject.content.follow_up_required,
            "billable": subject.content.billable,
            "visited_at": subject.visited_at,
            "approved_at": subject.review.reviewed_at
            if subject.review and subject.status is ReportStatus.APPROVED
            else None,
            "publication": Publication(
                title=published.texts.title,
                summary=published.texts.summary,
                message=published.texts.message,
                published_at=published.published_at,
            )
            if published
            else None,
        }
    if isinstance(subject, FollowUp):
        return {
            "id": subject.id,
            "report_id": subject.report_id,
            "original_target_id": subject.original_target_id,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "status": subject.status.value,
            "customer_note": subject.customer_note,
            "planned_target_id": subject.planned_target_id,
            "planned_at": subject.planned_at,
            "created_at": subject.created_at,
        }
    if isinstance(subject, BillingTrigger):
        return {
            "id": subject.id,
            "report_id": subject.report_id,
            "target_id": subject.target_id,
            "customer_id": subject.customer_id,
            "approved_by": subject.approved_by,
            "created_at": subject.created_at,
            "billing_details": subject.billing_details,
        }
    if isinstance(subject, PortalRequest):
        return {
            "id": subject.id,
            "type": subject.type.value,
            "title": subject.title,
            "customer_id": subject.customer_id,
            "location_id": subject.location_id,
            "appointment_id": subject.appointment_id,
            "status": subject.status.value,
            "preferred_windows": [
                Window(starts_at=w.starts_at, ends_at=w.ends_at) for w in subject.windows
            ],
            "customer_reason": subject.customer_reason,
            "target_id": subject.target_id,
            "created_at": subject.created_at,
            "decided_at": subject.decided_at,
        }
    raise TypeError(f"no webhook payload for {type(subject).__name__}")


def allowed_part(struct: type[Part], values: dict[str, Any], allowed: frozenset[str]) -> Part:
    """Build a payload part from only the fields the endpoint may receive."""
    return struct(
        **{
            f.name: values[f.name]
            for f in msgspec.structs.fields(struct)
            if f.encode_name in allowed and f.name in values
        }
    )


class MsgspecWebhookPayloads:
    def __init__(self) -> None:
        self._encoder = msgspec.json.Encoder()

    def render(
        self,
        event: DomainEvent,
        subject: object | None,
        options: PayloadOptions,
        source_ids: Sequence[SourceId] = (),
    ) -> bytes:
        kind = subject_of(event.type)
        values = _values(subject, options) if subject is not None else {"id": event.subject_id}
        carried = carried_source_id(source_ids, options) if subject is not None else None
        if carried is not None:
            # Of the record itself, or of the work a report, follow-up or billing is about.
            own = "work_external_id" if kind in FOLLOWS_WORK else "external_id"
            values |= {own: carried.external_id, "source": carried.source}
        data = allowed_part(DATA[kind], values, payload_fields(kind, options) | {"id"})
        envelope = ENVELOPES[kind](
            id=event.id,
            type=event.type,
            version=PAYLOAD_VERSION,
            timestamp=event.occurred_at,
            tenant_id=event.tenant_id,
            data=data,  # type: ignore[call-arg]
        )
        return self._encoder.encode(envelope)

    def test_event(self, event_id: UUID, tenant_id: UUID, endpoint_id: UUID, at: datetime) -> bytes:
        return self._encoder.encode(
            TestEvent(
                id=event_id,
                type=TEST_EVENT,
                version=PAYLOAD_VERSION,
                timestamp=at,
                tenant_id=tenant_id,
                data=TestData(
                    endpoint_id=endpoint_id,
                    message="A test event from Ordinavo: your endpoint is reachable.",
                ),
            )
        )


def documented_events() -> dict[str, tuple[type[Envelope], str]]:
    """Every event type an endpoint can receive, with its payload Struct and meaning."""
    found = {name: (ENVELOPES[subject], text) for name, (subject, text) in CATALOGUE.items()}
    found[TEST_EVENT] = (TestEvent, "A test event, sent on request to one endpoint.")
    return found
