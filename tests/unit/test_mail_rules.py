"""Mail rules: retries, preferences and the kinds a portal user may choose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.mail import (
    ACCOUNT_KINDS,
    NOTIFICATION_KINDS,
    RETRY_DELAYS,
    MailErrorClass,
    MailKind,
    MailStatus,
    NotificationPreferences,
    OutgoingMail,
    notification_kind,
    off_by_default,
)

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def _mail() -> OutgoingMail:
    return OutgoingMail.queue(
        id=UUID(int=7),
        tenant_id=UUID(int=1),
        kind=MailKind.VISIT_PLANNED,
        recipient="jana@bakery.example",
        language="de",
        domain="ordinavo.example",
        now=NOW,
    )


def test_a_queued_mail_is_due_at_once_with_a_message_id_of_its_own() -> None:
    mail = _mail()
    assert mail.status is MailStatus.QUEUED
    assert mail.next_attempt_at == NOW
    assert mail.message_id == f"<{UUID(int=7)}@ordinavo.example>"


def test_a_sent_mail_is_done() -> None:
    mail = _mail()
    mail.sent(NOW)
    assert (mail.status, mail.attempts, mail.sent_at, mail.next_attempt_at) == (
        MailStatus.SENT,
        1,
        NOW,
        None,
    )


def test_an_hour_long_outage_delays_a_mail_but_loses_it_not() -> None:
    mail = _mail()
    at = NOW
    while at < NOW + timedelta(hours=1):
        mail.not_sent(MailErrorClass.CONNECTION, at)
        assert mail.status is MailStatus.QUEUED
        assert mail.next_attempt_at is not None and mail.next_attempt_at > at
        at = mail.next_attempt_at
    assert mail.attempts <= 8  # a handful of attempts, not a storm
    mail.sent(at)
    assert mail.status is MailStatus.SENT


def test_retries_are_spaced_by_the_schedule_then_given_up() -> None:
    mail = _mail()
    at = NOW
    for delay in RETRY_DELAYS:
        mail.not_sent(MailErrorClass.TEMPORARY, at)
        assert mail.next_attempt_at == at + delay
        at = mail.next_attempt_at
    mail.not_sent(MailErrorClass.TEMPORARY, at)
    assert mail.status is MailStatus.FAILED
    assert mail.next_attempt_at is None
    assert mail.attempts == len(RETRY_DELAYS) + 1
    assert sum(RETRY_DELAYS, timedelta()) > timedelta(hours=24)


def test_a_refused_message_is_given_up_at_once() -> None:
    mail = _mail()
    mail.not_sent(MailErrorClass.REFUSED, NOW)
    assert mail.status is MailStatus.FAILED
    assert mail.last_error_class is MailErrorClass.REFUSED


def test_account_mail_cannot_be_switched_off() -> None:
    nothing = NotificationPreferences({})
    refuses_all = NotificationPreferences({k: False for k in MailKind})
    for kind in ACCOUNT_KINDS:
        assert refuses_all.receives(kind, frozenset())
    for kind in NOTIFICATION_KINDS:
        assert nothing.receives(kind, frozenset())
        assert not refuses_all.receives(kind, frozenset())


def test_a_tenant_default_applies_until_the_user_chooses() -> None:
    quiet = off_by_default(visit_reminders=False, report_notices=False)
    assert quiet == {MailKind.VISIT_REMINDER, MailKind.REPORT_PUBLISHED}
    assert off_by_default(visit_reminders=True, report_notices=True) == frozenset()
    prefs = NotificationPreferences({})
    assert not prefs.receives(MailKind.REPORT_PUBLISHED, quiet)
    assert prefs.receives(MailKind.VISIT_PLANNED, quiet)
    chosen = NotificationPreferences({MailKind.REPORT_PUBLISHED: True})
    assert chosen.receives(MailKind.REPORT_PUBLISHED, quiet)


@pytest.mark.parametrize("word", ["billing", "invitation", "password_reset", "", "VISIT_PLANNED"])
def test_only_notification_kinds_can_be_chosen(word: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        notification_kind(word)
    assert "visit_reminder" in str(raised.value)  # the message names what is allowed


def test_every_notification_kind_can_be_chosen_by_its_key() -> None:
    assert [notification_kind(k.value) for k in NOTIFICATION_KINDS] == list(NOTIFICATION_KINDS)


def test_a_location_time_zone_is_an_iana_name() -> None:
    from ordinavo.domain import values

    assert values.time_zone(" Europe/Berlin ", "timeZone") == "Europe/Berlin"
    assert values.time_zone(None, "timeZone") is None
    for wrong in ("Mars/Olympus", "", "../etc/passwd", "Europe/Berlin/Mitte"):
        with pytest.raises(InvalidValue):
            values.time_zone(wrong, "timeZone")
