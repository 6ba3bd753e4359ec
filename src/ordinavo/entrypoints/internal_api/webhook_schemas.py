"""Bodies of the webhook settings and delivery log (internal API, tenant admins)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ordinavo.domain.webhooks import SUBSCRIBABLE, Delivery, DeliveryAttempt, WebhookEndpoint
from ordinavo.entrypoints.internal_api.schemas import Input, Output

# The catalogue as an enum in the OpenAPI document, so clients see the valid names.
EventTypeName = Literal[tuple(sorted(SUBSCRIBABLE))]  # type: ignore[valid-type]
Url = Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"^https?://[^\s\x00-\x1f]+$")]
Description = Annotated[str, Meta(max_length=500)]
SourceSystem = Annotated[str, Meta(min_length=1, max_length=60)]
EventTypes = Annotated[list[EventTypeName], Meta(min_length=1, max_length=len(SUBSCRIBABLE))]


class EndpointCreate(Input, kw_only=True):
    url: Url
    event_types: EventTypes
    description: Description | None = None
    include_contact_details: bool = False
    include_billing_details: bool = False
    # External references of this system only (e.g. "erp"); all of them when not set.
    source_system: SourceSystem | None = None
    # With a source system: only the events about records that system sent (Connect).
    source_events_only: bool = False


class EndpointChange(Input, kw_only=True):
    url: Url | UnsetType = UNSET
    event_types: EventTypes | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    include_contact_details: bool | UnsetType = UNSET
    include_billing_details: bool | UnsetType = UNSET
    source_system: SourceSystem | UnsetType | None = UNSET
    source_events_only: bool | UnsetType = UNSET


class EndpointOut(Output, kw_only=True):
    id: UUID
    url: str
    description: str | None = None
    event_types: list[str]
    include_contact_details: bool
    include_billing_details: bool
    source_system: str | None = None
    source_events_only: bool = False
    status: str
    disabled_reason: str | None = None
    disabled_at: datetime | None = None
    failing_since: datetime | None = None
    # During a rotation the previous secret still signs, beside the new one, until then.
    previous_secret_valid_until: datetime | None = None
    created_at: datetime
    updated_at: datetime


class EndpointWithSecret(EndpointOut, kw_only=True):
    """Shown once: store the secret now; only its encrypted form is kept."""

    secret: str


class EventTypeOut(Output, kw_only=True):
    name: str
    subject: str
    description: str
    version: int


class EventTypeList(Output, kw_only=True):
    items: list[EventTypeOut]


class DeliveryOut(Output, kw_only=True):
    id: UUID
    endpoint_id: UUID
    event_id: UUID  # also the `webhook-id` header of every attempt
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_status_code: int | None = None
    created_at: datetime


class DeliveryDetail(DeliveryOut, kw_only=True):
    payload: Any  # the exact JSON body every attempt sends


class AttemptOut(Output, kw_only=True):
    id: UUID
    number: int
    attempted_at: datetime
    status_code: int | None = None
    duration_ms: int
    error_class: str | None = None
    response_excerpt: str | None = None  # at most 4 KB of the receiver's answer


class ResendRange(Input, kw_only=True):
    """Failed deliveries made at or after `from` and before `to` (at most 31 days apart)."""

    since: datetime = msgspec.field(name="from")
    until: datetime = msgspec.field(name="to")


class Resent(Output, kw_only=True):
    resent: int


def endpoint_out(endpoint: WebhookEndpoint, secret: str | None = None) -> EndpointOut:
    settings = endpoint.settings
    fields: dict[str, Any] = {
        "id": endpoint.id,
        "url": settings.url,
        "description": settings.description,
        "event_types": sorted(settings.event_types),
        "include_contact_details": settings.options.include_contact_details,
        "include_billing_details": settings.options.include_billing_details,
        "source_system": settings.options.source_system,
        "source_events_only": settings.options.source_events_only,
        "status": endpoint.status.value,
        "disabled_reason": endpoint.disabled_reason.value if endpoint.disabled_reason else None,
        "disabled_at": endpoint.disabled_at,
        "failing_since": endpoint.failing_since,
        "previous_secret_valid_until": endpoint.previous_secret_expires_at,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }
    if secret is not None:
        return EndpointWithSecret(secret=secret, **fields)
    return EndpointOut(**fields)


def _delivery_fields(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at,
        "last_status_code": delivery.last_status_code,
        "created_at": delivery.created_at,
    }


def delivery_out(delivery: Delivery) -> DeliveryOut:
    return DeliveryOut(**_delivery_fields(delivery))


def delivery_detail(delivery: Delivery) -> DeliveryDetail:
    try:
        payload: Any = json.loads(delivery.body)
    except ValueError:
        payload = {"base64": base64.b64encode(delivery.body).decode("ascii")}
    return DeliveryDetail(payload=payload, **_delivery_fields(delivery))


def attempt_out(attempt: DeliveryAttempt) -> AttemptOut:
    outcome = attempt.outcome
    return AttemptOut(
        id=attempt.id,
        number=attempt.number,
        attempted_at=attempt.attempted_at,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error_class=outcome.error_class.value if outcome.error_class else None,
        response_excerpt=outcome.response_excerpt,
    )
