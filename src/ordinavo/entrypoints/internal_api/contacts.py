from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from ordinavo.application.ports.repositories import ContactFilter
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.contacts.archive_contact import ArchiveContact
from ordinavo.application.use_cases.contacts.change_contact import KEEP_LOCATION, ChangeContact
from ordinavo.application.use_cases.contacts.erase_contact import EraseContact
from ordinavo.application.use_cases.contacts.get_contact import GetContact
from ordinavo.application.use_cases.contacts.list_contacts import ListContacts
from ordinavo.domain.contacts import ContactDetails, ContactStatus
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import (
    Cursor,
    ForCustomer,
    Limit,
    Search,
    WithLocation,
)
from ordinavo.entrypoints.internal_api.presenters import contact_out
from ordinavo.entrypoints.internal_api.schemas import ContactChange, ContactCreate, ContactOut


class ContactController(Controller):
    path = "/contacts"
    tags = ["contacts"]

    @get("/", summary="List contact persons")
    async def list_contacts(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListContacts],
        limit: Limit = 50,
        cursor: Cursor = None,
        customer_id: ForCustomer = None,
        location_id: WithLocation = None,
        status: FromQuery[ContactStatus | None] = None,
        search: Search = None,
    ) -> PageOf[ContactOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            ContactFilter(
                customer_id=customer_id, location_id=location_id, status=status, search=search
            ),
        )
        return PageOf(
            items=[contact_out(x, actor) for x in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Add a contact person to a customer")
    async def add_contact(
        self,
        data: JSONBody[ContactCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[AddContact],
    ) -> ContactOut:
        fields = data.present()
        customer_id = fields.pop("customer_id")
        location_id = fields.pop("location_id", None)
        contact = await use_case(actor, customer_id, location_id, ContactDetails(**fields))
        return contact_out(contact, actor)

    @get("/{contact_id:uuid}", summary="Show a contact person")
    async def get_contact(
        self, contact_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetContact]
    ) -> ContactOut:
        return contact_out(await use_case(actor, contact_id), actor)

    @patch("/{contact_id:uuid}", summary="Change a contact person")
    async def change_contact(
        self,
        contact_id: FromPath[UUID],
        data: JSONBody[ContactChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeContact],
    ) -> ContactOut:
        fields = data.present()
        location_id = fields.pop("location_id", KEEP_LOCATION)
        contact = await use_case(actor, contact_id, fields, location_id)
        return contact_out(contact, actor)

    @post(
        "/{contact_id:uuid}/erase",
        summary="Erase a contact person (tenant admins)",
        description=(
            "Removes the contact's portal account (its sessions end at once) and personal "
            "data; the work and requests it was named on stay, naming no contact."
        ),
        status_code=204,
    )
    async def erase_contact(
        self,
        contact_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[EraseContact],
    ) -> None:
        await use_case(actor, contact_id)

    @post("/{contact_id:uuid}/archive", summary="Archive a contact person", status_code=200)
    async def archive_contact(
        self,
        contact_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ArchiveContact],
    ) -> ContactOut:
        return contact_out(await use_case(actor, contact_id), actor)
