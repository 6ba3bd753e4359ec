"""How long each kind of record is kept: a tenant's retention policy and its rules.

A tenant admin sets a period in days per adjustable kind, or keeps the kind forever (None).
Each adjustable kind has a documented default and a minimum below which it cannot go (audit
entries and security events must outlive an investigation); every period is at most ten
years. A few kinds have a fixed period no tenant can change: they are technical records
whose age alone makes them useless (idempotency keys, the job's own run records, throttle
windows). Throttles are shared by all tenants and handled once per run, not per tenant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ordinavo.domain.errors import InvalidValue

MAX_DAYS = 3650


class RetentionKind(StrEnum):
    # Adjustable by tenant admins.
    CLOSED_SESSIONS = "closed_sessions"  # portal sessions and staff tokens, ended or expired
    SECURITY_EVENTS = "security_events"  # login and security events
    AUDIT_ENTRIES = "audit_entries"
    WEBHOOK_DELIVERIES = "webhook_deliveries"  # finished deliveries, their payloads and attempts
    MAIL_LOG = "mail_log"  # sent and given-up mail
    ATTACHMENT_DOWNLOADS = "attachment_downloads"  # who downloaded which file, when
    # Fixed, per tenant.
    IDEMPOTENCY_KEYS = "idempotency_keys"
    RETENTION_RUNS = "retention_runs"  # what the job removed, per run and kind
    # Fixed, shared by all tenants.
    LOGIN_THROTTLES = "login_throttles"
    RATE_LIMIT_WINDOWS = "rate_limit_windows"


@dataclass(frozen=True, slots=True)
class RetentionRule:
    default_days: int | None
    minimum_days: int = 1
    maximum_days: int = MAX_DAYS
    adjustable: bool = True
    shared: bool = False  # not tenant-owned: handled once per run


RULES: Mapping[RetentionKind, RetentionRule] = {
    RetentionKind.CLOSED_SESSIONS: RetentionRule(30, minimum_days=1),
    RetentionKind.SECURITY_EVENTS: RetentionRule(180, minimum_days=30),
    RetentionKind.AUDIT_ENTRIES: RetentionRule(365, minimum_days=90),
    RetentionKind.WEBHOOK_DELIVERIES: RetentionRule(30, minimum_days=1),
    RetentionKind.MAIL_LOG: RetentionRule(90, minimum_days=1),
    RetentionKind.ATTACHMENT_DOWNLOADS: RetentionRule(365, minimum_days=30),
    # A repeated submission is a retry within minutes; a week covers an offline phone.
    RetentionKind.IDEMPOTENCY_KEYS: RetentionRule(7, minimum_days=7, adjustable=False),
    RetentionKind.RETENTION_RUNS: RetentionRule(400, minimum_days=400, adjustable=False),
    # A throttle forgets failures after a day anyway (throttling.FORGET_AFTER).
    RetentionKind.LOGIN_THROTTLES: RetentionRule(2, minimum_days=2, adjustable=False, shared=True),
    RetentionKind.RATE_LIMIT_WINDOWS: RetentionRule(
        1, minimum_days=1, adjustable=False, shared=True
    ),
}
# Not a kind with a period: stored files whose removal failed are retried on every run until
# they are gone. The name under which a run record counts them.
STORED_FILES = "stored_files"

ADJUSTABLE = tuple(kind for kind in RetentionKind if RULES[kind].adjustable)
TENANT_KINDS = tuple(kind for kind in RetentionKind if not RULES[kind].shared)
SHARED_KINDS = tuple(kind for kind in RetentionKind if RULES[kind].shared)


def _period(kind: RetentionKind, value: object) -> int | None:
    rule = RULES[kind]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(
            f"{kind.value} takes a whole number of days, or null to keep forever.",
            field=kind.value,
        )
    if value < rule.minimum_days:
        raise InvalidValue(
            f"{kind.value} must be kept at least {rule.minimum_days} days.", field=kind.value
        )
    if value > rule.maximum_days:
        raise InvalidValue(
            f"{kind.value} can be kept at most {rule.maximum_days} days; use null to keep forever.",
            field=kind.value,
        )
    return value


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """A tenant's periods for the adjustable kinds; a kind not named has its default."""

    periods: Mapping[RetentionKind, int | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind, value in self.periods.items():
            if kind not in ADJUSTABLE:
                raise InvalidValue(
                    f"{kind.value} is fixed and cannot be changed.", field=kind.value
                )
            _period(kind, value)

    def days(self, kind: RetentionKind) -> int | None:
        """The period of any kind, fixed ones included; None keeps forever."""
        if kind in self.periods:
            return self.periods[kind]
        return RULES[kind].default_days

    def cutoff(self, kind: RetentionKind, now: datetime) -> datetime | None:
        """Records of this kind older than this (by their time) go; None: nothing goes."""
        days = self.days(kind)
        return None if days is None else now - timedelta(days=days)

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> RetentionPolicy:
        """A policy as a tenant admin gives it: every kind named is checked, all or nothing."""
        periods: dict[RetentionKind, int | None] = {}
        for name, value in raw.items():
            try:
                kind = RetentionKind(name)
            except ValueError:
                known = ", ".join(k.value for k in ADJUSTABLE)
                raise InvalidValue(
                    f"{name!r} is not a kind of record; use one of: {known}.", field=name
                ) from None
            if kind not in ADJUSTABLE:
                raise InvalidValue(
                    f"{kind.value} is kept {RULES[kind].default_days} days; that cannot be "
                    "changed.",
                    field=kind.value,
                )
            periods[kind] = _period(kind, value)
        return cls(periods)

    def as_dict(self) -> dict[str, int | None]:
        """Every adjustable kind with its period (the default where none was set)."""
        return {kind.value: self.days(kind) for kind in ADJUSTABLE}

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> RetentionPolicy:
        """As stored. A kind no longer known or adjustable, or a period a later rule no longer
        allows (a raised minimum), falls back to its default: loading a tenant never fails."""
        periods: dict[RetentionKind, int | None] = {}
        for kind in ADJUSTABLE:
            if kind.value in raw:
                try:
                    periods[kind] = _period(kind, raw[kind.value])
                except InvalidValue:
                    continue
        return cls(periods)

    def changes_from(self, before: RetentionPolicy) -> list[str]:
        """The kinds whose period differs from `before`."""
        return [k.value for k in ADJUSTABLE if self.days(k) != before.days(k)]
