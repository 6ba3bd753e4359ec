"""Ports of the timelines: readers over the events, newest first, one statement per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from ordinavo.application.ports.work import PlaceView
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.timeline import InternalEntryKind, PortalEntryKind, TimeRange
from ordinavo.domain.visibility import PortalScope


@dataclass(frozen=True, slots=True)
class CustomerTimelineQuery:
    customer_id: UUID
    kinds: frozenset[InternalEntryKind]
    range: TimeRange = field(default_factory=TimeRange)
    location_id: UUID | None = None
    # Employees: only entries about work assigned to them (directly or through a visit).
    only_work_of: UUID | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event as staff see it: what happened, to which object, by whom."""

    id: UUID
    at: datetime
    type: str
    kind: InternalEntryKind
    subject_type: str
    subject_id: UUID
    location_id: UUID | None
    work_id: UUID | None
    actor_type: str | None
    actor_id: UUID | None
    details: dict[str, Any]


class CustomerTimelineReader(Protocol):
    async def entries(
        self, query: CustomerTimelineQuery, page: TimedPageRequest
    ) -> TimedPage[TimelineEntry]:
        """Newest first: `page.after` is the last entry seen, the next are older."""
        ...


@dataclass(frozen=True, slots=True)
class PortalTimelineQuery:
    scope: PortalScope
    reports_scope: PortalScope  # where the subject may also see reports and their files
    kinds: frozenset[PortalEntryKind]
    range: TimeRange = field(default_factory=TimeRange)
    location_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class PortalEntryView:
    """A customer-safe entry: the kind, when, and the customer-facing texts of its object."""

    id: UUID
    at: datetime
    kind: PortalEntryKind
    link_type: str  # request, appointment, report, file, follow_up
    link_id: UUID
    title: str | None
    reason: str | None  # a declined request's reason, written for the customer
    visit_starts_at: datetime | None
    report_id: UUID | None  # the report a released file belongs to
    place: PlaceView | None


class PortalTimelineReader(Protocol):
    async def entries(
        self, query: PortalTimelineQuery, page: TimedPageRequest
    ) -> TimedPage[PortalEntryView]:
        """Newest first, in the scope, only what is still shared."""
        ...
