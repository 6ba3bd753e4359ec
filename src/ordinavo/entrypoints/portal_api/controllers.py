"""Portal routes. Every body is built field by field from what the visibility policy allows."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody, Parameter

from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation
from ordinavo.application.use_cases.portal.change_my_profile import ChangeMyProfile, ProfileChange
from ordinavo.application.use_cases.portal.change_portal_password import ChangePortalPassword
from ordinavo.application.use_cases.portal.complete_password_reset import (
    CompletePasswordReset,
)
from ordinavo.application.use_cases.portal.list_my_locations import ListMyLocations
from ordinavo.application.use_cases.portal.list_my_recurring_visits import ListMyRecurringVisits
from ordinavo.application.use_cases.portal.log_in_to_portal import LogInToPortal
from ordinavo.application.use_cases.portal.log_out_of_portal import LogOutOfPortal
from ordinavo.application.use_cases.portal.log_out_of_portal_everywhere import (
    LogOutOfPortalEverywhere,
)
from ordinavo.application.use_cases.portal.request_password_reset import RequestPasswordReset
from ordinavo.application.use_cases.portal.sessions import OpenedSession
from ordinavo.application.use_cases.portal.show_my_access import ShowMyAccess
from ordinavo.application.use_cases.portal.view_invitation import ViewInvitation
from ordinavo.application.use_cases.portal.view_password_reset import ViewPasswordReset
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.paging import Cursor, Limit, encode_cursor, page_request
from ordinavo.entrypoints.common.security import PUBLIC
from ordinavo.entrypoints.portal_api.schemas import (
    AcceptInvitationBody,
    AccessOut,
    CapabilitiesOut,
    InvitationPreviewOut,
    MeOut,
    PasswordChangeBody,
    PortalLocationOut,
    PortalLocationPage,
    PortalLoginBody,
    PortalRecurringVisitList,
    PortalRecurringVisitOut,
    ProfileChangeBody,
    ResetCompleteBody,
    ResetPreviewOut,
    ResetRequestBody,
    SessionOut,
    SessionsEndedOut,
)
from ordinavo.entrypoints.portal_api.subject import cookie_name, session_secret
from ordinavo.entrypoints.settings import Settings

Token = Annotated[str, Parameter(max_length=200, description="The token from the e-mail link")]


def _client(request: Request[Any, Any, Any]) -> str | None:
    # What the per-address limits count: the peer, or the client a trusted proxy names
    # (common/forwarded.py resolved it). Never read X-Forwarded-For here.
    return request.client.host if request.client else None


def _session_response(opened: OpenedSession, settings: Settings) -> Response[SessionOut]:
    """The same secret serves as an HttpOnly cookie (browsers) and a bearer token (apps)."""
    max_age = int((opened.session.absolute_expiry - opened.session.created_at).total_seconds())
    return Response(
        SessionOut(token=opened.secret, token_type="Bearer", expires_at=opened.expires_at),
        cookies=[
            Cookie(
                key=cookie_name(settings),
                value=opened.secret,
                path="/",
                httponly=True,
                secure=settings.portal_cookie_secure,
                samesite="lax",
                max_age=max_age,
            )
        ],
    )


def _cleared_cookie(settings: Settings) -> Cookie:
    return Cookie(
        key=cookie_name(settings),
        value="",
        path="/",
        httponly=True,
        secure=settings.portal_cookie_secure,
        samesite="lax",
        max_age=0,
    )


class InvitationController(Controller):
    path = "/invitations"
    tags = ["invitation"]

    @get("/{token:str}", opt=PUBLIC, summary="Look at an invitation without using it")
    async def view_invitation(
        self, token: FromPath[Token], use_case: FromDishka[ViewInvitation]
    ) -> InvitationPreviewOut:
        preview = await use_case(token)
        return InvitationPreviewOut(
            tenant_name=preview.tenant_name,
            tenant=preview.tenant_slug,
            name=preview.name,
            email=preview.email,
            expires_at=preview.expires_at,
        )

    @post(
        "/{token:str}/accept",
        opt=PUBLIC,
        status_code=200,
        summary="Accept the invitation: set a password and sign in",
    )
    async def accept_invitation(
        self,
        token: FromPath[Token],
        data: JSONBody[AcceptInvitationBody],
        request: Request[Any, Any, Any],
        use_case: FromDishka[AcceptInvitation],
        settings: FromDishka[Settings],
    ) -> Response[SessionOut]:
        opened = await use_case(token, data.password, _client(request))
        return _session_response(opened, settings)


class PortalAuthController(Controller):
    path = "/auth"
    tags = ["session"]

    @post("/login", opt=PUBLIC, status_code=200, summary="Sign in to the portal")
    async def log_in(
        self,
        data: JSONBody[PortalLoginBody],
        request: Request[Any, Any, Any],
        use_case: FromDishka[LogInToPortal],
        settings: FromDishka[Settings],
    ) -> Response[SessionOut]:
        opened = await use_case(
            data.tenant,
            data.email,
            data.password,
            _client(request),
            previous_secret=session_secret(request, settings),
        )
        return _session_response(opened, settings)

    @post("/logout", status_code=204, summary="End this portal session")
    async def log_out(
        self,
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[LogOutOfPortal],
        settings: FromDishka[Settings],
    ) -> Response[None]:
        await use_case(subject)
        return Response(None, status_code=204, cookies=[_cleared_cookie(settings)])

    @post(
        "/logout-everywhere",
        status_code=200,
        summary="End every session of mine, this one included (sign out everywhere)",
    )
    async def log_out_everywhere(
        self,
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[LogOutOfPortalEverywhere],
        settings: FromDishka[Settings],
    ) -> Response[SessionsEndedOut]:
        ended = await use_case(subject)
        return Response(SessionsEndedOut(sessions_ended=ended), cookies=[_cleared_cookie(settings)])


class PasswordResetController(Controller):
    path = "/password-reset"
    tags = ["session"]

    @post(
        "/",
        opt=PUBLIC,
        status_code=202,
        summary="Ask for a password reset link (the answer never says if the account exists)",
    )
    async def request_reset(
        self,
        data: JSONBody[ResetRequestBody],
        request: Request[Any, Any, Any],
        use_case: FromDishka[RequestPasswordReset],
    ) -> None:
        await use_case(data.tenant, data.email, _client(request))

    @get(
        "/{token:str}",
        opt=PUBLIC,
        summary="Where the reset link lands: whether it can still be used (uses nothing up)",
    )
    async def view_reset(
        self, token: FromPath[Token], use_case: FromDishka[ViewPasswordReset]
    ) -> ResetPreviewOut:
        preview = await use_case(token)
        return ResetPreviewOut(tenant_name=preview.tenant_name, expires_at=preview.expires_at)

    @post("/complete", opt=PUBLIC, status_code=204, summary="Set a new password from the link")
    async def complete_reset(
        self,
        data: JSONBody[ResetCompleteBody],
        request: Request[Any, Any, Any],
        use_case: FromDishka[CompletePasswordReset],
    ) -> None:
        await use_case(data.token, data.password, _client(request))


def _me_out(mine: Any) -> MeOut:
    return MeOut(
        name=mine.user.display_name,
        email=mine.user.email,
        language=mine.user.language.value,
        access=[
            AccessOut(
                customer_id=g.customer_id,
                customer_name=g.customer_name,
                whole_customer=g.whole_customer,
                location_ids=sorted(g.location_ids),
                capabilities=CapabilitiesOut(
                    submit_requests=g.capabilities.submit_requests,
                    see_reports=g.capabilities.see_reports,
                    download_attachments=g.capabilities.download_attachments,
                ),
            )
            for g in mine.grants
        ],
    )


class MeController(Controller):
    path = "/me"
    tags = ["me"]

    @get("/", summary="My profile, the customers and locations I can see, and my permissions")
    async def show_me(
        self, principal: FromDishka[PortalPrincipal], use_case: FromDishka[ShowMyAccess]
    ) -> MeOut:
        return _me_out(await use_case(principal))


class MyProfileController(Controller):
    """The changes of /me, apart from MeController so that staff previews mount only reads."""

    path = "/me"
    tags = ["me"]

    @patch(
        "/",
        summary="Change my name, phone or language (the language drives labels and mails)",
    )
    async def change_me(
        self,
        data: JSONBody[ProfileChangeBody],
        principal: FromDishka[PortalPrincipal],
        subject: FromDishka[PortalSubject],
        change: FromDishka[ChangeMyProfile],
        show: FromDishka[ShowMyAccess],
    ) -> MeOut:
        changed = await change(
            subject,
            ProfileChange(
                display_name=None if data.display_name is msgspec.UNSET else data.display_name,
                phone=None if data.phone is msgspec.UNSET else data.phone,
                clear_phone=data.phone is None,
                language=None if data.language is msgspec.UNSET else data.language,
            ),
        )
        return _me_out(await show(principal, changed))

    @post("/password", status_code=204, summary="Change my password (other sessions end)")
    async def change_password(
        self,
        data: JSONBody[PasswordChangeBody],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ChangePortalPassword],
    ) -> None:
        await use_case(subject, data.current_password, data.new_password)


class PortalLocationController(Controller):
    path = "/locations"
    tags = ["locations"]

    @get("/recurring-visits", summary="Maintenance plans at my locations, with their next dates")
    async def recurring_visits(
        self, subject: FromDishka[PortalSubject], use_case: FromDishka[ListMyRecurringVisits]
    ) -> PortalRecurringVisitList:
        return PortalRecurringVisitList(
            items=[
                PortalRecurringVisitOut(
                    location_id=v.location_id,
                    label=v.label,
                    description=v.description,
                    next_dates=v.next_dates,
                )
                for v in await use_case(subject)
            ]
        )

    @get("/", summary="The locations I can see")
    async def list_locations(
        self,
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ListMyLocations],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PortalLocationPage:
        page = await use_case(subject, page_request(limit, cursor))
        return PortalLocationPage(
            items=[
                PortalLocationOut(
                    id=x.id,
                    customer_id=x.customer_id,
                    customer_name=x.customer_name,
                    name=x.name,
                    address_line=x.address_line,
                    postal_code=x.postal_code,
                    city=x.city,
                    country=x.country,
                )
                for x in page.items
            ],
            next_cursor=encode_cursor(page.next_after),
        )
