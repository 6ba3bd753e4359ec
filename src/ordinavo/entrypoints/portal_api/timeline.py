"""The portal timeline: a short, customer-safe history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Request, get
from litestar.params import QueryParameter

from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.show_my_timeline import (
    PortalTimelineEntry,
    ShowMyTimeline,
)
from ordinavo.domain.paging import DEFAULT_PAGE_SIZE, TimedPageRequest
from ordinavo.domain.timeline import PortalEntryKind, TimeRange
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.paging import (
    Limit,
    TimelineCursor,
    decode_timeline_cursor,
    encode_timeline_cursor,
    list_fingerprint,
)
from ordinavo.entrypoints.portal_api.language import accepted_languages
from ordinavo.entrypoints.portal_api.planned_work import LocationFilter, place_out, status_out
from ordinavo.entrypoints.portal_api.schemas import (
    PortalLinkOut,
    PortalTimelineEntryOut,
    PortalTimelinePage,
)

Kinds = Annotated[
    list[PortalEntryKind] | None,
    QueryParameter(name="kind", description="Only these kinds (repeat the parameter)"),
]
Since = Annotated[datetime | None, QueryParameter(name="from", description="At or after this")]
Until = Annotated[datetime | None, QueryParameter(name="to", description="Before this")]


def _entry(item: PortalTimelineEntry) -> PortalTimelineEntryOut:
    v = item.view
    return PortalTimelineEntryOut(
        id=v.id,
        at=v.at,
        kind=v.kind.value,
        label=status_out(item.label),
        link=PortalLinkOut(type=v.link_type, id=v.link_id),
        title=v.title,
        reason=v.reason,
        visit_starts_at=v.visit_starts_at,
        report_id=v.report_id,
        location=place_out(v.place) if v.place else None,
    )


@get("/timeline", tags=["timeline"], summary="What happened at my locations, newest first")
async def my_timeline(
    request: Request[Any, Any, Any],
    subject: FromDishka[PortalSubject],
    display: FromDishka[DisplayPreferences],
    use_case: FromDishka[ShowMyTimeline],
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: TimelineCursor = None,
    kinds: Kinds = None,
    since: Since = None,
    until: Until = None,
    location_id: LocationFilter = None,
) -> PortalTimelinePage:
    fingerprint = list_fingerprint(subject.user_id, location_id, sorted(kinds or []), since, until)
    page = await use_case(
        subject,
        display,
        TimedPageRequest(size=limit, after=decode_timeline_cursor(cursor, fingerprint)),
        kinds=kinds,
        time_range=TimeRange(since, until),
        location_id=location_id,
        accepted_languages=accepted_languages(request),
    )
    return PortalTimelinePage(
        items=[_entry(x) for x in page.items],
        next_cursor=encode_timeline_cursor(page.next_after, fingerprint),
    )
