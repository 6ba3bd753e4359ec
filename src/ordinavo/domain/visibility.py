"""The portal visibility policy: what a portal subject may see, from its active grants.

It answers both questions from the same rule: "may this subject see this record?" and "which
records may it list?" (a `PortalScope` the repositories turn into SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.domain.portal_access import Grant


@dataclass(frozen=True, slots=True)
class PortalScope:
    """Records at these customers (all their locations) or at these single locations."""

    whole_customers: frozenset[UUID]
    locations: frozenset[UUID]

    @property
    def is_empty(self) -> bool:
        return not self.whole_customers and not self.locations

    def branches(self, location_id: UUID | None = None) -> list[ScopeBranch]:
        """The scope as separate reads, one per granted customer or location, optionally
        narrowed to one location. A location outside the scope gives no read at all."""
        if location_id is not None:
            if location_id in self.locations:
                return [ScopeBranch(location_id=location_id)]
            if self.whole_customers:
                # Maybe a location of a customer granted whole: the record's customer decides.
                return [ScopeBranch(location_id=location_id, within=self.whole_customers)]
            return []
        return [ScopeBranch(customer_id=c) for c in sorted(self.whole_customers)] + [
            ScopeBranch(location_id=loc) for loc in sorted(self.locations)
        ]


@dataclass(frozen=True, slots=True)
class ScopeBranch:
    """Records of one customer, or of one location (then, if `within` is set, only those whose
    customer is one of `within`)."""

    customer_id: UUID | None = None
    location_id: UUID | None = None
    within: frozenset[UUID] = frozenset()


# A staff preview has no portal session, and a contact not yet invited has no portal user:
# both stand in with the nil id, which no session or user ever has.
NO_SESSION = UUID(int=0)
NO_PORTAL_USER = UUID(int=0)


@dataclass(frozen=True, slots=True)
class PortalSubject:
    """An authenticated portal user with the grants that are active at this request."""

    user_id: UUID
    tenant_id: UUID
    session_id: UUID
    grants: tuple[Grant, ...]
    language: str | None = None  # the user's own preference, for labels and e-mails

    def _active(self) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if g.is_active)

    def scope(self, *, needs: str | None = None) -> PortalScope:
        """What may be listed; `needs` narrows to grants with that capability."""
        grants = [g for g in self._active() if needs is None or getattr(g.capabilities, needs)]
        whole = {g.customer_id for g in grants if g.covers_whole_customer}
        # Locations of a customer already granted whole add nothing (and would list twice).
        locations: set[UUID] = set()
        for grant in grants:
            if not grant.covers_whole_customer and grant.customer_id not in whole:
                locations |= grant.location_ids
        return PortalScope(frozenset(whole), frozenset(locations))

    def may_see_customer(self, customer_id: UUID) -> bool:
        """True if any grant touches the customer (whole or some of its locations)."""
        return any(g.customer_id == customer_id for g in self._active())

    def may_see(
        self, customer_id: UUID, location_id: UUID | None, *, needs: str | None = None
    ) -> bool:
        """May the subject see a record of this customer at this location (None: customer-wide).

        A record without a location is visible only through a whole-customer grant.
        """
        scope = self.scope(needs=needs)
        if customer_id in scope.whole_customers:
            return True
        return location_id is not None and location_id in scope.locations

    def has_capability(self, capability: str) -> bool:
        return any(getattr(g.capabilities, capability) for g in self._active())
