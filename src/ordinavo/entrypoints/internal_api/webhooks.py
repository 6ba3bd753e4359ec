"""Webhook endpoints, their secrets and delivery logs: tenant admins only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from ordinavo.application.ports.webhooks import DeliveryFilter
from ordinavo.application.use_cases.webhooks.change_webhook_endpoint import (
    ChangeWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.create_webhook_endpoint import (
    CreateWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.delete_webhook_endpoint import (
    DeleteWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.disable_webhook_endpoint import (
    DisableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.enable_webhook_endpoint import (
    EnableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.get_webhook_delivery import GetWebhookDelivery
from ordinavo.application.use_cases.webhooks.get_webhook_endpoint import GetWebhookEndpoint
from ordinavo.application.use_cases.webhooks.list_delivery_attempts import ListDeliveryAttempts
from ordinavo.application.use_cases.webhooks.list_webhook_deliveries import (
    ListWebhookDeliveries,
)
from ordinavo.application.use_cases.webhooks.list_webhook_endpoints import ListWebhookEndpoints
from ordinavo.application.use_cases.webhooks.list_webhook_event_types import (
    ListWebhookEventTypes,
)
from ordinavo.application.use_cases.webhooks.resend_failed_deliveries import (
    ResendFailedDeliveries,
)
from ordinavo.application.use_cases.webhooks.resend_webhook_delivery import (
    ResendWebhookDelivery,
)
from ordinavo.application.use_cases.webhooks.rotate_webhook_secret import RotateWebhookSecret
from ordinavo.application.use_cases.webhooks.send_test_event import SendTestEvent
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import DeliveryStatus, EndpointSettings, PayloadOptions
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, Limit
from ordinavo.entrypoints.internal_api.webhook_schemas import (
    AttemptOut,
    DeliveryDetail,
    DeliveryOut,
    EndpointChange,
    EndpointCreate,
    EndpointOut,
    EndpointWithSecret,
    EventTypeList,
    EventTypeName,
    EventTypeOut,
    ResendRange,
    Resent,
    attempt_out,
    delivery_detail,
    delivery_out,
    endpoint_out,
)

StatusName = Literal["pending", "failing", "succeeded", "failed"]
ByStatus = Annotated[StatusName | None, QueryParameter(name="status", description="One status")]
ByType = Annotated[
    EventTypeName | Literal["webhook.test"] | None,
    QueryParameter(name="eventType", description="One event type"),
]
Since = Annotated[datetime | None, QueryParameter(name="from", description="Made at or after")]
Until = Annotated[datetime | None, QueryParameter(name="to", description="Made before")]


class WebhookController(Controller):
    path = "/webhooks"
    tags = ["webhooks"]

    @get("/event-types", summary="The events an endpoint can subscribe to")
    async def list_event_types(
        self, actor: FromDishka[Actor], use_case: FromDishka[ListWebhookEventTypes]
    ) -> EventTypeList:
        return EventTypeList(
            items=[
                EventTypeOut(
                    name=t.name, subject=t.subject, description=t.description, version=t.version
                )
                for t in await use_case(actor)
            ]
        )

    @get("/", summary="List webhook endpoints")
    async def list_endpoints(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListWebhookEndpoints],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[EndpointOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[endpoint_out(e) for e in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/",
        summary="Register an endpoint; its signing secret is shown only in this response",
    )
    async def create_endpoint(
        self,
        data: JSONBody[EndpointCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[CreateWebhookEndpoint],
    ) -> EndpointWithSecret:
        issued = await use_case(
            actor,
            EndpointSettings(
                url=data.url,
                event_types=frozenset(data.event_types),
                description=data.description,
                options=PayloadOptions(
                    include_contact_details=data.include_contact_details,
                    include_billing_details=data.include_billing_details,
                    source_system=data.source_system,
                    source_events_only=data.source_events_only,
                ),
            ),
        )
        return endpoint_out(issued.endpoint, issued.secret)  # type: ignore[return-value]

    @get("/{endpoint_id:uuid}", summary="Show a webhook endpoint")
    async def get_endpoint(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetWebhookEndpoint],
    ) -> EndpointOut:
        return endpoint_out(await use_case(actor, endpoint_id))

    @patch("/{endpoint_id:uuid}", summary="Change where an endpoint is and what it receives")
    async def change_endpoint(
        self,
        endpoint_id: FromPath[UUID],
        data: JSONBody[EndpointChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeWebhookEndpoint],
    ) -> EndpointOut:
        return endpoint_out(await use_case(actor, endpoint_id, data.present()))

    @delete("/{endpoint_id:uuid}", summary="Delete an endpoint with its delivery log")
    async def delete_endpoint(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[DeleteWebhookEndpoint],
    ) -> None:
        await use_case(actor, endpoint_id)

    @post("/{endpoint_id:uuid}/disable", summary="Stop sending to an endpoint", status_code=200)
    async def disable_endpoint(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[DisableWebhookEndpoint],
    ) -> EndpointOut:
        return endpoint_out(await use_case(actor, endpoint_id))

    @post("/{endpoint_id:uuid}/enable", summary="Send to an endpoint again", status_code=200)
    async def enable_endpoint(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[EnableWebhookEndpoint],
    ) -> EndpointOut:
        return endpoint_out(await use_case(actor, endpoint_id))

    @post(
        "/{endpoint_id:uuid}/rotate-secret",
        summary="A new signing secret, shown once; the old one still signs for 24 hours",
        status_code=200,
    )
    async def rotate_secret(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[RotateWebhookSecret],
    ) -> EndpointWithSecret:
        issued = await use_case(actor, endpoint_id)
        return endpoint_out(issued.endpoint, issued.secret)  # type: ignore[return-value]

    @post(
        "/{endpoint_id:uuid}/test",
        summary="Send a webhook.test event to this endpoint now",
        status_code=202,
    )
    async def send_test_event(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[SendTestEvent],
    ) -> DeliveryOut:
        return delivery_out(await use_case(actor, endpoint_id))

    @get("/{endpoint_id:uuid}/deliveries", summary="An endpoint's deliveries, newest first")
    async def list_deliveries(
        self,
        endpoint_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListWebhookDeliveries],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: ByStatus = None,
        event_type: ByType = None,
        since: Since = None,
        until: Until = None,
    ) -> PageOf[DeliveryOut]:
        page = await use_case(
            actor,
            endpoint_id,
            page_request(limit, cursor),
            DeliveryFilter(
                status=DeliveryStatus(status) if status else None,
                event_type=event_type,
                since=since,
                until=until,
            ),
        )
        return PageOf(
            items=[delivery_out(d) for d in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/{endpoint_id:uuid}/deliveries/resend-failed",
        summary="Send every failed delivery made in a time range again",
        status_code=202,
    )
    async def resend_failed(
        self,
        endpoint_id: FromPath[UUID],
        data: JSONBody[ResendRange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ResendFailedDeliveries],
    ) -> Resent:
        return Resent(resent=await use_case(actor, endpoint_id, data.since, data.until))


class WebhookDeliveryController(Controller):
    path = "/webhook-deliveries"
    tags = ["webhooks"]

    @get("/{delivery_id:uuid}", summary="A delivery with the exact payload it sends")
    async def get_delivery(
        self,
        delivery_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetWebhookDelivery],
    ) -> DeliveryDetail:
        return delivery_detail(await use_case(actor, delivery_id))

    @get("/{delivery_id:uuid}/attempts", summary="Every attempt of a delivery, newest first")
    async def list_attempts(
        self,
        delivery_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListDeliveryAttempts],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[AttemptOut]:
        page = await use_case(actor, delivery_id, page_request(limit, cursor))
        return PageOf(
            items=[attempt_out(a) for a in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/{delivery_id:uuid}/resend",
        summary="Send a delivery again now: same webhook-id, same body",
        status_code=202,
    )
    async def resend_delivery(
        self,
        delivery_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ResendWebhookDelivery],
    ) -> DeliveryOut:
        return delivery_out(await use_case(actor, delivery_id))
