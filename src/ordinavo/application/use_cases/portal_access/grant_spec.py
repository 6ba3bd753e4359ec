"""The shape of a grant as staff describe it, and its check against the tenant's records."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.locations import Location
from ordinavo.domain.portal_access import Capabilities, check_grant_customer


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


async def load_grant_customer(uow: UnitOfWork, contact: Contact, customer_id: UUID) -> Customer:
    """The customer of a grant for the contact: of this tenant, and the contact's own or one
    it is a recorded partner of."""
    customer = await uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("customer")
    if customer.id == contact.customer_id:
        return customer
    own = await uow.customers.get(contact.customer_id)
    if own is None:  # the contact's customer is being deleted: so is the contact
        raise NotFound("contact")
    check_grant_customer(contact, own, customer, await uow.partners.customers_of(contact.id))
    return customer
