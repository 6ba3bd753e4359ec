"""The internal app: staff and integrations. Default port 8000."""

from __future__ import annotations

from dishka import Provider
from dishka.integrations.litestar import LitestarProvider
from litestar import Litestar

from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.app_factory import build_app
from ordinavo.entrypoints.common.security import require_principal
from ordinavo.entrypoints.common.telemetry import INTERNAL, Telemetry, telemetry_for
from ordinavo.entrypoints.internal_api.actor import InternalActorProvider, identify_actor
from ordinavo.entrypoints.internal_api.audit import AuditController
from ordinavo.entrypoints.internal_api.contacts import ContactController
from ordinavo.entrypoints.internal_api.customers import CustomerController
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
    PortalUserAdminController,
    SecurityEventController,
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

DESCRIPTION = """Internal API of Ordinavo Customer Operations: customers, locations, contacts,
staff users and integration keys of one tenant. Authenticate with `Authorization: Bearer <token>`
(from `POST /auth/login`) or with an integration API key (`ordv_...`). Errors are RFC 9457
problem documents.

Tenant admins register webhook endpoints (`/webhooks`); the `webhooks` section of this
document describes every event payload they receive, signed the Standard Webhooks way."""


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
            UserController,
            ApiKeyController,
            AuditController,
            MailController,
            TenantController,
            InvitationAdminController,
            PortalUserAdminController,
            GrantAdminController,
            SecurityEventController,
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
        ],
        max_body_bytes=settings.max_body_bytes,
        public_paths={"/auth/login"},
        app_name="internal",
        trusted_proxies=settings.trusted_proxies,
        log_level=settings.log_level,
        log_format=settings.log_format,
        telemetry=telemetry,
        authenticate=require_principal(Actor, identify_actor),
        describe=document_webhooks,
    )
