"""Recurrence rules: what is allowed, which dates they give, and the visit's time in UTC across
daylight-saving changes and month ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from ordinavo.adapters.recurrence.dateutil_calendar import DateutilCalendar
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.recurring import DailyWindow, RecurrenceRule, local_window

calendar = DateutilCalendar()
NINE_TO_ELEVEN = DailyWindow.of(time(9), time(11))


def dates(rule: str, start: date, last: date) -> list[date]:
    return calendar.dates(RecurrenceRule.parse(rule), start, start, last)


def test_fortnightly_tuesdays() -> None:
    found = dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", date(2027, 3, 1), date(2027, 4, 30))
    assert found == [
        date(2027, 3, 2),
        date(2027, 3, 16),
        date(2027, 3, 30),
        date(2027, 4, 13),
        date(2027, 4, 27),
    ]


def test_the_31st_is_visited_only_in_months_that_have_one() -> None:
    found = dates("FREQ=MONTHLY;BYMONTHDAY=31", date(2027, 1, 1), date(2027, 6, 30))
    assert found == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]


def test_the_last_day_of_every_month() -> None:
    found = dates("FREQ=MONTHLY;BYMONTHDAY=-1", date(2028, 1, 1), date(2028, 3, 31))
    assert found == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


def test_29_february_comes_only_in_leap_years() -> None:
    found = dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2027, 1, 1), date(2033, 12, 31))
    assert found == [date(2028, 2, 29), date(2032, 2, 29)]


def test_the_second_tuesday_and_the_last_friday_of_a_month() -> None:
    assert dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), date(2027, 3, 31)) == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
    ]
    assert dates("FREQ=MONTHLY;BYDAY=-1FR", date(2027, 1, 1), date(2027, 2, 28)) == [
        date(2027, 1, 29),
        date(2027, 2, 26),
    ]


def test_count_and_until_end_a_rule() -> None:
    assert len(dates("FREQ=DAILY;COUNT=3", date(2027, 1, 1), date(2027, 12, 31))) == 3
    assert dates("FREQ=DAILY;UNTIL=20270103", date(2027, 1, 1), date(2027, 12, 31))[-1] == date(
        2027, 1, 3
    )


def test_nine_o_clock_in_berlin_is_eight_utc_in_winter_and_seven_in_summer() -> None:
    # Clocks go forward on 28 March 2027 and back on 31 October 2027.
    before = local_window(date(2027, 3, 27), NINE_TO_ELEVEN, "Europe/Berlin")
    after = local_window(date(2027, 3, 28), NINE_TO_ELEVEN, "Europe/Berlin")
    autumn = local_window(date(2027, 10, 31), NINE_TO_ELEVEN, "Europe/Berlin")
    assert before.starts_at == datetime(2027, 3, 27, 8, tzinfo=UTC)
    assert after.starts_at == datetime(2027, 3, 28, 7, tzinfo=UTC)
    assert autumn.starts_at == datetime(2027, 10, 31, 8, tzinfo=UTC)
    assert after.ends_at - after.starts_at == before.ends_at - before.starts_at


def test_dubai_never_changes_its_clocks() -> None:
    for day in (date(2027, 3, 28), date(2027, 10, 31), date(2027, 7, 1)):
        window = local_window(day, NINE_TO_ELEVEN, "Asia/Dubai")
        assert window.starts_at == datetime(day.year, day.month, day.day, 5, tzinfo=UTC)


def test_a_time_that_does_not_exist_on_the_day_clocks_go_forward_is_refused() -> None:
    early = DailyWindow.of(time(2, 30), time(4))
    with pytest.raises(RuleViolation, match="does not exist on 2027-03-28 in Europe/Berlin"):
        local_window(date(2027, 3, 28), early, "Europe/Berlin")
    local_window(date(2027, 3, 27), early, "Europe/Berlin")  # any other day is fine


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=HOURLY", "FREQ is one of"),
        ("FREQ=WEEKLY", "A weekly rule names its days"),
        ("FREQ=WEEKLY;INTERVAL=0;BYDAY=TU", "INTERVAL is between 1 and 99"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101", "UNTIL or COUNT, not both"),
        ("FREQ=MONTHLY;BYDAY=TU", "says which one"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY is between 1 and 31"),
        ("FREQ=WEEKLY;BYDAY=XX", "is not a weekday"),
        ("FREQ=DAILY;BYSECOND=1", "BYSECOND is not supported"),
        ("FREQ=DAILY;FREQ=WEEKLY", "given twice"),
    ],
)
def test_rules_outside_the_subset_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        RecurrenceRule.parse(text)


def test_a_rule_reads_back_as_it_was_written() -> None:
    for text in (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;INTERVAL=1;BYDAY=-1FR",
        "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=29;BYMONTH=2",
        "FREQ=DAILY;INTERVAL=3;COUNT=10",
    ):
        assert RecurrenceRule.parse(text).as_text() == text
