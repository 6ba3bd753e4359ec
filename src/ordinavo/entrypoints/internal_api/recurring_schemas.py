"""Bodies of the recurring-visit routes."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ordinavo.domain.recurring import Occurrence, RecurringPlan
from ordinavo.entrypoints.internal_api.schemas import Input, Output, PriorityName

Rule = Annotated[
    str,
    Meta(
        min_length=6,
        max_length=200,
        pattern=r"^(RRULE:)?[A-Za-z0-9=;,+\-]+$",
        description="An RFC 5545 RRULE subset, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    ),
]
LocalTime = Annotated[
    str, Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Local time, HH:MM")
]


def local_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


class PlanCreate(Input):
    location_id: UUID
    title: Annotated[str, Meta(min_length=1, max_length=200)]
    rule: Rule
    starts_on: date
    window_start: LocalTime
    window_end: LocalTime
    horizon_weeks: Annotated[int, Meta(ge=1, le=26)] = 8
    customer_label: Annotated[str, Meta(min_length=1, max_length=80)] | UnsetType = UNSET
    customer_description: Annotated[str, Meta(max_length=1000)] | UnsetType = UNSET
    priority: PriorityName = "normal"
    expected_minutes: Annotated[int, Meta(ge=5, le=1440)] | UnsetType = UNSET
    checklist: Annotated[str, Meta(max_length=4000)] | UnsetType = UNSET
    default_employee_id: UUID | UnsetType = UNSET


class RuleChange(Input):
    rule: Rule
    from_: date = msgspec.field(name="from")


class PlanEnd(Input):
    on: date | UnsetType = UNSET


class OccurrenceSkip(Input):
    day: date


class OccurrenceMove(Input):
    day: date
    starts_at: datetime
    ends_at: datetime


class OccurrenceOut(Output, kw_only=True):
    day: date
    state: Literal["generated", "skipped", "moved"]
    work_id: UUID | None = None
    appointment_id: UUID | None = None


class PlanOut(Output, kw_only=True):
    id: UUID
    customer_id: UUID
    location_id: UUID
    title: str
    customer_label: str
    customer_description: str | None = None
    rule: str
    starts_on: date
    window_start: str
    window_end: str
    time_zone: str
    horizon_weeks: int
    status: str
    ended_on: date | None = None
    generated_until: date | None = None
    priority: str
    expected_minutes: int | None = None
    checklist: str | None = None
    default_employee_id: UUID | None = None
    occurrences: list[OccurrenceOut] | UnsetType = UNSET


def occurrence_out(o: Occurrence) -> OccurrenceOut:
    return OccurrenceOut(
        day=o.day, state=o.state.value, work_id=o.target_id, appointment_id=o.appointment_id
    )


def plan_out(plan: RecurringPlan, occurrences: list[Occurrence] | None = None) -> PlanOut:
    return PlanOut(
        id=plan.id,
        customer_id=plan.customer_id,
        location_id=plan.location_id,
        title=plan.title,
        customer_label=plan.customer_label,
        customer_description=plan.customer_description,
        rule=plan.rule.as_text(),
        starts_on=plan.starts_on,
        window_start=plan.window.starts.strftime("%H:%M"),
        window_end=plan.window.ends.strftime("%H:%M"),
        time_zone=plan.time_zone,
        horizon_weeks=plan.horizon_weeks,
        status=plan.status.value,
        ended_on=plan.ended_on,
        generated_until=plan.generated_until,
        priority=plan.template.priority.value,
        expected_minutes=plan.template.expected_minutes,
        checklist=plan.template.checklist,
        default_employee_id=plan.template.default_employee_id,
        occurrences=[occurrence_out(o) for o in occurrences] if occurrences is not None else UNSET,
    )
