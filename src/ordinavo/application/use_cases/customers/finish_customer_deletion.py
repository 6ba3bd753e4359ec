from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from ordinavo.application.ports.repositories import UnitOfWork, UnitOfWorkFactory
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.attachments import customers_files

Step = Callable[[UnitOfWork, UUID], Awaitable[None]]


class FinishCustomerDeletion:
    """The worker's part of deleting a customer: one transaction per step, children before
    parents, the customer's row last. The row, marked `deleting`, is the job's bookmark: every
    step is idempotent, so a run after a lost worker simply starts again and finishes. Stored
    files go after their rows and before the customer's: a failed file removal leaves the
    customer marked, and the sweeper's next run tries again."""

    def __init__(
        self, units: UnitOfWorkFactory, storage: FileStorage, recorder: ChangeRecorder
    ) -> None:
        self._units = units
        self._storage = storage
        self._recorder = recorder

    @property
    def steps(self) -> list[tuple[str, Step]]:
        return [
            ("portal access", lambda uow, c: _discard(uow.erasure.remove_portal_access(c))),
            ("events", lambda uow, c: uow.erasure.remove_events(c)),
            ("mail", lambda uow, c: uow.erasure.remove_mail(c)),
            ("reports", lambda uow, c: uow.erasure.remove_reports(c)),
            ("requests", lambda uow, c: uow.erasure.remove_requests(c)),
            ("recurring plans", lambda uow, c: uow.erasure.remove_recurring_plans(c)),
            # Done when the deletion started; again for a link an import made meanwhile.
            ("connect links", lambda uow, c: uow.erasure.forget_imported(c)),
            ("work", lambda uow, c: uow.erasure.remove_work(c)),
            ("files", self._remove_files),
            ("contacts and locations", lambda uow, c: uow.erasure.remove_contacts_and_locations(c)),
            ("customer", self._remove_customer),
        ]

    async def __call__(
        self, tenant_id: UUID, customer_id: UUID, *, steps: int | None = None
    ) -> bool:
        """Run the steps (the first `steps` of them, for tests of a lost worker). False when
        there is nothing (left) to delete."""
        for _, step in self.steps[:steps]:
            uow = self._units.for_tenant(tenant_id)
            if not await uow.erasure.being_deleted(customer_id):
                await uow.rollback()
                return False
            await step(uow, customer_id)
            await uow.commit()
        return True

    async def _remove_files(self, uow: UnitOfWork, customer_id: UUID) -> None:
        # Raises when the storage fails: the customer stays marked, the next run retries.
        await self._storage.delete_prefix(customers_files(uow.tenant_id, customer_id))

    async def _remove_customer(self, uow: UnitOfWork, customer_id: UUID) -> None:
        await uow.erasure.remove_customer(customer_id)
        self._recorder.audit_only(
            uow, None, "customer.deleted", object_type="customer", object_id=customer_id
        )


async def _discard(removal: Awaitable[object]) -> None:
    await removal
