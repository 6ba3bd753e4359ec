"""Data subject requests (tenant admins): everything held about one contact, as one document,
and the portal users who asked for their account to be closed."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Response, get
from litestar.params import FromPath

from ordinavo.application.ports.clock import Clock
from ordinavo.application.use_cases.exports.export_contact_data import ExportContactData
from ordinavo.application.use_cases.portal_access.list_close_requests import ListCloseRequests
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.downloads import content_disposition
from ordinavo.entrypoints.common.paging import (
    Cursor,
    Limit,
    PageOf,
    encode_cursor,
    page_request,
)
from ordinavo.entrypoints.internal_api.mail import MailOut, mail_out
from ordinavo.entrypoints.internal_api.portal_access import (
    grant_out,
    invitation_out,
    portal_user_out,
)
from ordinavo.entrypoints.internal_api.presenters import (
    audit_entry_out,
    contact_out,
    security_event_out,
)
from ordinavo.entrypoints.internal_api.report_schemas import AttachmentOut, attachment_out
from ordinavo.entrypoints.internal_api.requests import comment_out, request_out
from ordinavo.entrypoints.internal_api.schemas import (
    AuditEntryOut,
    ContactOut,
    GrantOut,
    InvitationOut,
    Output,
    PortalUserOut,
    RequestCommentOut,
    RequestOut,
    SecurityEventOut,
)

FORMAT = "ordinavo.contact-data-export/1"


class PortalSessionOut(Output, kw_only=True):
    id: UUID
    started_at: datetime
    last_seen_at: datetime
    absolute_expiry: datetime
    ended_at: datetime | None = None
    ended_because: str | None = None


class ContactDataOut(Output, kw_only=True):
    format: str
    generated_at: datetime
    contact: ContactOut
    portal_user: PortalUserOut | None = None
    grants: list[GrantOut]
    invitations: list[InvitationOut]
    sessions: list[PortalSessionOut]
    requests: list[RequestOut]
    comments: list[RequestCommentOut]
    files: list[AttachmentOut]
    security_events: list[SecurityEventOut]
    audit_entries: list[AuditEntryOut]
    mail: list[MailOut]


class CloseRequestOut(Output, kw_only=True):
    id: UUID
    requested_at: datetime
    portal_user_id: UUID | None = None
    name: str | None = None
    email: str | None = None
    status: str | None = None  # the account's status now: "disabled" once acted on
    client_address: str | None = None


@get(
    "/contacts/{contact_id:uuid}/export",
    tags=["contacts"],
    summary="Everything held about one contact, for a data subject request (tenant admins)",
    media_type="application/json",
)
async def export_contact_data(
    contact_id: FromPath[UUID],
    actor: FromDishka[Actor],
    use_case: FromDishka[ExportContactData],
    clock: FromDishka[Clock],
) -> Response[bytes]:
    data = await use_case(actor, contact_id)
    document = ContactDataOut(
        format=FORMAT,
        generated_at=data.generated_at,
        contact=contact_out(data.contact, actor),
        portal_user=portal_user_out(data.portal_user) if data.portal_user else None,
        grants=[grant_out(g) for g in data.grants],
        invitations=[invitation_out(i, clock) for i in data.invitations],
        sessions=[
            PortalSessionOut(
                id=s.id,
                started_at=s.created_at,
                last_seen_at=s.last_seen_at,
                absolute_expiry=s.absolute_expiry,
                ended_at=s.revoked_at,
                ended_because=s.revoked_reason,
            )
            for s in data.sessions
        ],
        requests=[request_out(r) for r in data.requests],
        comments=[comment_out(c) for c in data.comments],
        files=[attachment_out(a) for a in data.files],
        security_events=[
            security_event_out(e) for e in data.security_events
        ],
        audit_entries=[
            audit_entry_out(e) for e in data.audit_entries
        ],
        mail=[
            mail_out(m) for m in data.mail
        ],
    )
    return Response(
        msgspec.json.format(msgspec.json.encode(document), indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": content_disposition(f"contact-{data.contact.id}.json"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


@get(
    "/portal/close-requests",
    tags=["portal access"],
    summary="Portal users who asked for their account to be closed (tenant admins)",
)
async def list_close_requests(
    actor: FromDishka[Actor],
    use_case: FromDishka[ListCloseRequests],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOf[CloseRequestOut]:
    page = await use_case(actor, page_request(limit, cursor))
    return PageOf(
        items=[
            CloseRequestOut(
                id=r.event.id,
                requested_at=r.event.occurred_at,
                portal_user_id=r.event.portal_user_id,
                name=r.user.display_name if r.user else None,
                email=r.user.email if r.user else None,
                status=r.user.status.value if r.user else None,
                client_address=r.event.client_address,
            )
            for r in page.items
        ],
        next_cursor=encode_cursor(page.next_after),
    )
