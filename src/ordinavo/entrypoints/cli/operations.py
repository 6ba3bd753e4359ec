"""What the CLI commands do, composed from the same container as the HTTP apps."""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.migrator import upgrade
from ordinavo.application.errors import NotFound
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.identity.create_api_key import CreateApiKey
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
from ordinavo.application.use_cases.tenants.remove_tenant import RemoveTenant
from ordinavo.domain.contacts import ContactDetails
from ordinavo.domain.customers import CustomerDetails
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.domain.locations import LocationDetails
from ordinavo.domain.values import Coordinates, external_references
from ordinavo.entrypoints.cli import demo_data
from ordinavo.entrypoints.internal_api.app import create_internal_app
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container
from ordinavo.entrypoints.portal_api.app import create_portal_app
from ordinavo.entrypoints.settings import Settings


async def migrate_database(settings: Settings) -> None:
    engine = database_config(settings.database_url).get_engine()
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def create_tenant(
    settings: Settings, slug: str, name: str, admin_email: str, admin_name: str
) -> dict[str, str]:
    container = make_container(settings, ActorFromContextProvider())
    try:
        async with container() as scope:
            created = await (await scope.get(CreateTenant))(
                slug=slug, name=name, admin_email=admin_email, admin_name=admin_name
            )
    finally:
        await container.close()
    return {
        "tenant": created.tenant.slug,
        "email": created.admin.email,
        "password": created.admin_password,
    }


async def seed_demo(settings: Settings) -> dict[str, Any]:
    """Recreate the demo tenant from scratch, so every run prints logins that work."""
    container = make_container(settings, ActorFromContextProvider())
    try:
        async with container() as scope:
            try:
                await (await scope.get(RemoveTenant))(demo_data.DEMO_SLUG)
            except NotFound:
                pass
        admin_spec = demo_data.STAFF[0]
        async with container() as scope:
            created = await (await scope.get(CreateTenant))(
                slug=demo_data.DEMO_SLUG,
                name=demo_data.DEMO_NAME,
                admin_email=admin_spec["email"],
                admin_name=admin_spec["name"],
            )
        tenant = created.tenant
        admin = Actor.user(user_id=created.admin.id, tenant_id=tenant.id, role=Role.TENANT_ADMIN)
        users = [
            {
                "role": "tenant_admin",
                "email": created.admin.email,
                "password": created.admin_password,
            }
        ]
        for spec in demo_data.STAFF[1:]:
            async with container(context={Actor: admin}) as scope:
                enrolled = await (await scope.get(AddUser))(
                    admin, email=spec["email"], display_name=spec["name"], role=Role(spec["role"])
                )
            users.append(
                {
                    "role": spec["role"],
                    "email": enrolled.user.email,
                    "password": enrolled.initial_password or "",
                }
            )
        for entry in demo_data.CUSTOMERS:
            await _seed_customer(container, admin, entry)
        async with container(context={Actor: admin}) as scope:
            key = await (await scope.get(CreateApiKey))(
                admin,
                "Demo ERP connector",
                frozenset({ApiScope.CORE_READ, ApiScope.CONTACTS_READ}),
            )
    finally:
        await container.close()
    base = f"http://{settings.host}"
    return {
        "tenant": {"slug": tenant.slug, "name": tenant.name},
        "internalUrl": f"{base}:{settings.internal_port}",
        "portalUrl": f"{base}:{settings.portal_port}",
        "internalDocsUrl": f"{base}:{settings.internal_port}/schema",
        "portalDocsUrl": f"{base}:{settings.portal_port}/schema",
        "users": users,
        "apiKey": key.secret,
    }


async def _seed_customer(container: Any, admin: Actor, entry: dict[str, Any]) -> None:
    spec = dict(entry["customer"])
    spec["external_references"] = external_references(spec.get("external_references", []))
    given = frozenset({"name", "customerNumber", "externalReferences", "internalNotes"})
    async with container(context={Actor: admin}) as scope:
        customer = await (await scope.get(RegisterCustomer))(admin, CustomerDetails(**spec), given)
    location_ids = []
    for raw in entry["locations"]:
        fields = dict(raw)
        if "coordinates" in fields:
            fields["coordinates"] = Coordinates(*fields["coordinates"])
        async with container(context={Actor: admin}) as scope:
            location = await (await scope.get(AddLocation))(
                admin, customer.id, LocationDetails(**fields)
            )
        location_ids.append(location.id)
    for raw in entry["contacts"]:
        fields = dict(raw)
        index = fields.pop("location", None)
        async with container(context={Actor: admin}) as scope:
            await (await scope.get(AddContact))(
                admin,
                customer.id,
                location_ids[index] if index is not None else None,
                ContactDetails(**fields),
            )


async def serve_both(
    settings: Settings, host: str | None, internal_port: int | None, portal_port: int | None
) -> None:
    """Run both apps in one process, each on its own port, until interrupted."""
    host = host or settings.host
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                create_internal_app(settings),
                host=host,
                port=internal_port or settings.internal_port,
                log_level=settings.log_level,
                server_header=False,
            )
        ),
        uvicorn.Server(
            uvicorn.Config(
                create_portal_app(settings),
                host=host,
                port=portal_port or settings.portal_port,
                log_level=settings.log_level,
                server_header=False,
            )
        ),
    ]
    await asyncio.gather(*(server.serve() for server in servers))
