"""The internal customer timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import get
from litestar.params import FromPath, QueryParameter

from ordinavo.application.use_cases.timeline.show_customer_timeline import ShowCustomerTimeline
from ordinavo.domain import access
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import DEFAULT_PAGE_SIZE, TimedPageRequest
from ordinavo.domain.timeline import InternalEntryKind, TimeRange
from ordinavo.entrypoints.common.paging import (
    Limit,
    TimelineCursor,
    decode_timeline_cursor,
    encode_timeline_cursor,
    list_fingerprint,
)
from ordinavo.entrypoints.internal_api.schemas import Output

Kinds = Annotated[
    list[InternalEntryKind] | None,
    QueryParameter(name="kind", description="Only these kinds (repeat the parameter)"),
]
Since = Annotated[datetime | None, QueryParameter(name="from", description="At or after this")]
Until = Annotated[datetime | None, QueryParameter(name="to", description="Before this")]
AtLocation = Annotated[UUID | None, QueryParameter(name="locationId", description="One location")]


class SubjectOut(Output, kw_only=True):
    type: str
    id: UUID


class ActorOut(Output, kw_only=True):
    type: str
    id: UUID | None = None


class TimelineEntryOut(Output, kw_only=True):
    id: UUID
    at: datetime
    kind: str
    type: str
    subject: SubjectOut
    location_id: UUID | None = None
    work_id: UUID | None = None
    actor: ActorOut | None = None
    details: dict[str, Any] = msgspec.field(default_factory=dict)


class TimelinePage(Output, kw_only=True):
    items: list[TimelineEntryOut]
    next_cursor: str | None = None


@get(
    "/customers/{customer_id:uuid}/timeline",
    tags=["customers"],
    summary="The history of a customer, newest first (what your role may see)",
)
async def customer_timeline(
    customer_id: FromPath[UUID],
    actor: FromDishka[Actor],
    use_case: FromDishka[ShowCustomerTimeline],
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: TimelineCursor = None,
    kinds: Kinds = None,
    since: Since = None,
    until: Until = None,
    location_id: AtLocation = None,
) -> TimelinePage:
    fingerprint = list_fingerprint(
        actor.id, customer_id, location_id, sorted(kinds or []), since, until
    )
    page = await use_case(
        actor,
        customer_id,
        TimedPageRequest(size=limit, after=decode_timeline_cursor(cursor, fingerprint)),
        kinds=kinds,
        time_range=TimeRange(since, until),
        location_id=location_id,
    )
    return TimelinePage(
        items=[
            TimelineEntryOut(
                id=e.id,
                at=e.at,
                kind=e.kind.value,
                type=e.type,
                subject=SubjectOut(type=e.subject_type, id=e.subject_id),
                location_id=e.location_id,
                work_id=e.work_id,
                actor=ActorOut(type=e.actor_type, id=e.actor_id) if e.actor_type else None,
                details=access.visible_details(actor, e.details),
            )
            for e in page.items
        ],
        next_cursor=encode_timeline_cursor(page.next_after, fingerprint),
    )
