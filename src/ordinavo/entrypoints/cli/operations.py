"""What the CLI commands do, composed from the same container as the HTTP apps."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import unquote
from uuid import UUID

import uvicorn
from dishka import Provider, Scope
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from ordinavo.adapters.mail.memory_mailer import InMemoryMailer
from ordinavo.adapters.persistence.database import database_config, ensure_reachable
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.migrator import (
    Migration,
    current_revision,
    head,
    migrations,
    upgrade,
)
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.portal import Mailer
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.uploads import Upload
from ordinavo.application.use_cases.appointments.confirm_appointment import ConfirmAppointment
from ordinavo.application.use_cases.appointments.plan_appointment import (
    NewAppointment,
    PlanAppointment,
)
from ordinavo.application.use_cases.attachments.release_attachment import ReleaseAttachment
from ordinavo.application.use_cases.attachments.upload_report_attachment import (
    UploadReportAttachment,
)
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.identity.create_api_key import CreateApiKey
from ordinavo.application.use_cases.identity.reset_user_password import (
    ResetStaffPasswordAsOperator,
)
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.mail.send_mail import SendMail
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact
from ordinavo.application.use_cases.recurring.create_recurring_plan import (
    CreateRecurringPlan,
    NewRecurringPlan,
)
from ordinavo.application.use_cases.recurring.generate_recurring_visits import (
    GenerateRecurringVisits,
)
from ordinavo.application.use_cases.reports.approve_report import ApproveReport
from ordinavo.application.use_cases.reports.change_report import ChangeReport
from ordinavo.application.use_cases.reports.publish_report import PublishReport
from ordinavo.application.use_cases.reports.submit_report import SubmitReport
from ordinavo.application.use_cases.reports.write_report import NewReport, WriteReport
from ordinavo.application.use_cases.retention.run_retention import (
    RetentionReport,
    RunRetention,
)
from ordinavo.application.use_cases.tenants.change_tenant_settings import ChangeTenantSettings
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
from ordinavo.application.use_cases.tenants.remove_tenant import RemoveTenant
from ordinavo.application.use_cases.work.create_target import CreateTarget, NewTarget
from ordinavo.domain.appointments import Window
from ordinavo.domain.contacts import Contact, ContactDetails
from ordinavo.domain.customers import CustomerDetails
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.domain.locations import LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Capabilities
from ordinavo.domain.recurring import DailyWindow, RecurrenceRule, VisitTemplate
from ordinavo.domain.reports import PortalTexts, ReportContent
from ordinavo.domain.values import Coordinates, external_references
from ordinavo.domain.work import TargetDetails
from ordinavo.entrypoints.cli import demo_data
from ordinavo.entrypoints.internal_api.app import create_internal_app
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container
from ordinavo.entrypoints.portal_api.app import create_portal_app
from ordinavo.entrypoints.providers.recurring import RecurringGenerator
from ordinavo.entrypoints.providers.retention import RetentionJob
from ordinavo.entrypoints.providers.tasks import queue_on
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.app import EmbeddedWorker
from ordinavo.entrypoints.worker.brokers import embedded_broker


def _engine(settings: Settings) -> AsyncEngine:
    return database_config(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        plan_cache_mode=settings.database_plan_cache_mode,
    ).get_engine()


async def check_database(settings: Settings) -> None:
    """Raises DatabaseUnreachable, with one line to show, if the database cannot be reached."""
    engine = _engine(settings)
    try:
        await ensure_reachable(engine)
    finally:
        await engine.dispose()


async def migrate_database(settings: Settings) -> None:
    engine = _engine(settings)
    try:
        await ensure_reachable(engine)
        await upgrade(engine)
    finally:
        await engine.dispose()


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    current: str | None  # None: no migration has run
    head: str | None
    migrations: list[Migration]


async def migration_status(settings: Settings) -> MigrationStatus:
    engine = _engine(settings)
    try:
        await ensure_reachable(engine)
        current = await current_revision(engine)
    finally:
        await engine.dispose()
    return MigrationStatus(current, head(), migrations())


async def list_tenants(settings: Settings) -> list[dict[str, str]] | None:
    """Read without a use case: an operator's look at the table, bound to no tenant. None for
    a database that was never migrated (it has no tenants table to read)."""
    engine = _engine(settings)
    try:
        await ensure_reachable(engine)
        if await current_revision(engine) is None:
            return None
        async with async_sessionmaker(engine)() as session:
            tenants = await SqlaTenantDirectory(session).all()
    finally:
        await engine.dispose()
    return [{"slug": t.slug, "name": t.name, "id": str(t.id)} for t in tenants]


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


async def reset_staff_password(settings: Settings, slug: str, email: str) -> dict[str, str]:
    container = make_container(settings, ActorFromContextProvider())
    try:
        async with container() as scope:
            reset = await (await scope.get(ResetStaffPasswordAsOperator))(slug, email)
    finally:
        await container.close()
    return {"tenant": slug, "email": reset.user.email, "password": reset.password}


async def generate_recurring_visits(settings: Settings, until: date | None) -> int:
    """The worker's generator, run by hand (up to `until` instead of each plan's horizon)."""
    container = make_container(settings, ActorFromContextProvider(), RecurringGenerator())
    try:
        async with container() as scope:
            return await (await scope.get(GenerateRecurringVisits))(until)
    finally:
        await container.close()


async def run_retention(
    settings: Settings, slug: str | None, dry_run: bool
) -> list[RetentionReport]:
    """The worker's retention job, run by hand: for one tenant or all (and the shared
    throttle windows), or only counted with `dry_run`."""
    container = make_container(settings, ActorFromContextProvider(), RetentionJob())
    try:
        async with container() as scope:
            return await (await scope.get(RunRetention))(slug, dry_run=dry_run)
    finally:
        await container.close()


def _captured_mail(mailer: InMemoryMailer) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: mailer, provides=Mailer, override=True)
    return provider


async def seed_demo(settings: Settings) -> dict[str, Any]:
    """Recreate the demo tenant from scratch, so every run prints logins that work."""
    mailer = InMemoryMailer()
    container = make_container(settings, ActorFromContextProvider(), _captured_mail(mailer))
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
        enrolled_users = []
        for spec in demo_data.STAFF[1:]:
            async with container(context={Actor: admin}) as scope:
                enrolled = await (await scope.get(AddUser))(
                    admin, email=spec["email"], display_name=spec["name"], role=Role(spec["role"])
                )
            enrolled_users.append(enrolled.user)
            users.append(
                {
                    "role": spec["role"],
                    "email": enrolled.user.email,
                    "password": enrolled.initial_password or "",
                }
            )
        contacts: dict[str, Contact] = {}
        places: dict[tuple[str, int], tuple[UUID, UUID]] = {}
        for entry in demo_data.CUSTOMERS:
            contacts |= await _seed_customer(container, admin, entry, places)
        employee = next(u for u in enrolled_users if u.role is Role.EMPLOYEE)
        work = await _seed_work(container, admin, places, employee.id)
        await _seed_reports(container, admin, employee.id, work)
        _, location_id = places[("C-10001", 0)]  # Filiale Mitte: a maintenance contract
        async with container(context={Actor: admin}) as scope:
            await (await scope.get(CreateRecurringPlan))(
                admin,
                NewRecurringPlan(
                    location_id=location_id,
                    title="Oven maintenance contract 2027 (Filiale Mitte)",
                    rule=RecurrenceRule.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
                    starts_on=datetime.now(UTC).date() + timedelta(days=1),
                    window=DailyWindow.of(time(8), time(10)),
                    template=VisitTemplate(
                        checklist="Check burners, seals and the steam unit; log temperatures.",
                        default_employee_id=employee.id,
                    ),
                    customer_description="Every second Tuesday we service your ovens.",
                ),
            )
        portal_users = [
            await _seed_portal_user(container, admin, mailer, contacts[spec["contact"]], spec)
            for spec in demo_data.PORTAL_USERS
        ]
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
        "portalUsers": portal_users,
    }


async def _send_queued_mail(container: Any, tenant_id: UUID) -> None:
    """What the worker would do: the demo accepts its own invitations at once."""
    async with container() as scope:
        units = await scope.get(UnitOfWorkFactory)
        queued = await units.for_tenant(tenant_id).mails.page(PageRequest(size=100), "queued")
    for mail in queued.items:
        async with container() as scope:
            await (await scope.get(SendMail))(tenant_id, mail.id)


async def _seed_portal_user(
    container: Any, admin: Actor, mailer: InMemoryMailer, contact: Contact, spec: dict[str, Any]
) -> dict[str, str]:
    """Invite the contact, then accept the invitation the way the customer would."""
    grant = GrantSpec(
        customer_id=contact.customer_id,
        location_ids=(
            frozenset()
            if spec["whole_customer"] or contact.location_id is None
            else frozenset({contact.location_id})
        ),
        capabilities=Capabilities(
            submit_requests=spec["submit_requests"],
            see_reports=spec["see_reports"],
            download_attachments=spec["download_attachments"],
        ),
    )
    async with container(context={Actor: admin}) as scope:
        invitation = await (await scope.get(InviteContact))(admin, contact.id, None, grant)
    await _send_queued_mail(container, invitation.tenant_id)
    link = mailer.sent[-1].text
    token = re.search(r"/invitations/(\S+)", link)
    if token is None:
        raise RuntimeError("The invitation mail carries no link.")
    password = secrets.token_urlsafe(12)
    async with container(context={Actor: admin}) as scope:
        await (await scope.get(AcceptInvitation))(unquote(token.group(1)), password, None)
    return {"email": contact.details.email or "", "password": password}


async def _seed_work(
    container: Any, admin: Actor, places: dict[tuple[str, int], tuple[UUID, UUID]], employee: UUID
) -> dict[str, tuple[UUID, UUID]]:
    """Work with one visit each, a few days ahead, all assigned to the demo employee; returns
    (work id, visit id) by title."""
    made: dict[str, tuple[UUID, UUID]] = {}
    today = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for spec in demo_data.WORK:
        customer_id, location_id = places[(spec["customer"], spec["location"])]
        extra = {k: spec[k] for k in ("internal_notes", "billing_details") if k in spec}
        async with container(context={Actor: admin}) as scope:
            target = await (await scope.get(CreateTarget))(
                admin,
                NewTarget(
                    customer_id=customer_id,
                    location_id=location_id,
                    details=TargetDetails(title=spec["title"], **extra),
                    given_fields=frozenset(
                        {
                            "internalNotes" if k == "internal_notes" else "billingDetails"
                            for k in extra
                        }
                    ),
                    assigned_employee_id=employee,
                ),
            )
        start = (today + timedelta(days=spec["days"])).replace(hour=spec["hour"])
        async with container(context={Actor: admin}) as scope:
            visit = await (await scope.get(PlanAppointment))(
                admin,
                NewAppointment(
                    target_id=target.id,
                    window=Window.of(start, start + timedelta(hours=spec["hours"])),
                    assigned_employee_id=employee,
                ),
            )
        if spec["confirmed"]:
            async with container(context={Actor: admin}) as scope:
                await (await scope.get(ConfirmAppointment))(admin, visit.id)
        made[spec["title"]] = (target.id, visit.id)
    return made


async def _seed_reports(
    container: Any, admin: Actor, employee_id: UUID, work: dict[str, tuple[UUID, UUID]]
) -> None:
    """The employee writes and submits; the tenant admin approves, publishes and releases."""
    employee = Actor.user(user_id=employee_id, tenant_id=admin.tenant_id, role=Role.EMPLOYEE)

    async def run(actor: Actor, use_case: type, *args: Any) -> Any:
        async with container(context={Actor: actor}) as scope:
            return await (await scope.get(use_case))(actor, *args)

    await run(admin, ChangeTenantSettings, {"portal_attachments_enabled": True})
    for spec in demo_data.REPORTS:
        target_id, visit_id = work[spec["work"]]
        content = ReportContent(
            title=spec["title"],
            summary=spec["summary"],
            problems=spec["problems"],
            follow_up_required=spec["follow_up"] is not None,
            follow_up_description=spec["follow_up"],
            billable=spec["billable"],
        )
        report = await run(
            employee,
            WriteReport,
            NewReport(
                target_id=target_id,
                content=content,
                given_fields=frozenset({"title"}),
                appointment_id=visit_id,
            ),
        )
        if spec["internal_notes"]:
            await run(
                admin,
                ChangeReport,
                report.id,
                {"internal_notes": spec["internal_notes"]},
                frozenset({"internalNotes"}),
            )
        await run(employee, SubmitReport, report.id)
        if spec["published"] is None:
            continue
        await run(admin, ApproveReport, report.id)
        texts = spec["published"]
        await run(
            admin,
            PublishReport,
            report.id,
            PortalTexts(texts["title"], texts["summary"], texts["message"]),
        )
        if spec["file"]:
            name, data = spec["file"]
            attachment = await run(
                employee,
                UploadReportAttachment,
                report.id,
                Upload(name, "application/pdf", _once(data)),
            )
            await run(admin, ReleaseAttachment, attachment.id)


async def _once(data: bytes) -> Any:
    yield data


async def _seed_customer(
    container: Any,
    admin: Actor,
    entry: dict[str, Any],
    places: dict[tuple[str, int], tuple[UUID, UUID]],
) -> dict[str, Contact]:
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
        places[(customer.details.customer_number, len(location_ids) - 1)] = (
            customer.id,
            location.id,
        )
    contacts: dict[str, Contact] = {}
    for raw in entry["contacts"]:
        fields = dict(raw)
        index = fields.pop("location", None)
        async with container(context={Actor: admin}) as scope:
            contact = await (await scope.get(AddContact))(
                admin,
                customer.id,
                location_ids[index] if index is not None else None,
                ContactDetails(**fields),
            )
        contacts[contact.details.name] = contact
    return contacts


async def serve_both(
    settings: Settings, host: str | None, internal_port: int | None, portal_port: int | None
) -> None:
    """Run both apps in one process, each on its own port, until interrupted. Without a
    broker (the embedded default) the worker and its scheduler run here too."""
    # Before the worker and the servers start, each of which would fail on its own.
    await check_database(settings)
    host = host or settings.host
    extra: list[Provider] = []
    embedded: EmbeddedWorker | None = None
    if not settings.broker_url:
        embedded = EmbeddedWorker(settings, embedded_broker())
        await embedded.start()
        extra.append(queue_on(embedded.broker))
    # In JSON, uvicorn's own lines go through the process's logging, not its text setup.
    log_config = None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                create_internal_app(settings, *extra),
                host=host,
                port=internal_port or settings.internal_port,
                log_level=settings.log_level,
                server_header=False,
                access_log=False,
                # The apps resolve forwarded headers themselves, from ORDINAVO_TRUSTED_PROXIES.
                proxy_headers=False,
                log_config=log_config,
            )
        ),
        uvicorn.Server(
            uvicorn.Config(
                create_portal_app(settings, *extra),
                host=host,
                port=portal_port or settings.portal_port,
                log_level=settings.log_level,
                server_header=False,
                access_log=False,
                # The apps resolve forwarded headers themselves, from ORDINAVO_TRUSTED_PROXIES.
                proxy_headers=False,
                log_config=log_config,
            )
        ),
    ]
    try:
        await asyncio.gather(*(server.serve() for server in servers))
    finally:
        if embedded is not None:
            await embedded.stop()
