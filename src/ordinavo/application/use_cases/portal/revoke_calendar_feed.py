from __future__ import annotations

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


class RevokeCalendarFeed:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject) -> None:
        current = await self._uow.calendar_feeds.active_for_user(subject.user_id)
        if current is None:
            raise NotFound("calendar feed")
        current.revoke(self._clock.now())
        await self._uow.calendar_feeds.save(current)
        self._recorder.security(
            self._uow,
            SecurityEventKind.CALENDAR_FEED_REVOKED,
            portal_user_id=subject.user_id,
            actor_id=subject.user_id,
        )
        await self._uow.commit()
