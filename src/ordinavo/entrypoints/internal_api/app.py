"""The internal app: staff and integrations. Default port 8000."""

from __future__ import annotations

from dishka import Provider
from dishka.integrations.litestar import LitestarProvider
from litestar import Litestar
from litestar.openapi.spec import OpenAPI, SecurityScheme

from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.app_factory import build_app
from ordinavo.entrypoints.common.security import require_principal
from ordinavo.entrypoints.common.telemetry import INTERNAL, Telemetry, telemetry_for
from ordinavo.entrypoints.internal_api.access_model import AccessModelController
from ordinavo.entrypoints.internal_api.actor import InternalActorProvider, identify_actor
from ordinavo.entrypoints.internal_api.audit import AuditController
from ordinavo.entrypoints.internal_api.connect import (
    ConnectedSystemController,
    ImportController,
)
from ordinavo.entrypoints.internal_api.contacts import ContactController
from ordinavo.entrypoints.internal_api.customers import CustomerController
from ordinavo.entrypoints.internal_api.data_requests import (
    export_contact_data,
    list_close_requests,
)
from ordinavo.entrypoints.internal_api.identity import (
    ApiKeyController,
    AuthController,
    UserController,
)
from ordinavo.entrypoints.internal_api.locations import LocationController
from ordinavo.entrypoints.internal_api.mail import MailController
from ordinavo.entrypoints.internal_api.portal_access import (
    GrantAdminController,
    InvitationAdminController,
    PartnerController,
    PortalUserAdminController,
    SecurityEventController,
)
from ordinavo.entrypoints.internal_api.portal_preview import (
    PreviewSubjectProvider,
    document_previews,
    preview_routers,
)
from ordinavo.entrypoints.internal_api.recurring import RecurringPlanController
from ordinavo.entrypoints.internal_api.reports import (
    AttachmentController,
    BillingTriggerController,
    FollowUpController,
    ReportController,
    list_request_attachments,
)
from ordinavo.entrypoints.internal_api.requests import RequestReviewController
from ordinavo.entrypoints.internal_api.routes import RouteController
from ordinavo.entrypoints.internal_api.tenant import TenantController
from ordinavo.entrypoints.internal_api.timeline import customer_timeline
from ordinavo.entrypoints.internal_api.webhook_docs import document_webhooks
from ordinavo.entrypoints.internal_api.webhooks import (
    WebhookController,
    WebhookDeliveryController,
)
from ordinavo.entrypoints.internal_api.work import (
    AppointmentController,
    StatusLabelController,
    TargetController,
)
from ordinavo.entrypoints.ioc import StaffUnitOfWorkProvider, make_container
from ordinavo.entrypoints.settings import Settings

DESCRIPTION = """Internal API of Ordinavo Customer Operations, for one tenant's staff and
integrations: customers, locations, contacts, work and visits, routes and recurring plans,
portal requests, visit reports and their files, follow-ups and billing triggers, portal access,
staff users, integration keys, webhooks, the audit trail and security events.

**Authentication.** `Authorization: Bearer <token>` with a staff token from `POST /auth/login`
(12 hours; `POST /auth/logout-everywhere` ends them all) or an integration API key (`ordv_...`),
whose scopes decide what it may do. What each role reads and writes follows the role matrix.

**Conventions.** Bodies and query parameters are camelCase; an unknown query parameter or body
field is refused. Lists are pages of at most 100 items: pass the answer's `nextCursor` as
`cursor` for the next page. Errors are RFC 9457 problem documents (`application/problem+json`):
400 when the request does not match this document, 422 when it breaks a business rule the
document cannot state (a unique number, a window that ends before it starts, a cursor this API
did not issue), 404 for what does not exist or is not yours to see, 409 for a clash with the
current state.

Tenant admins register webhook endpoints (`/webhooks`); the `webhooks` section of this
document describes every event payload they receive, signed the Standard Webhooks way."""


def _describe(openapi: OpenAPI) -> None:
    document_webhooks(openapi)
    document_previews(openapi)


def create_internal_app(
    settings: Settings | None = None, *providers: Provider, telemetry: Telemetry | None = None
) -> Litestar:
    """`providers` may override adapters (tests pass a controllable clock); `telemetry`, the
    providers ORDINAVO_OTEL=on would set up (tests pass in-memory exporters)."""
    settings = settings or Settings.from_env()
    telemetry = telemetry or telemetry_for(settings, INTERNAL)
    traced = (telemetry.provider(),) if telemetry else ()
    container = make_container(
        settings,
        LitestarProvider(),
        InternalActorProvider(),
        StaffUnitOfWorkProvider(),
        PreviewSubjectProvider(),
        *traced,
        *providers,
    )
    return build_app(
        title="Ordinavo internal API",
        description=DESCRIPTION,
        container=container,
        handlers=[
            AuthController,
            CustomerController,
            LocationController,
            ContactController,
            export_contact_data,
            UserController,
            ApiKeyController,
            AuditController,
            MailController,
            TenantController,
            AccessModelController,
            InvitationAdminController,
            PortalUserAdminController,
            GrantAdminController,
            PartnerController,
            SecurityEventController,
            list_close_requests,
            TargetController,
            AppointmentController,
            StatusLabelController,
            RequestReviewController,
            ReportController,
            AttachmentController,
            list_request_attachments,
            FollowUpController,
            BillingTriggerController,
            customer_timeline,
            WebhookController,
            WebhookDeliveryController,
            RecurringPlanController,
            RouteController,
            ConnectedSystemController,
            ImportController,
            *preview_routers(),
        ],
        max_body_bytes=settings.max_body_bytes,
        public_paths={"/auth/login"},
        app_name="internal",
        trusted_proxies=settings.trusted_proxies,
        log_level=settings.log_level,
        log_format=settings.log_format,
        telemetry=telemetry,
        authenticate=require_principal(Actor, identify_actor),
        describe=_describe,
        security_schemes={
            "staffToken": SecurityScheme(
                type="http",
                scheme="bearer",
                description="A staff user's token from POST /auth/login (12 hours).",
            ),
            "apiKey": SecurityScheme(
                type="http",
                scheme="bearer",
                bearer_format="ordv_...",
                description="An integration API key, sent as a bearer token; its scopes decide.",
            ),
        },
    )
