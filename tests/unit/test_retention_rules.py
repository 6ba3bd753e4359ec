"""The retention rules: defaults, minimums, the ten-year maximum, fixed kinds, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.retention import (
    ADJUSTABLE,
    MAX_DAYS,
    RULES,
    SHARED_KINDS,
    RetentionKind,
    RetentionPolicy,
)
from ordinavo.domain.tenants import Tenant

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_every_kind_has_a_rule_and_its_default_is_within_its_bounds() -> None:
    assert set(RULES) == set(RetentionKind)
    for rule in RULES.values():
        assert rule.default_days is None or rule.minimum_days <= rule.default_days <= MAX_DAYS


def test_the_documented_minimums() -> None:
    assert RULES[RetentionKind.AUDIT_ENTRIES].minimum_days == 90
    assert RULES[RetentionKind.SECURITY_EVENTS].minimum_days == 30
    assert RULES[RetentionKind.CLOSED_SESSIONS].minimum_days == 1


def test_a_new_policy_has_the_defaults() -> None:
    policy = RetentionPolicy()
    assert policy.as_dict() == {k.value: RULES[k].default_days for k in ADJUSTABLE}
    assert policy.cutoff(RetentionKind.AUDIT_ENTRIES, NOW) == NOW - timedelta(days=365)


def test_a_period_at_its_minimum_and_at_the_maximum_is_accepted() -> None:
    policy = RetentionPolicy.parse({"audit_entries": 90, "security_events": MAX_DAYS})
    assert policy.days(RetentionKind.AUDIT_ENTRIES) == 90
    assert policy.days(RetentionKind.SECURITY_EVENTS) == MAX_DAYS


@pytest.mark.parametrize(
    ("raw", "named", "bound"),
    [
        ({"audit_entries": 89}, "audit_entries", "90"),
        ({"security_events": 29}, "security_events", "30"),
        ({"closed_sessions": 0}, "closed_sessions", "1"),
        ({"mail_log": MAX_DAYS + 1}, "mail_log", str(MAX_DAYS)),
    ],
)
def test_a_period_out_of_bounds_names_the_kind_and_the_bound(
    raw: dict[str, object], named: str, bound: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        RetentionPolicy.parse(raw)
    assert refused.value.field == named
    assert named in refused.value.message and bound in refused.value.message


def test_an_unknown_kind_is_named() -> None:
    with pytest.raises(InvalidValue, match="'chat_logs' is not a kind") as refused:
        RetentionPolicy.parse({"chat_logs": 10})
    assert refused.value.field == "chat_logs"


@pytest.mark.parametrize("kind", ["idempotency_keys", "retention_runs", "login_throttles"])
def test_a_fixed_kind_cannot_be_changed(kind: str) -> None:
    with pytest.raises(InvalidValue, match="cannot be changed"):
        RetentionPolicy.parse({kind: 30})


@pytest.mark.parametrize("value", ["30", 30.5, True])
def test_a_period_is_a_whole_number_of_days(value: object) -> None:
    with pytest.raises(InvalidValue, match="whole number"):
        RetentionPolicy.parse({"mail_log": value})


def test_null_keeps_a_kind_forever() -> None:
    policy = RetentionPolicy.parse({"audit_entries": None})
    assert policy.days(RetentionKind.AUDIT_ENTRIES) is None
    assert policy.cutoff(RetentionKind.AUDIT_ENTRIES, NOW) is None


def test_shared_kinds_are_fixed() -> None:
    assert SHARED_KINDS and not set(SHARED_KINDS) & set(ADJUSTABLE)


def test_a_tenant_reports_which_kinds_changed_and_a_refused_policy_changes_nothing() -> None:
    tenant = Tenant.open(id=uuid4(), slug="acme", name="Acme", now=NOW)
    assert tenant.change_retention(RetentionPolicy.parse({"audit_entries": 365})) == []
    assert tenant.change_retention(RetentionPolicy.parse({"mail_log": 30})) == ["mail_log"]
    with pytest.raises(InvalidValue):
        tenant.change_retention(RetentionPolicy.parse({"mail_log": 60, "audit_entries": 1}))
    assert tenant.retention.days(RetentionKind.MAIL_LOG) == 30
    # Kinds not named return to their defaults: the policy is replaced, not merged.
    assert tenant.change_retention(RetentionPolicy()) == ["mail_log"]


def test_a_stored_policy_drops_kinds_no_longer_adjustable() -> None:
    policy = RetentionPolicy.from_dict({"security_events": 60, "idempotency_keys": 1, "old": 5})
    assert policy.periods == {RetentionKind.SECURITY_EVENTS: 60}


def test_a_stored_period_a_later_rule_refuses_falls_back_to_its_default() -> None:
    policy = RetentionPolicy.from_dict({"audit_entries": 10, "mail_log": 30})
    assert (
        policy.days(RetentionKind.AUDIT_ENTRIES) == RULES[RetentionKind.AUDIT_ENTRIES].default_days
    )
    assert policy.days(RetentionKind.MAIL_LOG) == 30
