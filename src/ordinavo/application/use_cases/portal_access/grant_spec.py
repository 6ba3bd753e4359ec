"""The shape of a grant as staff describe it, and its check against the tenant's records."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.locations import Location
from ordinavo.domain.portal_access import Capabilities


@dataclass(frozen=True, slots=True)
class GrantSpec:
    customer_id: UUID
    location_ids: frozenset[UUID]
    capabilities: Capabilities


async def load_locations(uow: UnitOfWork, location_ids: frozenset[UUID]) -> list[Location]:
    """Every named location must exist in this tenant; another tenant's id is 'not found'."""
    locations = []
    for location_id in sorted(location_ids):
        location = await uow.locations.get(location_id)
        if location is None:
            raise NotFound("location")
        locations.append(location)
    return locations
