"""Rows of the webhooks module to domain objects and back."""

from __future__ import annotations

from ordinavo.adapters.persistence.webhooks.models import (
    WebhookAttemptModel,
    WebhookDeliveryModel,
    WebhookEndpointModel,
)
from ordinavo.domain.webhooks import (
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    EndpointSettings,
    EndpointStatus,
    ErrorClass,
    PayloadOptions,
    WebhookEndpoint,
)


def endpoint_from_row(row: WebhookEndpointModel) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row.id,
        tenant_id=row.tenant_id,
        settings=EndpointSettings(
            url=row.url,
            event_types=frozenset(row.event_types),
            description=row.description,
            options=PayloadOptions(
                include_contact_details=row.include_contact_details,
                include_billing_details=row.include_billing_details,
                source_system=row.source_system,
                source_events_only=row.source_events_only,
            ),
        ),
        sealed_secret=row.sealed_secret,
        status=EndpointStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        previous_sealed_secret=row.previous_sealed_secret,
        previous_secret_expires_at=row.previous_secret_expires_at,
        disabled_reason=DisabledReason(row.disabled_reason) if row.disabled_reason else None,
        disabled_at=row.disabled_at,
        failing_since=row.failing_since,
    )


def endpoint_onto_row(endpoint: WebhookEndpoint, row: WebhookEndpointModel) -> WebhookEndpointModel:
    settings = endpoint.settings
    row.id = endpoint.id
    row.tenant_id = endpoint.tenant_id
    row.url = settings.url
    row.description = settings.description
    row.event_types = sorted(settings.event_types)
    row.include_contact_details = settings.options.include_contact_details
    row.include_billing_details = settings.options.include_billing_details
    row.source_system = settings.options.source_system
    row.source_events_only = settings.options.source_events_only
    row.sealed_secret = endpoint.sealed_secret
    row.previous_sealed_secret = endpoint.previous_sealed_secret
    row.previous_secret_expires_at = endpoint.previous_secret_expires_at
    row.status = endpoint.status.value
    row.disabled_reason = endpoint.disabled_reason.value if endpoint.disabled_reason else None
    row.disabled_at = endpoint.disabled_at
    row.failing_since = endpoint.failing_since
    row.created_at = endpoint.created_at
    row.updated_at = endpoint.updated_at
    return row


def delivery_from_row(row: WebhookDeliveryModel) -> Delivery:
    return Delivery(
        id=row.id,
        tenant_id=row.tenant_id,
        endpoint_id=row.endpoint_id,
        event_id=row.event_id,
        event_type=row.event_type,
        body=bytes(row.body),
        status=DeliveryStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        next_attempt_at=row.next_attempt_at,
        attempts=row.attempts,
        failures_in_row=row.failures_in_row,
        last_attempt_at=row.last_attempt_at,
        last_status_code=row.last_status_code,
        lease_until=row.lease_until,
        lease_token=row.lease_token,
    )


def delivery_state(delivery: Delivery) -> dict[str, object]:
    """The columns an attempt or a re-send changes; never the body, event or endpoint."""
    return {
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "failures_in_row": delivery.failures_in_row,
        "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at,
        "last_status_code": delivery.last_status_code,
        "lease_until": delivery.lease_until,
        "lease_token": delivery.lease_token,
        "updated_at": delivery.updated_at,
    }


def delivery_values(delivery: Delivery) -> dict[str, object]:
    return {
        "id": delivery.id,
        "tenant_id": delivery.tenant_id,
        "endpoint_id": delivery.endpoint_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "body": delivery.body,
        "created_at": delivery.created_at,
        **delivery_state(delivery),
    }


def attempt_to_row(attempt: DeliveryAttempt) -> WebhookAttemptModel:
    outcome = attempt.outcome
    return WebhookAttemptModel(
        id=attempt.id,
        tenant_id=attempt.tenant_id,
        delivery_id=attempt.delivery_id,
        number=attempt.number,
        attempted_at=attempt.attempted_at,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error_class=outcome.error_class.value if outcome.error_class else None,
        response_excerpt=outcome.response_excerpt,
    )


def attempt_from_row(row: WebhookAttemptModel) -> DeliveryAttempt:
    return DeliveryAttempt(
        id=row.id,
        tenant_id=row.tenant_id,
        delivery_id=row.delivery_id,
        number=row.number,
        attempted_at=row.attempted_at,
        outcome=AttemptOutcome(
            duration_ms=row.duration_ms,
            status_code=row.status_code,
            error_class=ErrorClass(row.error_class) if row.error_class else None,
            response_excerpt=row.response_excerpt,
        ),
    )
