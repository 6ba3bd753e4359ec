from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from ordinavo.application.ports.repositories import LocationFilter
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.locations.archive_location import ArchiveLocation
from ordinavo.application.use_cases.locations.change_location import ChangeLocation
from ordinavo.application.use_cases.locations.get_location import GetLocation
from ordinavo.application.use_cases.locations.list_locations import ListLocations
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import LocationDetails, LocationStatus
from ordinavo.domain.values import Coordinates
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, ForCustomer, Limit, Search
from ordinavo.entrypoints.internal_api.presenters import location_out
from ordinavo.entrypoints.internal_api.schemas import LocationChange, LocationCreate, LocationOut


def _domain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    body = fields.get("coordinates")
    if "coordinates" in fields:
        fields["coordinates"] = Coordinates(body.latitude, body.longitude) if body else None
    return fields


class LocationController(Controller):
    path = "/locations"
    tags = ["locations"]

    @get("/", summary="List locations")
    async def list_locations(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListLocations],
        limit: Limit = 50,
        cursor: Cursor = None,
        customer_id: ForCustomer = None,
        status: FromQuery[LocationStatus | None] = None,
        search: Search = None,
    ) -> PageOf[LocationOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            LocationFilter(customer_id=customer_id, status=status, search=search),
        )
        return PageOf(
            items=[location_out(x, actor) for x in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Add a location to a customer")
    async def add_location(
        self,
        data: JSONBody[LocationCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[AddLocation],
    ) -> LocationOut:
        fields = _domain_fields(data.present())
        customer_id = fields.pop("customer_id")
        location = await use_case(actor, customer_id, LocationDetails(**fields))
        return location_out(location, actor)

    @get("/{location_id:uuid}", summary="Show a location")
    async def get_location(
        self,
        location_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetLocation],
    ) -> LocationOut:
        return location_out(await use_case(actor, location_id), actor)

    @patch("/{location_id:uuid}", summary="Change a location")
    async def change_location(
        self,
        location_id: FromPath[UUID],
        data: JSONBody[LocationChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeLocation],
    ) -> LocationOut:
        location = await use_case(actor, location_id, _domain_fields(data.present()))
        return location_out(location, actor)

    @post("/{location_id:uuid}/archive", summary="Archive a location", status_code=200)
    async def archive_location(
        self,
        location_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ArchiveLocation],
    ) -> LocationOut:
        return location_out(await use_case(actor, location_id), actor)
