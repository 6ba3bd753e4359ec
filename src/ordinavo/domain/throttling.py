"""Brute-force throttling: a per-account counter with a growing delay.

The counter is keyed by what the client typed (tenant and e-mail), whether or not such an
account exists, so being throttled reveals nothing about which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)


@dataclass(slots=True)
class LoginThrottle:
    key: str
    failures: int = 0
    blocked_until: datetime | None = None
    last_failure_at: datetime | None = None

    def retry_after(self, now: datetime) -> timedelta | None:
        """How long the caller must wait, or None if an attempt is allowed now."""
        if self.blocked_until is not None and now < self.blocked_until:
            return self.blocked_until - now
        return None

    def record_failure(self, now: datetime) -> bool:
        """Count a failed attempt; True when this failure starts (or extends) a lockout."""
        if self.last_failure_at is not None and now - self.last_failure_at > FORGET_AFTER:
            self.failures = 0
        self.failures += 1
        self.last_failure_at = now
        if self.failures <= FREE_ATTEMPTS:
            return False
        delay = FIRST_DELAY * (2 ** (self.failures - FREE_ATTEMPTS - 1))
        self.blocked_until = now + min(delay, MAX_DELAY)
        return True

    def record_success(self) -> None:
        self.failures = 0
        self.blocked_until = None
