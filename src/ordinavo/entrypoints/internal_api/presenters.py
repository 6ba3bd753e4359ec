"""Domain objects to response bodies, through the role matrix's field lists."""

from __future__ import annotations

from typing import Any

from ordinavo.domain import access
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.identity import Actor, ApiKey, InternalUser
from ordinavo.domain.locations import Location
from ordinavo.domain.values import ExternalReference, external_references
from ordinavo.entrypoints.internal_api.schemas import (
    ApiKeyOut,
    ContactOut,
    CoordinatesBody,
    CustomerOut,
    ExternalReferenceBody,
    LocationOut,
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
            for r in d.external_references
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
