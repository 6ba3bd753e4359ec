"""Ports of the worker backbone: the events table read as an outbox, and the task queue that
wakes workers. The database says what is due; the queue only says "look now"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.application.ports.mail import QueuedMail
from ordinavo.domain.events import DomainEvent


@dataclass(frozen=True, slots=True)
class DueDelivery:
    tenant_id: UUID
    delivery_id: UUID


@dataclass(frozen=True, slots=True)
class WaitingExport:
    tenant_id: UUID
    export_id: UUID


@dataclass(frozen=True, slots=True)
class WaitingImport:
    tenant_id: UUID
    job_id: UUID


@dataclass(frozen=True, slots=True)
class VisitToRemind:
    tenant_id: UUID
    appointment_id: UUID
    starts_at: datetime


@dataclass(frozen=True, slots=True)
class CustomerBeingDeleted:
    tenant_id: UUID
    customer_id: UUID


class Outbox(Protocol):
    """The committed events of every tenant that no consumer has handled yet, and the webhook
    deliveries that are due. For the worker only; it shares the transaction of the units of
    work it hands events to, so handing out and marking done commit together."""

    async def claim_events(self, limit: int) -> list[DomainEvent]:
        """The oldest pending events, locked for this transaction: another worker skips them."""
        ...

    async def count_pending_events(self, limit: int) -> int:
        """How many events wait (counted up to `limit`)."""
        ...

    async def note_dispatch_failure(self, event_id: UUID) -> None:
        """An event whose handling failed; after a few failures it is no longer handed out."""
        ...

    async def due_deliveries(self, now: datetime, limit: int) -> list[DueDelivery]:
        """Deliveries due now, including those whose lease ran out (their worker was lost)."""
        ...

    async def waiting_resets(self, limit: int) -> list[UUID]:
        """Reset requests no worker has handled yet (their nudge was lost)."""
        ...

    async def due_mail(self, now: datetime, limit: int) -> list[QueuedMail]:
        """Mail due now, including mail whose lease ran out (its worker was lost)."""
        ...

    async def visits_to_remind(
        self, now: datetime, until: datetime, limit: int
    ) -> list[VisitToRemind]:
        """Planned or confirmed visits starting after `now` and by `until` whose reminder for
        their current start time has not gone out."""
        ...

    async def note_reminded(self, visit: VisitToRemind, now: datetime) -> bool:
        """Mark the visit's reminder as made; False if another worker made it already."""
        ...

    async def waiting_exports(self, limit: int) -> list[WaitingExport]:
        """Self-service exports no worker has built yet (their nudge was lost)."""
        ...

    async def remove_expired_exports(self, now: datetime) -> int:
        """Drop the documents of exports past their expiry; returns how many."""
        ...

    async def waiting_imports(self, now: datetime, limit: int) -> list[WaitingImport]:
        """Import jobs queued, or running under a lease that ran out (their worker was lost)."""
        ...

    async def customers_being_deleted(self, limit: int) -> list[CustomerBeingDeleted]:
        """Customers whose deletion started and has not finished (its worker was lost)."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class JobQueue(Protocol):
    """Wakes a worker. Best effort: a lost message only delays the work until the next sweep."""

    async def dispatch_events(self) -> None: ...

    async def deliver_webhook(self, tenant_id: UUID, delivery_id: UUID) -> None: ...

    async def send_mail(self, tenant_id: UUID, mail_id: UUID) -> None: ...

    async def remind_of_visits(self) -> None: ...

    async def handle_password_reset(self, asked_id: UUID) -> None: ...

    async def build_data_export(self, tenant_id: UUID, export_id: UUID) -> None: ...

    async def finish_customer_deletion(self, tenant_id: UUID, customer_id: UUID) -> None: ...

    async def run_import(self, tenant_id: UUID, job_id: UUID) -> None: ...
