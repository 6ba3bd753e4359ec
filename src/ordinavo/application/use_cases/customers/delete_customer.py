from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import remove_files_under
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import customers_files
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor


class DeletionMode(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"


def anonymous_name(customer_id: UUID) -> str:
    return f"Deleted customer {customer_id.hex[-8:]}"


class DeleteCustomer:
    """A tenant admin deletes a customer, confirming with its number.

    Delete: this transaction hides the customer from every read of customers and shuts its
    portal (grants, and the accounts that lived by them, with their sessions); the worker's
    `FinishCustomerDeletion` removes the rest step by step. Anonymise: one transaction replaces
    the personal data and keeps the operational history."""

    def __init__(
        self,
        uow: UnitOfWork,
        recorder: ChangeRecorder,
        queue: JobQueue,
        storage: FileStorage,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._recorder = recorder
        self._queue = queue
        self._storage = storage
        self._clock = clock

    async def __call__(
        self, actor: Actor, customer_id: UUID, confirm_number: str, mode: DeletionMode
    ) -> None:
        require(actor, Action.ERASE_PERSONAL_DATA)
        customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("customer")
        if confirm_number.strip() != customer.details.customer_number:
            raise RuleViolation(
                "confirmCustomerNumber does not match the customer's number.",
                field="confirmCustomerNumber",
            )
        erasure = self._uow.erasure
        await erasure.remove_portal_access(customer_id)
        # Connected systems lose their links to it at once: their next import of the customer
        # creates a new one (what they asked for), never fills the erased one again.
        await erasure.forget_imported(customer_id)
        if mode is DeletionMode.ANONYMISE:
            await erasure.anonymise(customer_id, anonymous_name(customer_id))
            await erasure.empty_events(customer_id)
            await erasure.remove_mail(customer_id)
            action = "customer.anonymised"
        else:
            await erasure.mark_deleting(customer_id)
            action = "customer.deletion_started"
        # No domain event: its payload would carry what is being erased.
        self._recorder.audit_only(
            self._uow, actor, action, object_type="customer", object_id=customer_id
        )
        await self._uow.commit()
        if mode is DeletionMode.ANONYMISE:
            prefix = customers_files(actor.tenant_id, customer_id)
            await remove_files_under(self._storage, prefix, self._uow, self._clock)
        else:
            await self._queue.finish_customer_deletion(actor.tenant_id, customer_id)
