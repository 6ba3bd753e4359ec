"""Expands a recurrence rule into dates with python-dateutil's rrule."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil import rrule

from ordinavo.domain.recurring import Frequency, RecurrenceRule

_FREQUENCIES = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}
_WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}


class DateutilCalendar:
    def dates(self, rule: RecurrenceRule, starts_on: date, first: date, last: date) -> list[date]:
        if last < first:
            return []
        options: dict[str, object] = {
            "dtstart": datetime.combine(starts_on, time()),
            "interval": rule.interval,
        }
        if rule.weekdays:
            options["byweekday"] = [
                _WEEKDAYS[day](rule.position) if rule.position else _WEEKDAYS[day]
                for day in rule.weekdays
            ]
        if rule.month_day is not None:
            options["bymonthday"] = rule.month_day
        if rule.month is not None:
            options["bymonth"] = rule.month
        if rule.until is not None:
            options["until"] = datetime.combine(rule.until, time())
        if rule.count is not None:
            options["count"] = rule.count
        # Day arithmetic on naive dates: the time of day is applied in the location's zone
        # afterwards, so a daylight-saving change never moves a date.
        found = rrule.rrule(_FREQUENCIES[rule.frequency], **options).between(  # type: ignore[arg-type]
            datetime.combine(first, time()), datetime.combine(last, time()), inc=True
        )
        return [moment.date() for moment in found]
