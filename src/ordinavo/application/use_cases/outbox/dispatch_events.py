"""The relay: hands committed events to their consumers (webhook endpoints, portal mail)."""

from __future__ import annotations

import logging
from collections import defaultdict
from uuid import UUID

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.mail import QueuedMail
from ordinavo.application.ports.outbox import DueDelivery, JobQueue, Outbox
from ordinavo.application.ports.repositories import UnitOfWork, UnitOfWorkFactory
from ordinavo.application.ports.webhooks import WebhookPayloads, WebhookPolicy
from ordinavo.application.use_cases.notifications.notify_portal_users import NotifyPortalUsers
from ordinavo.application.use_cases.notifications.notify_staff import NotifyStaff
from ordinavo.domain.connect import RecordKind
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.webhooks import (
    FOLLOWS_WORK,
    Delivery,
    SourceId,
    Subject,
    WebhookEndpoint,
    about_own_source,
    is_deliverable,
    subject_of,
)

log = logging.getLogger("ordinavo.worker")


async def _subject(uow: UnitOfWork, event: DomainEvent) -> object | None:
    """The record the event is about, as it stands now (None if it is gone)."""
    kind = subject_of(event.type)
    repositories = {
        Subject.CUSTOMER: uow.customers,
        Subject.LOCATION: uow.locations,
        Subject.CONTACT: uow.contacts,
        Subject.WORK: uow.targets,
        Subject.APPOINTMENT: uow.appointments,
        Subject.REPORT: uow.reports,
        Subject.FOLLOW_UP: uow.follow_ups,
        Subject.BILLING_TRIGGER: uow.billing_triggers,
        Subject.REQUEST: uow.requests,
    }
    return await repositories[kind].get(event.subject_id)  # type: ignore[attr-defined]


def _linkable(subject_type: str) -> bool:
    return subject_type in {kind.value for kind in RecordKind}


async def _source_ids(
    uow: UnitOfWork, event: DomainEvent
) -> dict[tuple[RecordKind, UUID], list[SourceId]]:
    """The connected systems' ids of the event's record and of the work it is about."""
    wanted = []
    if _linkable(event.subject_type):
        wanted.append((RecordKind(event.subject_type), event.subject_id))
    if event.work_id is not None:
        wanted.append((RecordKind.TARGET, event.work_id))
    return await uow.connect.source_ids(wanted) if wanted else {}


class DispatchEvents:
    """Claims a batch of pending events, makes one delivery per subscribed endpoint and the
    portal users' notification mails, marks the events handled, all in one transaction; then
    wakes the deliveries and the mail. A crash before the commit leaves the events pending for
    the next relay, and nothing half-made."""

    def __init__(
        self,
        outbox: Outbox,
        units: UnitOfWorkFactory,
        payloads: WebhookPayloads,
        queue: JobQueue,
        clock: Clock,
        ids: IdGenerator,
        policy: WebhookPolicy,
        notify: NotifyPortalUsers,
        notify_staff: NotifyStaff,
    ) -> None:
        self._notify = notify
        self._notify_staff = notify_staff
        self._outbox = outbox
        self._units = units
        self._payloads = payloads
        self._queue = queue
        self._clock = clock
        self._ids = ids
        self._policy = policy

    async def __call__(self) -> int:
        """Returns how many events were handled."""
        events = await self._outbox.claim_events(self._policy.dispatch_batch)
        if not events:
            await self._outbox.rollback()
            return 0
        now = self._clock.now()
        made: list[DueDelivery] = []
        mail: list[QueuedMail] = []
        done: dict[UUID, list[UUID]] = defaultdict(list)
        subscribers: dict[tuple[UUID, str], list[WebhookEndpoint]] = {}
        for event in events:
            try:
                made += await self._fan_out(event, subscribers)
                uow = self._units.for_tenant(event.tenant_id)
                mail += await self._notify(uow, event)
                mail += await self._notify_staff(uow, event)
            except Exception:
                # One event that cannot be handled must not hold up the others for ever.
                log.exception("event %s (%s) could not be dispatched", event.id, event.type)
                await self._outbox.rollback()
                await self._outbox.note_dispatch_failure(event.id)
                await self._outbox.commit()
                raise
            done[event.tenant_id].append(event.id)
        for tenant_id, event_ids in done.items():
            await self._units.for_tenant(tenant_id).events.mark_dispatched(event_ids, now)
        await self._outbox.commit()
        for due in made:
            await self._queue.deliver_webhook(due.tenant_id, due.delivery_id)
        for queued in mail:
            await self._queue.send_mail(queued.tenant_id, queued.mail_id)
        if len(events) == self._policy.dispatch_batch:
            await self._queue.dispatch_events()  # more are waiting
        return len(events)

    async def _fan_out(
        self,
        event: DomainEvent,
        subscribers: dict[tuple[UUID, str], list[WebhookEndpoint]],
    ) -> list[DueDelivery]:
        if not is_deliverable(event.type):
            return []
        uow = self._units.for_tenant(event.tenant_id)
        key = (event.tenant_id, event.type)
        if key not in subscribers:
            subscribers[key] = await uow.webhook_endpoints.subscribed_to(event.type)
        endpoints = [
            e for e in subscribers[key] if e.receives(event.type, event.occurred_at, event.id)
        ]
        if not endpoints:
            return []
        ids = await _source_ids(uow, event)
        # An endpoint of one connected system hears only of the records that system sent.
        sources = {i.source for found in ids.values() for i in found}
        endpoints = [e for e in endpoints if about_own_source(e.settings.options, sources)]
        if not endpoints:
            return []
        subject = await _subject(uow, event)
        linked = _linkable(event.subject_type)
        if linked:
            own = ids.get((RecordKind(event.subject_type), event.subject_id), [])
        elif subject_of(event.type) in FOLLOWS_WORK and event.work_id is not None:
            # A report, follow-up or billing trigger: the connected system knows its work.
            own = ids.get((RecordKind.TARGET, event.work_id), [])
        else:
            own = []
        made = []
        for endpoint in endpoints:
            delivery = Delivery.make(
                id=self._ids.new_id(),
                tenant_id=event.tenant_id,
                endpoint_id=endpoint.id,
                event_id=event.id,
                event_type=event.type,
                body=self._payloads.render(event, subject, endpoint.settings.options, own),
                now=self._clock.now(),
            )
            if await uow.webhook_deliveries.add(delivery):
                made.append(DueDelivery(event.tenant_id, delivery.id))
        return made
