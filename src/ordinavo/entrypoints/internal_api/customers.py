from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from ordinavo.application.ports.repositories import CustomerFilter
from ordinavo.application.use_cases.customers.archive_customer import ArchiveCustomer
from ordinavo.application.use_cases.customers.change_customer import ChangeCustomer
from ordinavo.application.use_cases.customers.delete_customer import (
    DeleteCustomer,
    DeletionMode,
)
from ordinavo.application.use_cases.customers.get_customer import GetCustomer
from ordinavo.application.use_cases.customers.list_customers import ListCustomers
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.domain.customers import CustomerDetails, CustomerStatus
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, Limit, Search
from ordinavo.entrypoints.internal_api.presenters import customer_out, domain_references
from ordinavo.entrypoints.internal_api.schemas import (
    CustomerChange,
    CustomerCreate,
    CustomerDeletion,
    CustomerOut,
)


class CustomerController(Controller):
    path = "/customers"
    tags = ["customers"]

    @get("/", summary="List customers")
    async def list_customers(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListCustomers],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: FromQuery[CustomerStatus | None] = None,
        search: Search = None,
    ) -> PageOf[CustomerOut]:
        page = await use_case(
            actor, page_request(limit, cursor), CustomerFilter(status=status, search=search)
        )
        return PageOf(
            items=[customer_out(c, actor) for c in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Register a customer")
    async def register_customer(
        self,
        data: JSONBody[CustomerCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[RegisterCustomer],
    ) -> CustomerOut:
        fields = data.present()
        if "external_references" in fields:
            fields["external_references"] = domain_references(fields["external_references"])
        customer = await use_case(actor, CustomerDetails(**fields), data.given())
        return customer_out(customer, actor)

    @get("/{customer_id:uuid}", summary="Show a customer")
    async def get_customer(
        self,
        customer_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetCustomer],
    ) -> CustomerOut:
        return customer_out(await use_case(actor, customer_id), actor)

    @patch("/{customer_id:uuid}", summary="Change a customer")
    async def change_customer(
        self,
        customer_id: FromPath[UUID],
        data: JSONBody[CustomerChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeCustomer],
    ) -> CustomerOut:
        changes = data.present()
        if "external_references" in changes:
            changes["external_references"] = domain_references(changes["external_references"])
        customer = await use_case(actor, customer_id, changes, data.given())
        return customer_out(customer, actor)

    @post("/{customer_id:uuid}/archive", summary="Archive a customer", status_code=200)
    async def archive_customer(
        self,
        customer_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ArchiveCustomer],
    ) -> CustomerOut:
        return customer_out(await use_case(actor, customer_id), actor)

    @post(
        "/{customer_id:uuid}/delete",
        summary="Delete or anonymise a customer (tenant admins)",
        description=(
            "Confirm with the customer's number. `delete` hides the customer and ends its "
            "portal access at once; the rest is removed in the background. `anonymise` "
            "replaces its personal data and keeps the work and visits."
        ),
        status_code=204,
    )
    async def delete_customer(
        self,
        customer_id: FromPath[UUID],
        data: JSONBody[CustomerDeletion],
        actor: FromDishka[Actor],
        use_case: FromDishka[DeleteCustomer],
    ) -> None:
        await use_case(actor, customer_id, data.confirm_customer_number, DeletionMode(data.mode))
