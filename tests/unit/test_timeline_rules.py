"""Rules of the timelines: the portal's allow-list, what each role reads, date ranges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.timeline import (
    ABOUT_WORK,
    NEEDS_REPORTS,
    PORTAL_EVENT_KINDS,
    InternalEntryKind,
    PortalEntryKind,
    TimeRange,
    internal_kind,
    internal_kinds,
    portal_event_types,
)

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

# Events that exist and must never reach a customer, whatever else changes.
INTERNAL_ONLY = [
    "billing.triggered",
    "report.written",
    "report.approved",
    "report.changes_requested",
    "request.commented",
    "request.review_started",
    "appointment.plan_changed",
    "appointment.status_reported",
    "target.changed",
    "attachment.added",
    "attachment.downloaded",
    "portal_grant.changed",
    "customer.changed",
]


@pytest.mark.parametrize("event_type", INTERNAL_ONLY)
def test_internal_events_are_not_on_the_portal_allow_list(event_type: str) -> None:
    assert event_type not in PORTAL_EVENT_KINDS
    plain, reports = portal_event_types(None)
    assert event_type not in plain | reports


def test_every_portal_kind_comes_from_at_least_one_event_type() -> None:
    assert set(PORTAL_EVENT_KINDS.values()) == set(PortalEntryKind)


def test_report_kinds_are_read_apart_so_they_can_need_the_reports_capability() -> None:
    plain, reports = portal_event_types(None)
    assert reports == {"report.published", "attachment.released"}
    assert not plain & reports
    assert {PORTAL_EVENT_KINDS[t] for t in reports} == NEEDS_REPORTS


def test_asking_for_kinds_narrows_the_event_types() -> None:
    plain, reports = portal_event_types([PortalEntryKind.REQUEST_ACCEPTED])
    assert plain == {"request.accepted"}  # turning it into work is "planned", not accepted
    assert reports == frozenset()
    planned, _ = portal_event_types([PortalEntryKind.REQUEST_PLANNED])
    assert planned == {"request.converted"}


def test_billing_only_for_those_who_may_see_it() -> None:
    everything = internal_kinds(None, sees_billing=True, sees_all_work=True)
    assert everything == set(InternalEntryKind)
    assert InternalEntryKind.BILLING not in internal_kinds(
        None, sees_billing=False, sees_all_work=True
    )


def test_an_employee_reads_only_entries_about_work_even_if_asking_for_more() -> None:
    kinds = internal_kinds(
        [InternalEntryKind.CUSTOMER, InternalEntryKind.VISIT],
        sees_billing=False,
        sees_all_work=False,
    )
    assert kinds == {InternalEntryKind.VISIT}
    assert internal_kinds(None, sees_billing=False, sees_all_work=False) == ABOUT_WORK


@pytest.mark.parametrize(
    ("event_type", "kind"),
    [
        ("target.created", InternalEntryKind.WORK),
        ("appointment.completed", InternalEntryKind.VISIT),
        ("location.changed", InternalEntryKind.CUSTOMER),
        ("billing.triggered", InternalEntryKind.BILLING),
        ("portal_grant.added", None),
    ],
)
def test_event_types_fall_into_internal_kinds(
    event_type: str, kind: InternalEntryKind | None
) -> None:
    assert internal_kind(event_type) is kind


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (NOW, NOW),
        (NOW, NOW - timedelta(days=1)),
        (NOW - timedelta(days=367), NOW),
        (NOW.replace(tzinfo=None), None),
    ],
)
def test_reversed_empty_too_wide_or_naive_ranges_are_refused(
    since: datetime, until: datetime | None
) -> None:
    with pytest.raises(InvalidValue):
        TimeRange(since, until)


def test_open_and_year_long_ranges_are_fine() -> None:
    TimeRange()
    TimeRange(NOW - timedelta(days=366), NOW)
    TimeRange(since=NOW)
