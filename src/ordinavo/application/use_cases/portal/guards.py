"""Rate limits and throttles shared by the portal's unauthenticated entry points."""

from __future__ import annotations

from datetime import timedelta

from ordinavo.application.errors import TooManyRequests
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import RateLimiter
from ordinavo.application.ports.repositories import UnitOfWorkFactory

# Per client address, per minute. Generous for people, tight for scripts.
LIMITS = {"login": 30, "accept": 20, "reset": 10}


async def limit_rate(
    limiter: RateLimiter,
    uows: UnitOfWorkFactory,
    clock: Clock,
    action: str,
    client_address: str | None,
) -> None:
    wait = await limiter.hit(
        f"{action}:{client_address or 'unknown'}",
        limit=LIMITS[action],
        window=timedelta(minutes=1),
        now=clock.now(),
    )
    if wait is not None:
        await uows.commit()
        raise TooManyRequests(int(wait.total_seconds()) + 1)
