from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.calendar_feeds import CalendarFeed
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class IssuedFeed:
    feed: CalendarFeed
    url: str  # shown once; only the digest of its secret is stored


class RenewCalendarFeed:
    """Issue my calendar feed address; an earlier one stops working at once (rotation)."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        secrets: SecretGenerator,
        links: PortalLinks,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._secrets = secrets
        self._links = links
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject) -> IssuedFeed:
        now = self._clock.now()
        current = await self._uow.calendar_feeds.active_for_user(subject.user_id)
        if current is not None:
            current.revoke(now)
            await self._uow.calendar_feeds.save(current)
        token = self._secrets.token()
        feed = CalendarFeed(
            id=self._ids.new_id(),
            tenant_id=subject.tenant_id,
            portal_user_id=subject.user_id,
            token_hash=self._secrets.digest(token),
            created_at=now,
        )
        await self._uow.calendar_feeds.add(feed)
        self._recorder.security(
            self._uow,
            SecurityEventKind.CALENDAR_FEED_ISSUED,
            portal_user_id=subject.user_id,
            actor_id=subject.user_id,
        )
        await self._uow.commit()
        return IssuedFeed(feed, self._links.calendar_feed(token))
