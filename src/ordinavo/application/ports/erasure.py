"""Erasing a customer or a contact person: bulk removals over one tenant's tables.

Each method works inside the unit of work's transaction and is idempotent: run again after a
crash, it removes what is left and touches nothing else. The use cases decide the order.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class CustomerErasure(Protocol):
    async def mark_deleting(self, customer_id: UUID) -> None:
        """Hide the customer from every read of customers: its status becomes `deleting`."""
        ...

    async def being_deleted(self, customer_id: UUID) -> bool:
        """Whether the customer is marked for deletion and still has its row."""
        ...

    async def remove_portal_access(self, customer_id: UUID) -> list[UUID]:
        """Remove every grant on the customer, and the portal accounts that go with it: those
        of its contacts and those whose every grant was on it (with their sessions,
        invitations, feeds, preferences, resets, downloads, requests and security events).
        Returns the removed accounts' ids."""
        ...

    async def remove_events(self, customer_id: UUID) -> None:
        """The customer's events (its timeline) and the webhook deliveries made of them."""
        ...

    async def empty_events(self, customer_id: UUID) -> None:
        """Keep the customer's events as tombstones: payloads emptied, deliveries removed."""
        ...

    async def remove_mail(self, customer_id: UUID) -> None:
        """Mail addressed to the customer's contacts."""
        ...

    async def remove_reports(self, customer_id: UUID) -> None:
        """Reports, their attachments' rows and download logs, follow-ups, billing triggers,
        and the attachment rows of its requests."""
        ...

    async def remove_requests(self, customer_id: UUID) -> None:
        """Portal requests with their comments and idempotency keys."""
        ...

    async def remove_recurring_plans(self, customer_id: UUID) -> None: ...

    async def remove_work(self, customer_id: UUID) -> None:
        """Targets, appointments and their reminders."""
        ...

    async def forget_imported(self, customer_id: UUID) -> None:
        """Connect: the links of connected systems to the customer and everything of it
        (locations, contacts, work, visits) go, so a source's next import of it creates it
        anew rather than finding a deleted or anonymised record; per-record import results
        naming them keep only their outcome, and entries of batches still waiting that would
        write them again are blanked (skipped as erased when the job runs)."""
        ...

    async def remove_contacts_and_locations(self, customer_id: UUID) -> None: ...

    async def remove_customer(self, customer_id: UUID) -> None: ...

    async def anonymise(self, customer_id: UUID, name: str) -> None:
        """Replace the customer's personal fields and free text; keep work, visits, reports
        and their dates and statuses. Attachments' rows go (files are the caller's)."""
        ...

    async def erase_contact(self, contact_id: UUID) -> None:
        """Remove a contact person: its portal account, mail to it, its events, the Connect
        link to it (results and waiting batches as in `forget_imported`); the work and
        requests it was named on stay with the reference set to null."""
        ...
