"""The outbox over the events table. Cross-tenant on purpose: the relay serves every tenant,
then hands each event to a unit of work bound to the event's own tenant."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from ordinavo.adapters.persistence import mappers
from ordinavo.adapters.persistence.connect.models import ImportJobModel
from ordinavo.adapters.persistence.exports.models import DataExportModel
from ordinavo.adapters.persistence.mail.models import OutgoingMailModel, VisitReminderModel
from ordinavo.adapters.persistence.mail.resets import SqlaAskedResets
from ordinavo.adapters.persistence.models import DELETING, CustomerModel, EventModel
from ordinavo.adapters.persistence.tenant_binding import bind_tenant, span_all_tenants
from ordinavo.adapters.persistence.webhooks.models import WebhookDeliveryModel
from ordinavo.adapters.persistence.work_models import AppointmentModel
from ordinavo.application.ports.mail import QueuedMail
from ordinavo.application.ports.outbox import (
    CustomerBeingDeleted,
    DueDelivery,
    VisitToRemind,
    WaitingExport,
    WaitingImport,
)
from ordinavo.domain.appointments import REMINDED_STATUSES
from ordinavo.domain.connect import JobState
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.mail import MailStatus
from ordinavo.domain.webhooks import DeliveryStatus

# An event whose handling failed this often is set aside (and logged), not retried for ever.
MAX_DISPATCH_FAILURES = 5
_RELAY = "the worker's outbox serves every tenant"


def _pending() -> list[object]:
    return [
        EventModel.dispatched_at.is_(None),
        EventModel.dispatch_failures < MAX_DISPATCH_FAILURES,
    ]


class SqlaOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_events(self, limit: int) -> list[DomainEvent]:
        span_all_tenants(self._session, _RELAY)
        if self._session.get_bind().dialect.name == "sqlite":
            # SQLite has no row locks: take the database's write lock first, so a second relay
            # waits for this one's commit instead of handing out the same events.
            await self._session.execute(
                update(EventModel)
                .where(EventModel.id.is_(None))
                .values(dispatch_failures=EventModel.dispatch_failures)
                .execution_options(synchronize_session=False)
            )
        result = await self._session.execute(
            select(EventModel)
            .where(*_pending())
            .order_by(EventModel.id)
            .limit(limit)
            .with_for_update(skip_locked=True)  # PostgreSQL: other relays skip these rows
        )
        return [mappers.event_from_row(row) for row in result.scalars()]

    async def count_pending_events(self, limit: int) -> int:
        span_all_tenants(self._session, _RELAY)
        waiting = select(EventModel.id).where(*_pending()).limit(limit).subquery()
        return int(await self._session.scalar(select(func.count()).select_from(waiting)) or 0)

    async def note_dispatch_failure(self, event_id: UUID) -> None:
        span_all_tenants(self._session, _RELAY)
        await self._session.execute(
            update(EventModel)
            .where(EventModel.id == event_id)
            .values(dispatch_failures=EventModel.dispatch_failures + 1)
            .execution_options(synchronize_session=False)
        )

    async def due_deliveries(self, now: datetime, limit: int) -> list[DueDelivery]:
        span_all_tenants(self._session, _RELAY)
        d = WebhookDeliveryModel
        result = await self._session.execute(
            select(d.tenant_id, d.id)
            .where(d.status.in_((DeliveryStatus.PENDING.value, DeliveryStatus.FAILING.value)))
            .where(d.next_attempt_at <= now)
            .where(or_(d.lease_until.is_(None), d.lease_until <= now))
            .order_by(d.next_attempt_at)
            .limit(limit)
        )
        return [DueDelivery(tenant_id=t, delivery_id=i) for t, i in result.all()]

    async def waiting_resets(self, limit: int) -> list[UUID]:
        return await SqlaAskedResets(self._session).waiting(limit)

    async def due_mail(self, now: datetime, limit: int) -> list[QueuedMail]:
        span_all_tenants(self._session, _RELAY)
        m = OutgoingMailModel
        result = await self._session.execute(
            select(m.tenant_id, m.id)
            .where(m.status == MailStatus.QUEUED.value)
            .where(m.next_attempt_at <= now)
            .where(or_(m.lease_until.is_(None), m.lease_until <= now))
            .order_by(m.next_attempt_at)
            .limit(limit)
        )
        return [QueuedMail(tenant_id=t, mail_id=i) for t, i in result.all()]

    async def waiting_exports(self, limit: int) -> list[WaitingExport]:
        span_all_tenants(self._session, _RELAY)
        m = DataExportModel
        result = await self._session.execute(
            select(m.tenant_id, m.id).where(m.ready_at.is_(None)).order_by(m.id).limit(limit)
        )
        return [WaitingExport(tenant_id=t, export_id=i) for t, i in result.all()]

    async def remove_expired_exports(self, now: datetime) -> int:
        span_all_tenants(self._session, _RELAY)
        m = DataExportModel
        result = await self._session.execute(
            update(m).where(m.expires_at <= now, m.document.is_not(None)).values(document=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def waiting_imports(self, now: datetime, limit: int) -> list[WaitingImport]:
        span_all_tenants(self._session, _RELAY)
        j = ImportJobModel
        lost = and_(
            j.state == JobState.RUNNING.value, or_(j.lease_until.is_(None), j.lease_until <= now)
        )
        result = await self._session.execute(
            select(j.tenant_id, j.id)
            .where(or_(j.state == JobState.QUEUED.value, lost))
            .order_by(j.id)
            .limit(limit)
        )
        return [WaitingImport(tenant_id=t, job_id=i) for t, i in result.all()]

    async def customers_being_deleted(self, limit: int) -> list[CustomerBeingDeleted]:
        span_all_tenants(self._session, _RELAY)
        c = CustomerModel
        result = await self._session.execute(
            select(c.tenant_id, c.id).where(c.status == DELETING).order_by(c.id).limit(limit)
        )
        return [CustomerBeingDeleted(tenant_id=t, customer_id=i) for t, i in result.all()]

    async def commit(self) -> None:
        # What the relay's units of work left to write belongs to the tenants of the events
        # it handled, several of them in one transaction: the write spans them all.
        span_all_tenants(self._session, _RELAY)
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()

    async def visits_to_remind(
        self, now: datetime, until: datetime, limit: int
    ) -> list[VisitToRemind]:
        span_all_tenants(self._session, _RELAY)
        a, r = AppointmentModel, VisitReminderModel
        reminded = exists().where(
            and_(r.tenant_id == a.tenant_id, r.appointment_id == a.id, r.starts_at == a.starts_at)
        )
        result = await self._session.execute(
            select(a.tenant_id, a.id, a.starts_at)
            .where(a.starts_at > now, a.starts_at <= until)
            .where(a.status.in_(sorted(s.value for s in REMINDED_STATUSES)))
            .where(~reminded)
            .order_by(a.starts_at)
            .limit(limit)
        )
        return [VisitToRemind(t, i, s) for t, i, s in result.all()]

    async def note_reminded(self, visit: VisitToRemind, now: datetime) -> bool:
        bind_tenant(self._session, visit.tenant_id)  # the visit's tenant is known: no need to span
        dialect = self._session.get_bind().dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            make(VisitReminderModel)
            .values(
                id=uuid7(),
                tenant_id=visit.tenant_id,
                appointment_id=visit.appointment_id,
                starts_at=visit.starts_at,
                created_at=now,
            )
            # Another worker's reminder for the same visit and time wins; this one is dropped.
            .on_conflict_do_nothing(index_elements=["tenant_id", "appointment_id", "starts_at"])
        )
        result = await self._session.execute(statement)
        return result.rowcount == 1  # type: ignore[attr-defined]
