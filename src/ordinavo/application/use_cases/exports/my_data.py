"""What a portal user's own export holds, read through the portal's own rules.

Every part comes from what the portal already shows this user: the grants as "my access" shows
them, the locations the visibility policy lets them list, their own requests (not a colleague's
at the same location) with the conversation without internal comments, the same status labels,
and their notification choices. Staff names, internal notes and other people's records never
enter, because no part reads them.
"""

from __future__ import annotations

from datetime import datetime

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.exports import (
    CommentSeen,
    FileUploaded,
    GrantSeen,
    MyData,
    RequestSeen,
    SessionSeen,
    SignIn,
)
from ordinavo.application.ports.portal import LocationView
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.use_cases.notifications.show_my_notification_preferences import (
    effective_choices,
)
from ordinavo.application.use_cases.portal.following import follow
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import MAX_PAGE_SIZE, PageRequest
from ordinavo.domain.requests import CommentAuthor, PortalRequest
from ordinavo.domain.security_events import SecurityEventKind, SecurityEventQuery
from ordinavo.domain.visibility import PortalSubject

# The user's own sign-ins: the events that opened a session from their browser. Events staff
# caused (a grant, a disable) carry staff's address, not theirs.
SIGN_IN_KINDS = (
    SecurityEventKind.LOGIN_SUCCEEDED,
    SecurityEventKind.INVITATION_ACCEPTED,
    SecurityEventKind.PASSWORD_RESET_COMPLETED,
)


async def my_own_requests(
    uow: UnitOfWork, subject: PortalSubject, *, at_most: int | None = None
) -> list[PortalRequest]:
    """Requests the user submitted and may still see; `at_most` stops early (to size them)."""
    found: list[PortalRequest] = []
    where = RequestFilter(scope=subject.scope(), author_id=subject.user_id)
    after = None
    while True:
        page = await uow.requests.list(PageRequest(MAX_PAGE_SIZE, after), where)
        # The filter already asks for the author; checking again costs nothing and keeps a
        # colleague's request out even if a repository ignored the filter.
        found += [r for r in page.items if r.author_id == subject.user_id]
        if page.next_after is None or (at_most is not None and len(found) > at_most):
            return found
        after = page.next_after


async def _visible_locations(uow: UnitOfWork, subject: PortalSubject) -> list[LocationView]:
    seen: list[LocationView] = []
    after = None
    while True:
        page = await uow.portal_locations.list_in_scope(
            subject.scope(), PageRequest(MAX_PAGE_SIZE, after)
        )
        seen += page.items
        if page.next_after is None:
            return seen
        after = page.next_after


async def _conversation(
    uow: UnitOfWork, subject: PortalSubject, request: PortalRequest
) -> list[CommentSeen]:
    seen: list[CommentSeen] = []
    after = None
    while True:
        page = await uow.request_comments.list(
            request.id, PageRequest(MAX_PAGE_SIZE, after), with_internal=False
        )
        seen += [
            CommentSeen(
                by_customer=c.author is CommentAuthor.CUSTOMER,
                mine=c.author_id == subject.user_id,
                body=c.body,
                created_at=c.created_at,
            )
            for c in page.items
            if not c.internal
        ]
        if page.next_after is None:
            return seen
        after = page.next_after


async def collect_my_data(
    uow: UnitOfWork, tenants: TenantDirectory, subject: PortalSubject, now: datetime
) -> MyData:
    user = await uow.portal_users.get(subject.user_id)
    if user is None:
        raise NotAuthenticated()
    active = [g for g in subject.grants if g.is_active]
    names = await uow.portal_locations.customers_named(frozenset(g.customer_id for g in active))
    locations = await _visible_locations(uow, subject)
    grants = [
        GrantSeen(
            customer_name=names.get(g.customer_id, ""),
            whole_customer=g.covers_whole_customer,
            locations=[
                loc
                for loc in locations
                if loc.customer_id == g.customer_id
                and (g.covers_whole_customer or loc.id in g.location_ids)
            ],
            capabilities=g.capabilities,
        )
        for g in active
    ]
    labels, _ = display_for(await uow.portal_work.preferences(), (), subject.language)
    mine = await my_own_requests(uow, subject)
    progress = await uow.requests.progress([r.target_id for r in mine if r.target_id])
    requests = [
        RequestSeen(
            request=follow(
                r, progress.get(r.target_id) if r.target_id else None, labels, subject.user_id
            ),
            comments=await _conversation(uow, subject, r),
        )
        for r in mine
    ]
    files = [
        FileUploaded(
            request_id=a.request_id,
            file_name=a.file_name,
            media_type=a.media_type,
            size=a.size,
            uploaded_at=a.uploaded_at,
        )
        for a in await uow.attachments.uploaded_by_portal_user(subject.user_id)
        if a.uploaded_by_type == "portal_user"
    ]
    sessions = [
        SessionSeen(started_at=s.created_at, last_seen_at=s.last_seen_at, ended_at=s.revoked_at)
        for s in await uow.portal_sessions.of_user(subject.user_id)
    ]
    sign_ins: list[SignIn] = []
    for kind in SIGN_IN_KINDS:
        after = None
        while True:
            page = await uow.security_events.list(
                PageRequest(MAX_PAGE_SIZE, after),
                SecurityEventQuery(kind=kind, portal_user_id=subject.user_id),
            )
            sign_ins += [
                SignIn(at=e.occurred_at, kind=e.kind.value, client_address=e.client_address)
                for e in page.items
            ]
            if page.next_after is None:
                break
            after = page.next_after
    sign_ins.sort(key=lambda s: s.at)
    return MyData(
        generated_at=now,
        name=user.display_name,
        email=user.email,
        language=user.language.value,
        grants=grants,
        requests=requests,
        files=files,
        sessions=sessions,
        sign_ins=sign_ins,
        notifications=await effective_choices(uow, tenants, subject),
    )
