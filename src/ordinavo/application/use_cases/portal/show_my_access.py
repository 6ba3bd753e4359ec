from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.portal_access import Capabilities, PortalUser
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class GrantView:
    customer_id: UUID
    customer_name: str
    whole_customer: bool
    location_ids: frozenset[UUID]
    capabilities: Capabilities


@dataclass(frozen=True, slots=True)
class MyAccess:
    user: PortalUser
    grants: list[GrantView]


class ShowMyAccess:
    """Who I am, the customers and locations I can see, and what I may do there."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, subject: PortalSubject) -> MyAccess:
        user = await self._uow.portal_users.get(subject.user_id)
        if user is None:
            raise NotAuthenticated()
        names = await self._uow.portal_locations.customers_named(
            frozenset(g.customer_id for g in subject.grants)
        )
        return MyAccess(
            user=user,
            grants=[
                GrantView(
                    customer_id=g.customer_id,
                    customer_name=names.get(g.customer_id, ""),
                    whole_customer=g.covers_whole_customer,
                    location_ids=g.location_ids,
                    capabilities=g.capabilities,
                )
                for g in subject.grants
                if g.is_active
            ],
        )
