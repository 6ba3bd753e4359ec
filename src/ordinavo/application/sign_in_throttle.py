"""Brute-force defence for every password sign-in (internal staff and portal users).

The counter is keyed by what was typed, so unknown accounts are throttled exactly like real
ones and a 429 tells an outsider nothing. It is kept in the database, so spreading attempts
over many processes or client addresses does not evade it.
"""

from __future__ import annotations

import hashlib

from ordinavo.application.errors import TooManyRequests
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import LoginThrottleStore
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.domain.throttling import LoginThrottle


def throttle_key(realm: str, tenant_slug: str, email: str) -> str:
    typed = f"{realm}\n{tenant_slug.strip().lower()}\n{email.strip().lower()}"
    return hashlib.sha256(typed.encode("utf-8")).hexdigest()


class SignInThrottle:
    def __init__(self, throttles: LoginThrottleStore, uows: UnitOfWorkFactory, clock: Clock):
        self._throttles = throttles
        self._uows = uows
        self._clock = clock

    async def admit(self, realm: str, tenant_slug: str, email: str) -> LoginThrottle:
        """The account's counter; raises TooManyRequests while it must wait."""
        throttle = await self._throttles.get(throttle_key(realm, tenant_slug, email))
        wait = throttle.retry_after(self._clock.now())
        if wait is not None:
            raise TooManyRequests(int(wait.total_seconds()) + 1)
        return throttle

    async def failed(self, throttle: LoginThrottle) -> bool:
        """Count a failure; True when it starts a lockout. The caller commits."""
        locked = throttle.record_failure(self._clock.now())
        await self._throttles.save(throttle)
        return locked

    async def succeeded(self, throttle: LoginThrottle) -> None:
        throttle.record_success()
        await self._throttles.save(throttle)
