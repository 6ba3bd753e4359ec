"""The day-before reminder: a periodic task finds visits starting within a day and reminds the
portal users who can see them, once per visit and start time."""

from __future__ import annotations

from datetime import timedelta

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.mail import QueuedMail
from ordinavo.application.ports.outbox import JobQueue, Outbox
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.use_cases.notifications.notify_portal_users import NotifyPortalUsers

AHEAD = timedelta(days=1)
BATCH = 100


class RemindOfVisits:
    def __init__(
        self,
        outbox: Outbox,
        units: UnitOfWorkFactory,
        notify: NotifyPortalUsers,
        queue: JobQueue,
        clock: Clock,
    ) -> None:
        self._outbox = outbox
        self._units = units
        self._notify = notify
        self._queue = queue
        self._clock = clock

    async def __call__(self) -> int:
        """How many visits were reminded of."""
        now = self._clock.now()
        visits = await self._outbox.visits_to_remind(now, now + AHEAD, BATCH)
        mail: list[QueuedMail] = []
        reminded = 0
        for visit in visits:
            # Marked in the same transaction as its mails: both happen, or neither.
            if not await self._outbox.note_reminded(visit, now):
                continue
            reminded += 1
            uow = self._units.for_tenant(visit.tenant_id)
            mail += await self._notify.remind(uow, visit.appointment_id)
        await self._outbox.commit()
        for queued in mail:
            await self._queue.send_mail(queued.tenant_id, queued.mail_id)
        if len(visits) == BATCH:
            await self._queue.remind_of_visits()  # more are waiting
        return reminded
