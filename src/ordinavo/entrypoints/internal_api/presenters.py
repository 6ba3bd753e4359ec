"""Domain objects to response bodies, through the role matrix's field lists."""

from __future__ import annotations

from typing import Any

from ordinavo.domain import access
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.audit import AuditEntry
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor, ApiKey, InternalUser
from ordinavo.domain.locations import Location
from ordinavo.domain.security_events import SecurityEvent
from ordinavo.domain.values import ExternalReference, external_references
from ordinavo.domain.work import Target
from ordinavo.entrypoints.internal_api.schemas import (
    ApiKeyOut,
    AppointmentOut,
    AuditEntryOut,
    ContactOut,
    CoordinatesBody,
    CustomerOut,
    ExternalReferenceBody,
    LocationOut,
    SecurityEventOut,
    TargetOut,
    UserOut,
    visible,
)


def customer_out(customer: Customer, actor: Actor) -> CustomerOut:
    d = customer.details
    values: dict[str, Any] = {
        "id": customer.id,
        "name": d.name,
        "customer_number": d.customer_number,
        "status": customer.status.value,
        "type": d.type.value,
        "industry": d.industry,
        "email": d.email,
        "phone": d.phone,
        "website": d.website,
        "external_references": [
            ExternalReferenceBody(system=r.system, reference=r.reference)
            for r in access.visible_references(actor, d.external_references)
        ],
        "internal_notes": d.internal_notes,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "archived_at": customer.archived_at,
    }
    return visible(CustomerOut, values, access.customer_fields(actor))


def location_out(location: Location, actor: Actor) -> LocationOut:
    d = location.details
    coordinates = (
        CoordinatesBody(latitude=d.coordinates.latitude, longitude=d.coordinates.longitude)
        if d.coordinates
        else None
    )
    values: dict[str, Any] = {
        "id": location.id,
        "customer_id": location.customer_id,
        "name": d.name,
        "address_line": d.address_line,
        "postal_code": d.postal_code,
        "city": d.city,
        "country": d.country,
        "coordinates": coordinates,
        "access_notes": d.access_notes,
        "parking_notes": d.parking_notes,
        "default_work_minutes": d.default_work_minutes,
        "default_priority": d.default_priority.value,
        "time_zone": d.time_zone,
        "status": location.status.value,
        "created_at": location.created_at,
        "updated_at": location.updated_at,
        "archived_at": location.archived_at,
    }
    return visible(LocationOut, values, access.location_fields(actor))


def contact_out(contact: Contact, actor: Actor) -> ContactOut:
    d = contact.details
    values: dict[str, Any] = {
        "id": contact.id,
        "customer_id": contact.customer_id,
        "location_id": contact.location_id,
        "name": d.name,
        "role": d.role,
        "department": d.department,
        "email": d.email,
        "phone": d.phone,
        "mobile": d.mobile,
        "preferred_contact_method": d.preferred_contact_method.value,
        "preferred_language": d.preferred_language.value,
        "status": contact.status.value,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
        "archived_at": contact.archived_at,
    }
    return visible(ContactOut, values, access.contact_fields(actor))


def api_key_out(key: ApiKey, secret: str | None = None) -> ApiKeyOut:
    out = ApiKeyOut(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        scopes=sorted(s.value for s in key.scopes),
        created_at=key.created_at,
        revoked_at=key.revoked_at,
        source_system=key.source_system,
    )
    if secret is not None:
        out.secret = secret
    return out


def user_out(user: InternalUser, initial_password: str | None = None) -> UserOut:
    out = UserOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role.value,
        created_at=user.created_at,
        disabled_at=user.disabled_at,
    )
    if initial_password is not None:
        out.initial_password = initial_password
    return out


def domain_references(bodies: list[ExternalReferenceBody]) -> tuple[ExternalReference, ...]:
    return external_references([(b.system, b.reference) for b in bodies])


def target_out(target: Target, actor: Actor) -> TargetOut:
    d = target.details
    ref = access.visible_reference(actor, d.external_reference)
    values: dict[str, Any] = {
        "id": target.id,
        "title": d.title,
        "status": target.status.value,
        "priority": d.priority.value,
        "due_date": d.due_date,
        "customer_id": target.customer_id,
        "location_id": target.location_id,
        "contact_id": target.contact_id,
        "assigned_employee_id": target.assigned_employee_id,
        "origin": target.origin.value,
        "external_reference": (
            ExternalReferenceBody(system=ref.system, reference=ref.reference) if ref else None
        ),
        "internal_notes": d.internal_notes,
        "billing_applies": d.billing_applies,
        "billing_details": d.billing_details,
        "created_at": target.created_at,
        "updated_at": target.updated_at,
        "closed_at": target.closed_at,
    }
    return visible(TargetOut, values, access.target_fields(actor))


def appointment_out(appointment: Appointment, actor: Actor) -> AppointmentOut:
    values: dict[str, Any] = {
        "id": appointment.id,
        "target_id": appointment.target_id,
        "customer_id": appointment.customer_id,
        "location_id": appointment.location_id,
        "starts_at": appointment.window.starts_at,
        "ends_at": appointment.window.ends_at,
        "status": appointment.status.value,
        "assigned_employee_id": appointment.assigned_employee_id,
        "route_stop": appointment.route.route_stop,
        "routing_score": appointment.route.routing_score,
        "travel_minutes": appointment.route.travel_minutes,
        "planning_notes": appointment.planning_notes,
        "created_at": appointment.created_at,
        "updated_at": appointment.updated_at,
    }
    return visible(AppointmentOut, values, access.appointment_fields(actor))


def audit_entry_out(e: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        id=e.id,
        occurred_at=e.occurred_at,
        actor_type=e.actor_type,
        actor_id=e.actor_id,
        action=e.action,
        object_type=e.object_type,
        object_id=e.object_id,
        result=e.result.value,
        request_id=e.request_id,
    )


def security_event_out(e: SecurityEvent) -> SecurityEventOut:
    return SecurityEventOut(
        id=e.id,
        occurred_at=e.occurred_at,
        kind=e.kind.value,
        portal_user_id=e.portal_user_id,
        internal_user_id=e.internal_user_id,
        actor_id=e.actor_id,
        client_address=e.client_address,
    )
