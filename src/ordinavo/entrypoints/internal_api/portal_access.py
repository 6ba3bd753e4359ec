"""Staff manage portal access: invitations, portal users and their grants."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from ordinavo.application.ports.clock import Clock
from ordinavo.application.use_cases.portal_access.add_grant import AddGrant
from ordinavo.application.use_cases.portal_access.change_grant import ChangeGrant
from ordinavo.application.use_cases.portal_access.disable_portal_user import DisablePortalUser
from ordinavo.application.use_cases.portal_access.enable_portal_user import EnablePortalUser
from ordinavo.application.use_cases.portal_access.end_portal_user_sessions import (
    EndPortalUserSessions,
)
from ordinavo.application.use_cases.portal_access.get_invitation import GetInvitation
from ordinavo.application.use_cases.portal_access.get_portal_user import GetPortalUser
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact
from ordinavo.application.use_cases.portal_access.list_invitations import ListInvitations
from ordinavo.application.use_cases.portal_access.list_partners import ListPartners
from ordinavo.application.use_cases.portal_access.list_portal_users import ListPortalUsers
from ordinavo.application.use_cases.portal_access.list_security_events import (
    ListSecurityEvents,
)
from ordinavo.application.use_cases.portal_access.record_partner import RecordPartner
from ordinavo.application.use_cases.portal_access.remove_partner import RemovePartner
from ordinavo.application.use_cases.portal_access.resend_invitation import ResendInvitation
from ordinavo.application.use_cases.portal_access.revoke_grant import RevokeGrant
from ordinavo.application.use_cases.portal_access.revoke_invitation import RevokeInvitation
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import (
    Capabilities,
    Grant,
    Invitation,
    PartnerRelation,
    PortalUser,
)
from ordinavo.domain.security_events import SecurityEventKind, SecurityEventQuery
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import ByActor, Cursor, Limit, Since, Until
from ordinavo.entrypoints.internal_api.presenters import security_event_out
from ordinavo.entrypoints.internal_api.schemas import (
    GrantBody,
    GrantChange,
    GrantCreate,
    GrantOut,
    InvitationCreate,
    InvitationOut,
    PartnerCreate,
    PartnerOut,
    PortalUserOut,
    SecurityEventOut,
    SessionsEndedOut,
)


def _spec(body: GrantBody) -> GrantSpec:
    return GrantSpec(
        customer_id=body.customer_id,
        location_ids=frozenset(body.location_ids),
        capabilities=Capabilities(
            submit_requests=body.can_submit_requests,
            see_reports=body.can_see_reports,
            download_attachments=body.can_download_attachments,
        ),
    )


def invitation_out(invitation: Invitation, clock: Clock) -> InvitationOut:
    return InvitationOut(
        id=invitation.id,
        portal_user_id=invitation.portal_user_id,
        contact_id=invitation.contact_id,
        email=invitation.email,
        status=invitation.status_at(clock.now()).value,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        sent_count=invitation.sent_count,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
    )


def grant_out(grant: Grant) -> GrantOut:
    return GrantOut(
        id=grant.id,
        portal_user_id=grant.portal_user_id,
        customer_id=grant.customer_id,
        whole_customer=grant.covers_whole_customer,
        location_ids=sorted(grant.location_ids),
        can_submit_requests=grant.capabilities.submit_requests,
        can_see_reports=grant.capabilities.see_reports,
        can_download_attachments=grant.capabilities.download_attachments,
        created_at=grant.created_at,
        updated_at=grant.updated_at,
        revoked_at=grant.revoked_at,
    )


def portal_user_out(user: PortalUser, grants: list[Grant] | None = None) -> PortalUserOut:
    out = PortalUserOut(
        id=user.id,
        contact_id=user.contact_id,
        email=user.email,
        display_name=user.display_name,
        language=user.language.value,
        status=user.status.value,
        created_at=user.created_at,
        activated_at=user.activated_at,
        disabled_at=user.disabled_at,
    )
    if grants is not None:
        out.grants = [grant_out(g) for g in grants]
    return out


class InvitationAdminController(Controller):
    path = "/portal/invitations"
    tags = ["portal access"]

    @get("/", summary="List portal invitations")
    async def list_invitations(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListInvitations],
        clock: FromDishka[Clock],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[InvitationOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[invitation_out(i, clock) for i in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Invite a contact to the portal with a first grant")
    async def invite_contact(
        self,
        data: JSONBody[InvitationCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[InviteContact],
        clock: FromDishka[Clock],
    ) -> InvitationOut:
        email = data.email if isinstance(data.email, str) else None
        invitation = await use_case(actor, data.contact_id, email, _spec(data.grant))
        return invitation_out(invitation, clock)

    @get("/{invitation_id:uuid}", summary="Show an invitation")
    async def get_invitation(
        self,
        invitation_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetInvitation],
        clock: FromDishka[Clock],
    ) -> InvitationOut:
        return invitation_out(await use_case(actor, invitation_id), clock)

    @post(
        "/{invitation_id:uuid}/resend",
        status_code=200,
        summary="Send a new link (the old one stops working)",
    )
    async def resend_invitation(
        self,
        invitation_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ResendInvitation],
        clock: FromDishka[Clock],
    ) -> InvitationOut:
        return invitation_out(await use_case(actor, invitation_id), clock)

    @post("/{invitation_id:uuid}/revoke", status_code=200, summary="Revoke an invitation")
    async def revoke_invitation(
        self,
        invitation_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[RevokeInvitation],
        clock: FromDishka[Clock],
    ) -> InvitationOut:
        return invitation_out(await use_case(actor, invitation_id), clock)


class PortalUserAdminController(Controller):
    path = "/portal/users"
    tags = ["portal access"]

    @get("/", summary="List portal users")
    async def list_portal_users(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListPortalUsers],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[PortalUserOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[portal_user_out(u) for u in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @get("/{user_id:uuid}", summary="Show a portal user with their grants")
    async def get_portal_user(
        self, user_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetPortalUser]
    ) -> PortalUserOut:
        found = await use_case(actor, user_id)
        return portal_user_out(found.user, found.grants)

    @post(
        "/{user_id:uuid}/disable",
        status_code=200,
        summary="Disable a portal user (their sessions end at once)",
    )
    async def disable_portal_user(
        self,
        user_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[DisablePortalUser],
    ) -> PortalUserOut:
        return portal_user_out(await use_case(actor, user_id))

    @post(
        "/{user_id:uuid}/end-sessions",
        status_code=200,
        summary="End every session of a portal user; the account stays usable",
    )
    async def end_portal_user_sessions(
        self,
        user_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[EndPortalUserSessions],
    ) -> SessionsEndedOut:
        return SessionsEndedOut(sessions_ended=await use_case(actor, user_id))

    @post("/{user_id:uuid}/enable", status_code=200, summary="Enable a portal user again")
    async def enable_portal_user(
        self,
        user_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[EnablePortalUser],
    ) -> PortalUserOut:
        return portal_user_out(await use_case(actor, user_id))


class GrantAdminController(Controller):
    path = "/portal/grants"
    tags = ["portal access"]

    @post("/", summary="Give a portal user access to a customer or some of its locations")
    async def add_grant(
        self, data: JSONBody[GrantCreate], actor: FromDishka[Actor], use_case: FromDishka[AddGrant]
    ) -> GrantOut:
        return grant_out(await use_case(actor, data.portal_user_id, _spec(data)))

    @patch("/{grant_id:uuid}", summary="Change a grant's locations or permissions")
    async def change_grant(
        self,
        grant_id: FromPath[UUID],
        data: JSONBody[GrantChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeGrant],
    ) -> GrantOut:
        given = data.present()
        # API flag names (can_see_reports) to the domain's capability names (see_reports).
        flags = {k.removeprefix("can_"): v for k, v in given.items() if k.startswith("can_")}
        grant = await use_case(
            actor,
            grant_id,
            location_ids=(frozenset(given["location_ids"]) if "location_ids" in given else None),
            capability_changes=flags or None,
        )
        return grant_out(grant)

    @post(
        "/{grant_id:uuid}/revoke",
        status_code=200,
        summary="Revoke a grant (the user's open sessions end)",
    )
    async def revoke_grant(
        self, grant_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[RevokeGrant]
    ) -> GrantOut:
        return grant_out(await use_case(actor, grant_id))


def partner_out(relation: PartnerRelation) -> PartnerOut:
    return PartnerOut(
        contact_id=relation.contact_id,
        customer_id=relation.customer_id,
        created_at=relation.created_at,
        created_by=relation.created_by,
    )


class PartnerController(Controller):
    """Customers, other than its own, a contact acts for: the only ones beyond its own it may
    hold a grant on."""

    path = "/contacts/{contact_id:uuid}/partners"
    tags = ["portal access"]

    @post("/", summary="Record a contact as a partner of another customer")
    async def record_partner(
        self,
        contact_id: FromPath[UUID],
        data: JSONBody[PartnerCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[RecordPartner],
    ) -> PartnerOut:
        return partner_out(await use_case(actor, contact_id, data.customer_id))

    @get("/", summary="List the customers a contact is a recorded partner of")
    async def list_partners(
        self,
        contact_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListPartners],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[PartnerOut]:
        page = await use_case(actor, contact_id, page_request(limit, cursor))
        return PageOf(
            items=[partner_out(r) for r in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @delete(
        "/{customer_id:uuid}",
        summary="Remove a partner relation (the contact's grants on that customer are revoked)",
    )
    async def remove_partner(
        self,
        contact_id: FromPath[UUID],
        customer_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[RemovePartner],
    ) -> None:
        await use_case(actor, contact_id, customer_id)


class SecurityEventController(Controller):
    path = "/security-events"
    tags = ["audit"]

    @get("/", summary="Login and security events (tenant admins), by kind, user, actor and time")
    async def list_security_events(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListSecurityEvents],
        limit: Limit = 50,
        cursor: Cursor = None,
        kind: Annotated[
            SecurityEventKind | None, QueryParameter(name="kind", description="One kind")
        ] = None,
        portal_user_id: Annotated[
            UUID | None, QueryParameter(name="portalUserId", description="About this portal user")
        ] = None,
        staff_user_id: Annotated[
            UUID | None, QueryParameter(name="staffUserId", description="About this staff user")
        ] = None,
        actor_id: ByActor = None,
        since: Since = None,
        until: Until = None,
    ) -> PageOf[SecurityEventOut]:
        where = SecurityEventQuery(
            kind=kind,
            portal_user_id=portal_user_id,
            internal_user_id=staff_user_id,
            actor_id=actor_id,
            since=since,
            until=until,
        )
        page = await use_case(actor, page_request(limit, cursor), where)
        return PageOf(
            items=[security_event_out(e) for e in page.items],
            next_cursor=encode_cursor(page.next_after),
        )
