from __future__ import annotations

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.portal import AskedReset, AskedResets, RateLimiter
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.use_cases.portal.guards import limit_rate


class RequestPasswordReset:
    """Always answers the same, in status, body and time: the request only notes what was
    typed, the same work for a real and an unknown account; the worker looks the account up
    and, for an active one, mails a one-hour link (HandlePasswordReset)."""

    def __init__(
        self,
        uows: UnitOfWorkFactory,
        asked: AskedResets,
        jobs: JobQueue,
        limiter: RateLimiter,
        clock: Clock,
        ids: IdGenerator,
    ) -> None:
        self._uows = uows
        self._asked = asked
        self._jobs = jobs
        self._limiter = limiter
        self._clock = clock
        self._ids = ids

    async def __call__(self, tenant_slug: str, email: str, client_address: str | None) -> None:
        await limit_rate(self._limiter, self._uows, self._clock, "reset", client_address)
        asked = AskedReset(
            id=self._ids.new_id(),
            tenant_slug=tenant_slug.strip().lower()[:100],
            email=email.strip().lower()[:254],
            client_address=client_address,
            asked_at=self._clock.now(),
        )
        await self._asked.add(asked)
        await self._uows.commit()
        await self._jobs.handle_password_reset(asked.id)
