"""Recurring visit plans: a rule, a time window in the location's own time, and the visits
generated from them.

The rule is a validated subset of RFC 5545 RRULE. Expanding it into dates is arithmetic done
behind a port (an adapter uses python-dateutil); this module decides everything else: which
rules are allowed, what an occurrence's window is in UTC across daylight-saving changes, and
which occurrences a plan still owes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from ordinavo.domain import values
from ordinavo.domain.appointments import Window
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.locations import Location, Priority
from ordinavo.domain.work import ensure_location_of

DEFAULT_CUSTOMER_LABEL = "Maintenance visit"
MAX_INTERVAL = 99
MAX_COUNT = 1000
MAX_HORIZON_WEEKS = 26
# A plan may not flood a horizon: daily visits fit 14 weeks of it; more is a typo or a job
# for another tool.
MAX_OCCURRENCES_PER_HORIZON = 100


class Frequency(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    """FREQ, INTERVAL, BYDAY (weekly: days; monthly: one day with a position, e.g. 2TU or
    -1FR), BYMONTHDAY (monthly, 1..31 or -1), BYMONTH (yearly), UNTIL (a date) or COUNT."""

    frequency: Frequency
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    position: int | None = None  # with one weekday: the 2nd Tuesday, the last Friday (-1)
    month_day: int | None = None
    month: int | None = None
    until: date | None = None
    count: int | None = None

    @classmethod
    def parse(cls, text: str) -> RecurrenceRule:
        parts: dict[str, str] = {}
        for piece in text.strip().removeprefix("RRULE:").split(";"):
            name, sep, value = piece.partition("=")
            if not sep or not value:
                raise _bad(f"'{piece}' is not NAME=VALUE.")
            name = name.strip().upper()
            if name in parts:
                raise _bad(f"{name} is given twice.")
            parts[name] = value.strip().upper()
        unknown = set(parts) - {
            "FREQ",
            "INTERVAL",
            "BYDAY",
            "BYMONTHDAY",
            "BYMONTH",
            "UNTIL",
            "COUNT",
        }
        if unknown:
            raise _bad(f"{', '.join(sorted(unknown))} is not supported.")
        try:
            frequency = Frequency(parts.get("FREQ", ""))
        except ValueError:
            raise _bad("FREQ is one of DAILY, WEEKLY, MONTHLY or YEARLY.") from None
        weekdays, position = _weekdays(parts.get("BYDAY"), frequency)
        return cls(
            frequency=frequency,
            interval=_number(parts.get("INTERVAL", "1"), "INTERVAL"),
            weekdays=weekdays,
            position=position,
            month_day=_number(parts["BYMONTHDAY"], "BYMONTHDAY") if "BYMONTHDAY" in parts else None,
            month=_number(parts["BYMONTH"], "BYMONTH") if "BYMONTH" in parts else None,
            until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
            count=_number(parts["COUNT"], "COUNT") if "COUNT" in parts else None,
        ).validated()

    def validated(self) -> RecurrenceRule:
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise _bad(f"INTERVAL is between 1 and {MAX_INTERVAL}.")
        if self.until is not None and self.count is not None:
            raise _bad("Give UNTIL or COUNT, not both.")
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            raise _bad(f"COUNT is between 1 and {MAX_COUNT}.")
        if self.frequency is Frequency.WEEKLY and not self.weekdays:
            raise _bad("A weekly rule names its days, e.g. BYDAY=TU or BYDAY=MO,TH.")
        if self.frequency is not Frequency.WEEKLY and len(self.weekdays) > 1:
            raise _bad("Only a weekly rule names several days.")
        if self.frequency is Frequency.MONTHLY and self.weekdays and self.month_day:
            raise _bad("A monthly rule takes BYMONTHDAY or BYDAY, not both.")
        if self.frequency in (Frequency.DAILY, Frequency.WEEKLY) and (self.month_day or self.month):
            raise _bad("BYMONTHDAY and BYMONTH belong to monthly and yearly rules.")
        if self.frequency is Frequency.MONTHLY and self.month:
            raise _bad("BYMONTH belongs to yearly rules.")
        if self.month_day is not None and not (1 <= self.month_day <= 31 or self.month_day == -1):
            raise _bad("BYMONTHDAY is between 1 and 31, or -1 for the month's last day.")
        if self.month is not None and not 1 <= self.month <= 12:
            raise _bad("BYMONTH is between 1 and 12.")
        return self

    def as_text(self) -> str:
        parts = [f"FREQ={self.frequency.value}", f"INTERVAL={self.interval}"]
        if self.weekdays:
            prefix = str(self.position) if self.position is not None else ""
            parts.append("BYDAY=" + ",".join(prefix + day for day in self.weekdays))
        if self.month_day is not None:
            parts.append(f"BYMONTHDAY={self.month_day}")
        if self.month is not None:
            parts.append(f"BYMONTH={self.month}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until.strftime('%Y%m%d')}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)


def _bad(message: str) -> InvalidValue:
    return InvalidValue(f"The recurrence rule is not valid: {message}", field="rule")


def _number(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _bad(f"{name} is a whole number.") from None


def _until(text: str) -> date:
    try:
        return datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        raise _bad("UNTIL is a date such as 20270630.") from None


def _weekdays(text: str | None, frequency: Frequency) -> tuple[tuple[str, ...], int | None]:
    if not text:
        return (), None
    days: list[str] = []
    position: int | None = None
    for item in text.split(","):
        day, number = item[-2:], item[:-2]
        if day not in WEEKDAYS:
            raise _bad(f"'{item}' is not a weekday (MO, TU, WE, TH, FR, SA, SU).")
        if number:
            if frequency is not Frequency.MONTHLY:
                raise _bad("A numbered weekday (2TU, -1FR) belongs to monthly rules.")
            if number not in ("1", "2", "3", "4", "-1", "+1", "+2", "+3", "+4"):
                raise _bad("A weekday's position is 1 to 4, or -1 for the last.")
            position = int(number)
        elif frequency is Frequency.MONTHLY:
            raise _bad("A monthly rule by weekday says which one, e.g. 2TU or -1FR.")
        days.append(day)
    if len(set(days)) != len(days):
        raise _bad("A weekday is named twice.")
    return tuple(days), position


class PlanStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class OccurrenceState(StrEnum):
    GENERATED = "generated"  # its work and visit exist
    SKIPPED = "skipped"  # not to be visited; never generated again
    MOVED = "moved"  # generated, then given its own time


@dataclass(frozen=True, slots=True)
class DailyWindow:
    """From-to in the location's local time, on the day of each occurrence."""

    starts: time
    ends: time

    @classmethod
    def of(cls, starts: time, ends: time) -> DailyWindow:
        if starts.tzinfo is not None or ends.tzinfo is not None:
            raise InvalidValue("Give local times without an offset.", field="windowStart")
        if ends <= starts:
            raise InvalidValue("The window must end after it starts.", field="windowEnd")
        return cls(starts.replace(second=0, microsecond=0), ends.replace(second=0, microsecond=0))


@dataclass(frozen=True, slots=True)
class VisitTemplate:
    """What each generated work item starts with. Internal: never shown to a customer."""

    priority: Priority = Priority.NORMAL
    expected_minutes: int | None = None
    checklist: str | None = None
    default_employee_id: UUID | None = None

    def validated(self) -> VisitTemplate:
        if self.expected_minutes is not None and not 5 <= self.expected_minutes <= 24 * 60:
            raise InvalidValue("expectedMinutes is between 5 and 1440.", field="expectedMinutes")
        return dataclasses.replace(
            self,
            priority=Priority(self.priority),
            checklist=values.long_text(self.checklist, "checklist"),
        )


REACH = timedelta(days=5 * 366)


def ensure_within_reach(day: date, today: date, field: str) -> None:
    """Plans, routes and their dates stay within five years of today."""
    if not today - REACH <= day <= today + REACH:
        raise InvalidValue(f"{field} must be within five years of today.", field=field)


def local_window(day: date, window: DailyWindow, zone: str) -> Window:
    """The occurrence's window in UTC. A local time that does not exist that day (the hour
    skipped when clocks go forward) is refused rather than silently shifted."""
    tz = ZoneInfo(zone)
    bounds = []
    for moment in (window.starts, window.ends):
        local = datetime.combine(day, moment, tzinfo=tz)
        utc = local.astimezone(UTC)
        if utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise RuleViolation(
                f"{moment.strftime('%H:%M')} does not exist on {day.isoformat()} in {zone} "
                "(the clocks go forward); choose another time.",
                field="windowStart",
            )
        bounds.append(utc)
    return Window.of(bounds[0], bounds[1])


@dataclass(slots=True)
class RecurringPlan:
    id: UUID
    tenant_id: UUID
    customer_id: UUID
    location_id: UUID
    title: str  # internal
    customer_label: str  # what the customer reads on the visit
    customer_description: str | None
    template: VisitTemplate
    rule: RecurrenceRule
    starts_on: date
    window: DailyWindow
    time_zone: str
    horizon_weeks: int
    status: PlanStatus
    created_at: datetime
    updated_at: datetime
    generated_until: date | None = None
    ended_on: date | None = None

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        customer_id: UUID,
        location: Location,
        title: str,
        customer_label: str | None,
        customer_description: str | None,
        template: VisitTemplate,
        rule: RecurrenceRule,
        starts_on: date,
        window: DailyWindow,
        horizon_weeks: int,
        now: datetime,
    ) -> RecurringPlan:
        ensure_location_of(customer_id, location)
        if not 1 <= horizon_weeks <= MAX_HORIZON_WEEKS:
            raise InvalidValue(
                f"horizonWeeks is between 1 and {MAX_HORIZON_WEEKS}.", field="horizonWeeks"
            )
        if rule.until is not None and rule.until < starts_on:
            raise InvalidValue("The rule ends before the plan starts.", field="rule")
        ensure_within_reach(starts_on, now.date(), "startsOn")
        return cls(
            id=id,
            tenant_id=location.tenant_id,
            customer_id=customer_id,
            location_id=location.id,
            title=values.text(title, "title", max_length=200),
            customer_label=values.text(
                customer_label or DEFAULT_CUSTOMER_LABEL, "customerLabel", max_length=80
            ),
            customer_description=values.long_text(
                customer_description, "customerDescription", max_length=1000
            ),
            template=template.validated(),
            rule=rule.validated(),
            starts_on=starts_on,
            window=window,
            time_zone=location.details.time_zone or "UTC",
            horizon_weeks=horizon_weeks,
            status=PlanStatus.ACTIVE,
            created_at=now,
            updated_at=now,
        )

    def local_date(self, moment: datetime) -> date:
        """The date at the plan's location at that moment."""
        return moment.astimezone(ZoneInfo(self.time_zone)).date()

    @property
    def due_on(self) -> date | None:
        """The first day whose horizon reaches past what was generated (None: at once)."""
        if self.generated_until is None:
            return None
        return self.generated_until - timedelta(weeks=self.horizon_weeks) + timedelta(days=1)

    def horizon_end(self, today: date) -> date:
        end = today + timedelta(weeks=self.horizon_weeks)
        if self.ended_on is not None:
            end = min(end, self.ended_on - timedelta(days=1))
        return end

    def window_on(self, day: date) -> Window:
        return local_window(day, self.window, self.time_zone)

    def ensure_sane(self, first_horizon: list[date], next_year: list[date]) -> None:
        """Checked when a rule is set: it yields something, does not flood a horizon, and its
        window exists on every day it falls on in the coming year."""
        if not next_year and not first_horizon:
            raise _bad("it yields no date in the coming year.")
        if len(first_horizon) > MAX_OCCURRENCES_PER_HORIZON:
            raise _bad(
                f"it yields {len(first_horizon)} visits in the planning horizon; "
                f"at most {MAX_OCCURRENCES_PER_HORIZON}."
            )
        for day in next_year:
            self.window_on(day)

    def ensure_active(self) -> None:
        if self.status is not PlanStatus.ACTIVE:
            raise RuleViolation(f"The plan is {self.status.value}.", field="status")

    def pause(self, now: datetime) -> None:
        self.ensure_active()
        self.status, self.updated_at = PlanStatus.PAUSED, now

    def resume(self, now: datetime) -> None:
        if self.status is not PlanStatus.PAUSED:
            raise RuleViolation("Only a paused plan can be resumed.", field="status")
        self.status, self.updated_at = PlanStatus.ACTIVE, now

    def end(self, on: date, today: date, now: datetime) -> None:
        """From `on` the plan has no visits; until then it goes on generating up to that day."""
        if self.status is PlanStatus.ENDED:
            raise RuleViolation("The plan has ended already.", field="status")
        if on < today:
            raise RuleViolation("A plan ends today or later.", field="on")
        ensure_within_reach(on, today, "on")
        self.ended_on, self.updated_at = on, now
        if on <= today:
            self.status = PlanStatus.ENDED

    def end_if_due(self, today: date) -> None:
        if self.ended_on is not None and self.ended_on <= today:
            self.status = PlanStatus.ENDED

    def change_rule(self, rule: RecurrenceRule, from_day: date, today: date, now: datetime) -> None:
        """The new rule applies from `from_day`; what was generated before stays. The day may
        not lie beyond what is generated, or the dates in between would belong to no rule."""
        self.ensure_active()
        if from_day < today:
            raise RuleViolation("A rule can change from today on, not in the past.", field="from")
        latest = (self.generated_until or today) + timedelta(days=1)
        if from_day > latest:
            raise RuleViolation(
                f"A rule can change from {latest.isoformat()} at the latest (the day after the "
                "last generated visit).",
                field="from",
            )
        self.rule = rule.validated()
        self.starts_on = max(self.starts_on, from_day)
        self.generated_until = min(self.generated_until or from_day, from_day - timedelta(days=1))
        self.updated_at = now


@dataclass(slots=True)
class Occurrence:
    """One date of a plan: generated (with its work and visit), skipped, or moved."""

    tenant_id: UUID
    plan_id: UUID
    day: date
    state: OccurrenceState
    created_at: datetime
    target_id: UUID | None = None
    appointment_id: UUID | None = None
