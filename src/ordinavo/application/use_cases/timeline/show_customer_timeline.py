from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.timeline import CustomerTimelineQuery, TimelineEntry
from ordinavo.application.visibility import visible_customers
from ordinavo.domain.access import Action, BillingView, billing_view, sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.timeline import InternalEntryKind, TimeRange, internal_kinds


class ShowCustomerTimeline:
    """The history of one customer (optionally one location), newest first, as the reader's
    role allows: billing only for those who may see it, employees only their assigned work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self,
        actor: Actor,
        customer_id: UUID,
        page: TimedPageRequest,
        *,
        kinds: Iterable[InternalEntryKind] | None = None,
        time_range: TimeRange | None = None,
        location_id: UUID | None = None,
    ) -> TimedPage[TimelineEntry]:
        require(actor, Action.READ_CUSTOMER_CORE)
        require(actor, Action.READ_WORK)
        scope = await visible_customers(self._uow, actor)
        if not scope.allows(customer_id) or await self._uow.customers.get(customer_id) is None:
            raise NotFound("customer")
        query = CustomerTimelineQuery(
            customer_id=customer_id,
            kinds=internal_kinds(
                kinds,
                sees_billing=billing_view(actor) is not BillingView.NONE,
                sees_all_work=sees_all_work(actor),
            ),
            range=time_range or TimeRange(),
            location_id=location_id,
            only_work_of=None if sees_all_work(actor) else actor.id,
        )
        return await self._uow.customer_timeline.entries(query, page)
