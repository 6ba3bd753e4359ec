"""Mapping between ORM rows and domain objects, in both directions."""

from __future__ import annotations

from typing import Any

from ordinavo.adapters.persistence.models import (
    AccessTokenModel,
    ApiKeyModel,
    AuditEntryModel,
    ContactModel,
    CustomerModel,
    EventModel,
    InternalUserModel,
    LocationModel,
    TenantModel,
)
from ordinavo.domain.audit import AuditEntry, AuditResult
from ordinavo.domain.contacts import Contact, ContactDetails, ContactMethod, Language
from ordinavo.domain.customers import Customer, CustomerDetails, CustomerStatus, CustomerType
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import AccessToken, ApiKey, ApiScope, InternalUser, Role
from ordinavo.domain.locations import Location, LocationDetails, Priority
from ordinavo.domain.retention import RetentionPolicy
from ordinavo.domain.role_model import SWITCHES, AccessSwitches
from ordinavo.domain.tenants import Tenant, TenantSettings
from ordinavo.domain.values import Coordinates, ExternalReference


def tenant_from_row(row: TenantModel) -> Tenant:
    return Tenant(
        id=row.id,
        slug=row.slug,
        name=row.name,
        created_at=row.created_at,
        settings=TenantSettings.from_dict(row.settings or {}),
        retention=RetentionPolicy.from_dict(row.retention or {}),
        access_switches=switches_from_column(row.access_switches),
    )


def switches_from_column(raw: dict[str, Any] | None) -> AccessSwitches:
    """A stored switch the code no longer knows, or a value it no longer takes, falls back to
    the default rather than locking every user of the tenant out."""
    known = {
        name: value
        for name, value in (raw or {}).items()
        if name in SWITCHES and value in SWITCHES[name].values
    }
    return AccessSwitches.parse(known)


def tenant_to_row(tenant: Tenant) -> TenantModel:
    return TenantModel(
        id=tenant.id,
        slug=tenant.slug,
        name=tenant.name,
        created_at=tenant.created_at,
        settings=tenant.settings.as_dict(),
        retention={k.value: v for k, v in tenant.retention.periods.items()},
        access_switches=dict(tenant.access_switches.chosen),
    )


def customer_from_row(row: CustomerModel) -> Customer:
    return Customer(
        id=row.id,
        tenant_id=row.tenant_id,
        details=CustomerDetails(
            name=row.name,
            customer_number=row.customer_number,
            status=CustomerStatus(row.status),
            type=CustomerType(row.type),
            industry=row.industry,
            email=row.email,
            phone=row.phone,
            website=row.website,
            external_references=tuple(
                ExternalReference(system=r["system"], reference=r["reference"])
                for r in row.external_references or []
            ),
            internal_notes=row.internal_notes,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        archived_at=row.archived_at,
    )


def customer_onto_row(customer: Customer, row: CustomerModel) -> CustomerModel:
    d = customer.details
    row.id = customer.id
    row.tenant_id = customer.tenant_id
    row.name = d.name
    row.customer_number = d.customer_number
    row.status = customer.status.value
    row.type = d.type.value
    row.industry = d.industry
    row.email = d.email
    row.phone = d.phone
    row.website = d.website
    row.external_references = [
        {"system": r.system, "reference": r.reference} for r in d.external_references
    ]
    row.internal_notes = d.internal_notes
    row.created_at = customer.created_at
    row.updated_at = customer.updated_at
    row.archived_at = customer.archived_at
    return row


def location_from_row(row: LocationModel) -> Location:
    coordinates = (
        Coordinates(row.latitude, row.longitude)
        if row.latitude is not None and row.longitude is not None
        else None
    )
    return Location(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_id=row.customer_id,
        details=LocationDetails(
            name=row.name,
            address_line=row.address_line,
            city=row.city,
            country=row.country,
            postal_code=row.postal_code,
            coordinates=coordinates,
            access_notes=row.access_notes,
            parking_notes=row.parking_notes,
            default_work_minutes=row.default_work_minutes,
            default_priority=Priority(row.default_priority),
            time_zone=row.time_zone,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        archived_at=row.archived_at,
    )


def location_onto_row(location: Location, row: LocationModel) -> LocationModel:
    d = location.details
    row.id = location.id
    row.tenant_id = location.tenant_id
    row.customer_id = location.customer_id
    row.name = d.name
    row.address_line = d.address_line
    row.postal_code = d.postal_code
    row.city = d.city
    row.country = d.country
    row.latitude = d.coordinates.latitude if d.coordinates else None
    row.longitude = d.coordinates.longitude if d.coordinates else None
    row.access_notes = d.access_notes
    row.parking_notes = d.parking_notes
    row.default_work_minutes = d.default_work_minutes
    row.default_priority = d.default_priority.value
    row.time_zone = d.time_zone
    row.created_at = location.created_at
    row.updated_at = location.updated_at
    row.archived_at = location.archived_at
    return row


def contact_from_row(row: ContactModel) -> Contact:
    return Contact(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        details=ContactDetails(
            name=row.name,
            role=row.role,
            department=row.department,
            email=row.email,
            phone=row.phone,
            mobile=row.mobile,
            preferred_contact_method=ContactMethod(row.preferred_contact_method),
            preferred_language=Language(row.preferred_language),
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        archived_at=row.archived_at,
    )


def contact_onto_row(contact: Contact, row: ContactModel) -> ContactModel:
    d = contact.details
    row.id = contact.id
    row.tenant_id = contact.tenant_id
    row.customer_id = contact.customer_id
    row.location_id = contact.location_id
    row.name = d.name
    row.role = d.role
    row.department = d.department
    row.email = d.email
    row.phone = d.phone
    row.mobile = d.mobile
    row.preferred_contact_method = d.preferred_contact_method.value
    row.preferred_language = d.preferred_language.value
    row.created_at = contact.created_at
    row.updated_at = contact.updated_at
    row.archived_at = contact.archived_at
    return row


def user_from_row(row: InternalUserModel) -> InternalUser:
    return InternalUser(
        id=row.id,
        tenant_id=row.tenant_id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        password_hash=row.password_hash,
        created_at=row.created_at,
        disabled_at=row.disabled_at,
    )


def user_onto_row(user: InternalUser, row: InternalUserModel) -> InternalUserModel:
    row.id = user.id
    row.tenant_id = user.tenant_id
    row.email = user.email
    row.display_name = user.display_name
    row.role = user.role.value
    row.password_hash = user.password_hash
    row.created_at = user.created_at
    row.disabled_at = user.disabled_at
    return row


def token_from_row(row: AccessTokenModel) -> AccessToken:
    return AccessToken(
        id=row.id,
        tenant_id=row.tenant_id,
        user_id=row.user_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


def token_to_row(token: AccessToken) -> AccessTokenModel:
    return AccessTokenModel(
        id=token.id,
        tenant_id=token.tenant_id,
        user_id=token.user_id,
        token_hash=token.token_hash,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
    )


def api_key_from_row(row: ApiKeyModel) -> ApiKey:
    return ApiKey(
        id=row.id,
        tenant_id=row.tenant_id,
        name=row.name,
        prefix=row.prefix,
        key_hash=row.key_hash,
        scopes=frozenset(ApiScope(s) for s in row.scopes),
        created_by=row.created_by,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
        source_system=row.source_system,
    )


def api_key_onto_row(key: ApiKey, row: ApiKeyModel) -> ApiKeyModel:
    row.id = key.id
    row.tenant_id = key.tenant_id
    row.name = key.name
    row.prefix = key.prefix
    row.key_hash = key.key_hash
    row.scopes = sorted(s.value for s in key.scopes)
    row.created_by = key.created_by
    row.created_at = key.created_at
    row.last_used_at = key.last_used_at
    row.revoked_at = key.revoked_at
    row.source_system = key.source_system
    return row


def event_to_row(event: DomainEvent) -> EventModel:
    return EventModel(
        id=event.id,
        tenant_id=event.tenant_id,
        type=event.type,
        occurred_at=event.occurred_at,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        customer_id=event.customer_id,
        location_id=event.location_id,
        actor_type=event.actor_type,
        actor_id=event.actor_id,
        work_id=event.work_id,
        payload=dict(event.payload),
    )


def event_from_row(row: EventModel) -> DomainEvent:
    return DomainEvent(
        id=row.id,
        tenant_id=row.tenant_id,
        type=row.type,
        occurred_at=row.occurred_at,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        work_id=row.work_id,
        payload=dict(row.payload or {}),
    )


def audit_to_row(entry: AuditEntry) -> AuditEntryModel:
    return AuditEntryModel(
        id=entry.id,
        tenant_id=entry.tenant_id,
        occurred_at=entry.occurred_at,
        actor_type=entry.actor_type,
        actor_id=entry.actor_id,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        result=entry.result.value,
        request_id=entry.request_id,
    )


def audit_from_row(row: AuditEntryModel) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        tenant_id=row.tenant_id,
        occurred_at=row.occurred_at,
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        result=AuditResult(row.result),
        request_id=row.request_id,
    )
