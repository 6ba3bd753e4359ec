"""Timelines: the history of a customer, told from the events the changes left behind.

The internal timeline shows every event about one customer, as far as the reader's role
allows. The portal timeline is short and customer-safe: only the kinds below, each from an
allow-listed event type, and an entry shows only while what it points at is still shared
(a published report, a released file) and the reader's grant still covers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ordinavo.domain.errors import InvalidValue

MAX_RANGE = timedelta(days=366)


class PortalEntryKind(StrEnum):
    REQUEST_RECEIVED = "request_received"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_PLANNED = "request_planned"
    REQUEST_DECLINED = "request_declined"
    VISIT_PLANNED = "visit_planned"
    VISIT_RESCHEDULED = "visit_rescheduled"
    VISIT_CANCELLED = "visit_cancelled"
    VISIT_COMPLETED = "visit_completed"
    REPORT_PUBLISHED = "report_published"
    FILE_RELEASED = "file_released"
    FOLLOW_UP_NEEDED = "follow_up_needed"
    FOLLOW_UP_PLANNED = "follow_up_planned"


# The allow-list: the only event types the portal timeline ever reads, and what each becomes.
PORTAL_EVENT_KINDS: dict[str, PortalEntryKind] = {
    "request.submitted": PortalEntryKind.REQUEST_RECEIVED,
    "request.accepted": PortalEntryKind.REQUEST_ACCEPTED,
    # Turned into work: planned, not a second acceptance when it had been accepted before.
    "request.converted": PortalEntryKind.REQUEST_PLANNED,
    "request.rejected": PortalEntryKind.REQUEST_DECLINED,
    "appointment.planned": PortalEntryKind.VISIT_PLANNED,
    "recurring_visit.generated": PortalEntryKind.VISIT_PLANNED,
    "appointment.rescheduled": PortalEntryKind.VISIT_RESCHEDULED,
    "appointment.cancelled": PortalEntryKind.VISIT_CANCELLED,
    "appointment.completed": PortalEntryKind.VISIT_COMPLETED,
    "report.published": PortalEntryKind.REPORT_PUBLISHED,
    "attachment.released": PortalEntryKind.FILE_RELEASED,
    "follow_up.needed": PortalEntryKind.FOLLOW_UP_NEEDED,
    "follow_up.planned": PortalEntryKind.FOLLOW_UP_PLANNED,
}
# Kinds about reports and their files need the grant's "see reports" capability.
NEEDS_REPORTS = frozenset({PortalEntryKind.REPORT_PUBLISHED, PortalEntryKind.FILE_RELEASED})


def portal_event_types(
    kinds: Iterable[PortalEntryKind] | None,
) -> tuple[frozenset[str], frozenset[str]]:
    """Event types to read for the kinds asked for: (open to any grant, needing reports)."""
    wanted = set(kinds) if kinds else set(PortalEntryKind)
    plain = {t for t, k in PORTAL_EVENT_KINDS.items() if k in wanted and k not in NEEDS_REPORTS}
    reports = {t for t, k in PORTAL_EVENT_KINDS.items() if k in wanted and k in NEEDS_REPORTS}
    return frozenset(plain), frozenset(reports)


class InternalEntryKind(StrEnum):
    WORK = "work"
    VISIT = "visit"
    REPORT = "report"
    FILE = "file"
    FOLLOW_UP = "follow_up"
    REQUEST = "request"
    BILLING = "billing"
    CUSTOMER = "customer"  # the customer, its locations and contacts


INTERNAL_EVENT_PREFIXES: dict[InternalEntryKind, tuple[str, ...]] = {
    InternalEntryKind.WORK: ("target.",),
    InternalEntryKind.VISIT: ("appointment.", "recurring_visit.", "recurring_plan."),
    InternalEntryKind.REPORT: ("report.",),
    InternalEntryKind.FILE: ("attachment.",),
    InternalEntryKind.FOLLOW_UP: ("follow_up.",),
    InternalEntryKind.REQUEST: ("request.",),
    InternalEntryKind.BILLING: ("billing.",),
    InternalEntryKind.CUSTOMER: ("customer.", "location.", "contact."),
}
# Entries about the work itself; the only ones an employee's timeline may hold.
ABOUT_WORK = frozenset(
    {
        InternalEntryKind.WORK,
        InternalEntryKind.VISIT,
        InternalEntryKind.REPORT,
        InternalEntryKind.FILE,
        InternalEntryKind.FOLLOW_UP,
    }
)


def internal_kind(event_type: str) -> InternalEntryKind | None:
    for kind, prefixes in INTERNAL_EVENT_PREFIXES.items():
        if event_type.startswith(prefixes):
            return kind
    return None


def internal_kinds(
    asked: Iterable[InternalEntryKind] | None, *, sees_billing: bool, sees_all_work: bool
) -> frozenset[InternalEntryKind]:
    """What the reader gets of what it asked for: billing only for roles that may see it;
    an employee only entries about work (and then only their assigned work)."""
    kinds = set(asked) if asked else set(InternalEntryKind)
    if not sees_billing:
        kinds.discard(InternalEntryKind.BILLING)
    if not sees_all_work:
        kinds &= ABOUT_WORK
    return frozenset(kinds)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Entries at or after `since` and before `until`; both optional, at most a year apart."""

    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        for name, value in (("from", self.since), ("to", self.until)):
            if value is not None and value.tzinfo is None:
                raise InvalidValue(f"{name} must carry a time zone offset.", field=name)
        if self.since is not None and self.until is not None:
            if self.until <= self.since:
                raise InvalidValue("to must lie after from.", field="to")
            if self.until - self.since > MAX_RANGE:
                raise InvalidValue("A date range may span at most 366 days.", field="to")
