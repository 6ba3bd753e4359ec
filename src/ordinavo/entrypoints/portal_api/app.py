"""The customer portal app. Default port 8001. It shares no route with the internal app."""

from __future__ import annotations

from dishka import Provider
from dishka.integrations.litestar import LitestarProvider
from litestar import Litestar
from litestar.openapi.spec import SecurityScheme

from ordinavo.entrypoints.common.app_factory import build_app
from ordinavo.entrypoints.common.telemetry import PORTAL, Telemetry, telemetry_for
from ordinavo.entrypoints.ioc import PortalUnitOfWorkProvider, make_container
from ordinavo.entrypoints.portal_api.controllers import (
    InvitationController,
    MyProfileController,
    PasswordResetController,
    PortalAuthController,
)
from ordinavo.entrypoints.portal_api.export_document import my_data_exports
from ordinavo.entrypoints.portal_api.exports import MyDataController
from ordinavo.entrypoints.portal_api.notifications import (
    NotificationChoiceChangeController,
    UnsubscribeController,
)
from ordinavo.entrypoints.portal_api.planned_work import (
    CalendarController,
    CalendarFeedController,
)
from ordinavo.entrypoints.portal_api.reads import ACCOUNT_READS, RECORD_READS
from ordinavo.entrypoints.portal_api.reports import PortalFileController, upload_request_file
from ordinavo.entrypoints.portal_api.requests import PortalRequestChangeController
from ordinavo.entrypoints.portal_api.subject import (
    PortalSubjectProvider,
    cookie_name,
    require_portal_principal,
    same_site_only,
)
from ordinavo.entrypoints.settings import Settings

DESCRIPTION = """Customer portal API of Ordinavo. Invited customer contacts see only what their
grants allow: their locations, visits, active work, requests, published reports and released
files, follow-ups, the timeline and a calendar feed; never an internal note, a billing detail or
anything of another customer.

**Authentication.** Sign in with `POST /auth/login`; the session comes back as an HttpOnly
cookie for browsers and as a bearer token for other clients. A session ends after 30 idle
minutes; `POST /auth/logout-everywhere` ends every session at once. Invitation, password-reset
and unsubscribe links and calendar feeds carry their own secret and need no session.

**Conventions.** Bodies and query parameters are camelCase; unknown ones are refused. Lists are
pages: pass the answer's `nextCursor` as `cursor`. Statuses are the customer-facing keys with a
label in the reader's language. Errors are RFC 9457 problem documents: 400 when the request does
not match this document, 422 when it breaks a business rule, 404 for anything not shared with
you (whether it exists or not)."""

PUBLIC_PATHS = {
    "/auth/login",
    "/invitations/{token}",
    "/invitations/{token}/accept",
    "/password-reset",
    "/password-reset/complete",
    "/calendar/{feed}",
}


def create_portal_app(
    settings: Settings | None = None, *providers: Provider, telemetry: Telemetry | None = None
) -> Litestar:
    """`providers` may override adapters (tests pass a controllable clock); `telemetry`, the
    providers ORDINAVO_OTEL=on would set up (tests pass in-memory exporters)."""
    settings = settings or Settings.from_env()
    telemetry = telemetry or telemetry_for(settings, PORTAL)
    traced = (telemetry.provider(),) if telemetry else ()
    container = make_container(
        settings,
        LitestarProvider(),
        PortalSubjectProvider(),
        PortalUnitOfWorkProvider(),
        my_data_exports(),
        *traced,
        *providers,
    )
    return build_app(
        title="Ordinavo customer portal API",
        description=DESCRIPTION,
        container=container,
        handlers=[
            PortalAuthController,
            InvitationController,
            PasswordResetController,
            *ACCOUNT_READS,
            *RECORD_READS,
            MyProfileController,
            MyDataController,
            NotificationChoiceChangeController,
            UnsubscribeController,
            CalendarFeedController,
            CalendarController,
            PortalRequestChangeController,
            PortalFileController,
            upload_request_file,
        ],
        max_body_bytes=min(settings.max_body_bytes, 64_000),
        public_paths=PUBLIC_PATHS,
        security_schemes={
            "sessionToken": SecurityScheme(
                type="http",
                scheme="bearer",
                description="The token POST /auth/login answers with (for other clients).",
            ),
            "sessionCookie": SecurityScheme(
                type="apiKey",
                security_scheme_in="cookie",
                name=cookie_name(settings),
                description="The HttpOnly cookie POST /auth/login sets (for browsers).",
            ),
        },
        app_name="portal",
        trusted_proxies=settings.trusted_proxies,
        log_level=settings.log_level,
        log_format=settings.log_format,
        telemetry=telemetry,
        authenticate=require_portal_principal(settings),
        extra_guards=[same_site_only(settings)],
    )
