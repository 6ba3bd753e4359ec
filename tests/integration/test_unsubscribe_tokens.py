"""The signed unsubscribe token: works without a session, so it must not be forgeable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from ordinavo.adapters.security.unsubscribe_tokens import HmacUnsubscribeTokens
from ordinavo.application.ports.mail import UnsubscribeRequest
from ordinavo.domain.mail import MailKind

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
KEY = b"k" * 32
JANA = UnsubscribeRequest(UUID(int=1), UUID(int=2), MailKind.VISIT_REMINDER)


def test_an_unsubscribe_token_reads_back_what_it_was_issued_for() -> None:
    tokens = HmacUnsubscribeTokens(KEY)
    assert tokens.read(tokens.issue(JANA, NOW), NOW + timedelta(days=89)) == JANA


def test_an_unsubscribe_token_expires() -> None:
    tokens = HmacUnsubscribeTokens(KEY)
    assert tokens.read(tokens.issue(JANA, NOW), NOW + timedelta(days=91)) is None


def test_an_unsubscribe_token_cannot_be_changed_to_name_another_kind_or_user() -> None:
    tokens = HmacUnsubscribeTokens(KEY)
    token = tokens.issue(JANA, NOW)
    assert tokens.read(token.replace("visit_reminder", "visit_planned"), NOW) is None
    assert tokens.read(token.replace(UUID(int=2).hex, UUID(int=3).hex), NOW) is None
    assert tokens.read(token, NOW) == JANA
    assert HmacUnsubscribeTokens(b"o" * 32).read(token, NOW) is None
    for junk in ("", "a.b.c.d.e", "x" * 300, "ü.ü.ü.ü.ü"):
        assert tokens.read(junk, NOW) is None
