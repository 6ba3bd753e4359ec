from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.domain.portal_access import Capabilities, PortalUser


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
    """Who I am, the customers and locations I can see, and what I may do there.

    All of it came with the principal, read for this very request: nothing more is read.
    `user` is the account as a change in this request left it, if there was one."""

    async def __call__(
        self, principal: PortalPrincipal, user: PortalUser | None = None
    ) -> MyAccess:
        return MyAccess(
            user=user or principal.user,
            grants=[
                GrantView(
                    customer_id=g.customer_id,
                    customer_name=principal.customer_names.get(g.customer_id, ""),
                    whole_customer=g.covers_whole_customer,
                    location_ids=g.location_ids,
                    capabilities=g.capabilities,
                )
                for g in principal.grants
                if g.is_active
            ],
        )
