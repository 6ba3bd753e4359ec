"""The internal OpenAPI document's `webhooks` section (OpenAPI 3.1): every event an endpoint
can receive, with its payload schema, generated from the same Structs that encode the bodies."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    PathItem,
    Reference,
    RequestBody,
    Schema,
)

from ordinavo.adapters.webhooks.catalogue import documented_events

PREFIX = "Webhook"
_HEADERS = (
    (
        "webhook-id",
        "The event's id: the same on every attempt and every re-send. Deduplicate on it.",
    ),
    ("webhook-timestamp", "Seconds since 1970 when this attempt was sent."),
    (
        "webhook-signature",
        "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` signatures, one per "
        "valid secret (two during the day after a rotation). Verify with any Standard Webhooks "
        "library and your endpoint's `whsec_` secret.",
    ),
)


def document_webhooks(openapi: OpenAPI) -> None:
    events = documented_events()
    structs = sorted({struct for struct, _ in events.values()}, key=lambda s: s.__name__)
    _, components = msgspec.json.schema_components(
        structs, ref_template=f"#/components/schemas/{PREFIX}{{name}}"
    )
    if openapi.components is None:
        openapi.components = Components()
    if openapi.components.schemas is None:
        openapi.components.schemas = {}
    schemas: dict[str, Any] = openapi.components.schemas
    for name, schema in components.items():
        schemas[PREFIX + name] = schema
    headers = [
        Parameter(
            name=name,
            param_in="header",  # type: ignore[arg-type]
            required=True,
            description=text,
            schema=Schema(type=OpenAPIType.STRING),
        )
        for name, text in _HEADERS
    ]
    openapi.webhooks = {
        event_type: PathItem(
            post=Operation(
                summary=text,
                description=(
                    f"Sent as `{event_type}` to endpoints that subscribe to it. Answer any 2xx "
                    "within 15 seconds to acknowledge; anything else is retried on the Standard "
                    "Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h). "
                    "Redirects are not followed; 410 disables the endpoint; 429 with "
                    "Retry-After is honoured."
                ),
                operation_id=f"webhook_{event_type.replace('.', '_')}",
                tags=["webhooks"],
                parameters=headers,  # type: ignore[arg-type]
                request_body=RequestBody(
                    required=True,
                    content={
                        "application/json": OpenAPIMediaType(
                            schema=Reference(f"#/components/schemas/{PREFIX}{struct.__name__}")
                        )
                    },
                ),
                responses={"200": OpenAPIResponse(description="Received (any 2xx will do).")},
            )
        )
        for event_type, (struct, text) in sorted(events.items())
    }
