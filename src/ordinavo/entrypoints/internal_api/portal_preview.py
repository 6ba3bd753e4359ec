"""Staff previews of the portal ("view as this customer"), read-only.

The portal's own read controllers (portal_api/reads.py) are mounted a second time, under a
preview prefix, so every previewed answer comes from the same handler, use case and response
Struct as the portal's. Only the subject differs: instead of a portal session, it is the
portal user named in the path (PreviewPortalUser) or a contact with a proposed grant in the
query (PreviewContactAccess); each view is audited. Nothing here signs anybody in.

`import-linter` lets this one module import portal_api.reads (see pyproject.toml); the portal
app still never imports the internal API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from dishka import Provider, Scope, provide
from litestar import Request
from litestar.openapi.spec import OpenAPI
from litestar.params import QueryParameter

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec
from ordinavo.application.use_cases.portal_access.preview_contact_access import (
    PreviewContactAccess,
)
from ordinavo.application.use_cases.portal_access.preview_portal_user import PreviewPortalUser
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Capabilities
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.injection import InjectingRouter
from ordinavo.entrypoints.common.openapi import problem_response
from ordinavo.entrypoints.portal_api.reads import ACCOUNT_READS, NOT_PREVIEWED, RECORD_READS

USER_PREVIEW = "/portal/users/{user_id:uuid}/preview"
CONTACT_PREVIEW = "/contacts/{contact_id:uuid}/portal-preview"
TAG = "portal preview"

# Portal GETs the contact preview leaves out: they are about an account it does not have yet.
NEEDS_ACCOUNT = {
    "/me": "the portal account's own profile",
    "/me/notifications": "the portal account's mail choices",
    "/me/export": "the portal account's data export",
}
__all__ = ["NEEDS_ACCOUNT", "NOT_PREVIEWED"]

# The proposed grant, as an invitation's grant names it (prefixed: the portal's own lists
# already take `locationId` as a filter). Router-level parameters, declared the current way
# (QueryParameter(name=...), not the deprecated Parameter(query=...)).
_GRANT = {
    "grant_customer_id": QueryParameter(
        annotation=UUID,
        name="grantCustomerId",
        required=True,
        description="The proposed grant's customer",
    ),
    "grant_location_ids": QueryParameter(
        annotation=list[UUID] | None,
        name="grantLocationId",
        required=False,
        description="Only these locations of it (repeat the parameter); none: the whole customer",
    ),
    "grant_can_submit_requests": QueryParameter(
        annotation=bool, name="grantCanSubmitRequests", default=False, required=False
    ),
    "grant_can_see_reports": QueryParameter(
        annotation=bool, name="grantCanSeeReports", default=False, required=False
    ),
    "grant_can_download_attachments": QueryParameter(
        annotation=bool, name="grantCanDownloadAttachments", default=False, required=False
    ),
}


def _flag(request: Request[Any, Any, Any], name: str) -> bool:
    # Litestar has checked the value against the declared bool already.
    return request.query_params.get(name, "false").lower() in ("true", "1")


def proposed_grant(request: Request[Any, Any, Any]) -> GrantSpec:
    query = request.query_params
    return GrantSpec(
        customer_id=UUID(query["grantCustomerId"]),
        location_ids=frozenset(UUID(x) for x in query.getall("grantLocationId", [])),
        capabilities=Capabilities(
            submit_requests=_flag(request, "grantCanSubmitRequests"),
            see_reports=_flag(request, "grantCanSeeReports"),
            download_attachments=_flag(request, "grantCanDownloadAttachments"),
        ),
    )


@dataclass(frozen=True, slots=True)
class Previewed:
    """Whom a preview route reads as, resolved (and audited) once per request: a portal user
    (with the principal its session would have) or a contact with a proposed grant."""

    subject: PortalSubject
    principal: PortalPrincipal | None = None


class PreviewSubjectProvider(Provider):
    """The portal subject of a preview route, from its path, for the authenticated staff."""

    @provide(scope=Scope.REQUEST)
    async def previewed(
        self,
        request: Request,
        actor: Actor,
        users: PreviewPortalUser,
        contacts: PreviewContactAccess,
    ) -> Previewed:
        params = request.path_params
        if "user_id" in params:
            principal = await users(actor, params["user_id"])
            return Previewed(principal.subject, principal)
        if "contact_id" in params:
            return Previewed(await contacts(actor, params["contact_id"], proposed_grant(request)))
        raise NotFound("portal user")  # no other internal route reads as a portal subject

    @provide(scope=Scope.REQUEST)
    def subject(self, previewed: Previewed) -> PortalSubject:
        return previewed.subject

    @provide(scope=Scope.REQUEST)
    async def display(self, previewed: Previewed, uow: UnitOfWork) -> DisplayPreferences:
        if previewed.principal is not None:
            return previewed.principal.display
        return await uow.portal_work.preferences()

    @provide(scope=Scope.REQUEST)
    def principal(self, previewed: Previewed) -> PortalPrincipal:
        # Only account reads ask for it, and only the user preview mounts those.
        if previewed.principal is None:
            raise NotFound("portal user")
        return previewed.principal


def preview_routers() -> list[InjectingRouter]:
    return [
        InjectingRouter(
            USER_PREVIEW,
            route_handlers=[*ACCOUNT_READS, *RECORD_READS],
            opt={"operation_prefix": "preview"},
        ),
        InjectingRouter(
            CONTACT_PREVIEW,
            route_handlers=list(RECORD_READS),
            parameters=_GRANT,
            opt={"operation_prefix": "previewForContact"},
        ),
    ]


def document_previews(openapi: OpenAPI) -> None:
    """One tag for the previews (the portal's own tags would mix with the staff routes'), and
    the refusals only previews give: a disabled user (409), a grant the contact may not get
    (422)."""
    for path, item in (openapi.paths or {}).items():
        operation = item.get
        if operation is None:
            continue
        if path.startswith("/portal/users/{user_id}/preview"):
            operation.tags = [TAG]
            operation.responses = {**(operation.responses or {}), "409": problem_response("409")}
        elif path.startswith("/contacts/{contact_id}/portal-preview"):
            operation.tags = [TAG]
            operation.responses = {**(operation.responses or {}), "422": problem_response("422")}
