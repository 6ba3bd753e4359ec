"""Benchmark of Connect imports: records per second for a 10,000-record batch, new and sent
again, against a bare bulk insert of the same rows, in one run.

The batch mixes customers, their locations, contacts and work (a quarter each). The import runs
the worker's use case (`RunImportJob`) as the worker does: every record read against the
source's value mappings and links, written with its link in its own savepoint, its result,
event and audit entry written with the rest of its chunk, a chunk of records per transaction.
The second run sends the identical batch: every record is found unchanged by its
fingerprint. The bare insert writes the same domain rows with one `add_all` and one commit:
no savepoints, links, results, events or audit.

    .venv/bin/python bench/connect_import.py [--records 10000] [--database-url URL]

Without a URL it uses a fresh SQLite file; a PostgreSQL URL must name an empty database.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dishka import Provider, Scope  # noqa: E402
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine  # noqa: E402

from ordinavo.adapters.persistence import mappers  # noqa: E402
from ordinavo.adapters.persistence.models import (  # noqa: E402
    ContactModel,
    CustomerModel,
    LocationModel,
    TenantModel,
)
from ordinavo.adapters.persistence.tenant_binding import bind_tenant  # noqa: E402
from ordinavo.adapters.persistence.work_models import TargetModel  # noqa: E402
from ordinavo.adapters.persistence.work_repositories import _target_onto_row  # noqa: E402
from ordinavo.application.ports.connect import ConnectPolicy  # noqa: E402
from ordinavo.application.use_cases.connect.register_source_system import (  # noqa: E402
    RegisterSourceSystem,
)
from ordinavo.application.use_cases.connect.run_import_job import RunImportJob  # noqa: E402
from ordinavo.application.use_cases.connect.start_import import StartImport  # noqa: E402
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant  # noqa: E402
from ordinavo.domain.connect import ImportRecord, RecordKind  # noqa: E402
from ordinavo.domain.contacts import Contact, ContactDetails  # noqa: E402
from ordinavo.domain.customers import Customer, CustomerDetails  # noqa: E402
from ordinavo.domain.identity import Actor, Role  # noqa: E402
from ordinavo.domain.locations import Location, LocationDetails  # noqa: E402
from ordinavo.domain.values import ExternalReference  # noqa: E402
from ordinavo.domain.work import Origin, Target, TargetDetails  # noqa: E402
from ordinavo.entrypoints.cli.operations import migrate_database  # noqa: E402
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container  # noqa: E402
from ordinavo.entrypoints.providers.connect import ImportRunner  # noqa: E402
from ordinavo.entrypoints.settings import Settings  # noqa: E402


def batch(records: int) -> list[ImportRecord]:
    """A quarter each: customers, a location of each, a contact of each, work at each."""
    n = records // 4
    out: list[ImportRecord] = []
    for i in range(n):
        out.append(ImportRecord(RecordKind.CUSTOMER, f"C-{i}", {"name": f"Customer {i}"}))
    for i in range(n):
        out.append(
            ImportRecord(
                RecordKind.LOCATION,
                f"L-{i}",
                {
                    "customerExternalId": f"C-{i}",
                    "name": "Depot",
                    "addressLine": f"Main Street {i}",
                    "city": "Berlin",
                    "country": "DE",
                },
            )
        )
    for i in range(n):
        out.append(
            ImportRecord(
                RecordKind.CONTACT,
                f"P-{i}",
                {"customerExternalId": f"C-{i}", "name": "Jana", "email": f"jana{i}@x.example"},
            )
        )
    for i in range(n):
        out.append(
            ImportRecord(
                RecordKind.TARGET,
                f"T-{i}",
                {
                    "customerExternalId": f"C-{i}",
                    "locationExternalId": f"L-{i}",
                    "title": "Annual inspection",
                },
            )
        )
    return out


def policy_for(records: int) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(
        lambda: ConnectPolicy(max_batch=records), provides=ConnectPolicy, override=True
    )
    return provider


async def bare_insert(url: str, records: int) -> float:
    """The same rows, built as the import builds them, written in one go."""
    engine = create_async_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    n = records // 4
    now = datetime.now(UTC)
    async with sessions() as session:
        tenant = TenantModel(
            id=uuid4(), slug=f"bare-{uuid4().hex[:8]}", name="Bare", settings={}, created_at=now
        )
        tenant.retention, tenant.access_switches = {}, {}
        session.add(tenant)
        await session.commit()
        bind_tenant(session, tenant.id)
        started = time.perf_counter()
        rows: list[object] = []
        for i in range(n):
            customer = Customer.register(
                id=uuid4(),
                tenant_id=tenant.id,
                details=CustomerDetails(
                    name=f"Customer {i}",
                    customer_number=f"C-{i}",
                    external_references=(ExternalReference("erp", f"C-{i}"),),
                ),
                now=now,
            )
            location = Location.establish(
                id=uuid4(),
                customer=customer,
                details=LocationDetails(
                    name="Depot", address_line=f"Main Street {i}", city="Berlin", country="DE"
                ),
                now=now,
            )
            contact = Contact.add(
                id=uuid4(),
                customer=customer,
                location=None,
                details=ContactDetails(name="Jana", email=f"jana{i}@x.example"),
                now=now,
            )
            target = Target.create(
                id=uuid4(),
                customer=customer,
                location=location,
                contact=None,
                details=TargetDetails(
                    title="Annual inspection", external_reference=ExternalReference("erp", f"T-{i}")
                ),
                origin=Origin.IMPORT,
                now=now,
            )
            rows += [
                mappers.customer_onto_row(customer, CustomerModel()),
                mappers.location_onto_row(location, LocationModel()),
                mappers.contact_onto_row(contact, ContactModel()),
                _target_onto_row(target, TargetModel()),
            ]
        # Parents first, as the import applies them.
        session.add_all([r for r in rows if isinstance(r, CustomerModel)])
        await session.flush()
        session.add_all([r for r in rows if isinstance(r, LocationModel | ContactModel)])
        await session.flush()
        session.add_all([r for r in rows if isinstance(r, TargetModel)])
        await session.commit()
        elapsed = time.perf_counter() - started
    await engine.dispose()
    return elapsed


async def run(url: str, records: int) -> dict[str, float]:
    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp(prefix="ordinavo-bench-")),
        encryption_key=base64.b64encode(os.urandom(32)).decode(),
    )
    await migrate_database(settings)
    container = make_container(
        settings, ActorFromContextProvider(), ImportRunner(), policy_for(records)
    )
    try:
        async with container() as scope:
            created = await (await scope.get(CreateTenant))(
                slug="bench", name="Bench", admin_email="admin@bench.example", admin_name="Admin"
            )
        admin = Actor.user(
            user_id=created.admin.id, tenant_id=created.tenant.id, role=Role.TENANT_ADMIN
        )
        async with container(context={Actor: admin}) as scope:
            await (await scope.get(RegisterSourceSystem))(admin, "erp", "ERP")
        timings: dict[str, float] = {}
        for label in ("new", "re-sent"):
            async with container(context={Actor: admin}) as scope:
                job, _ = await (await scope.get(StartImport))(admin, "erp", batch(records))
            started = time.perf_counter()
            async with container() as scope:
                state = await (await scope.get(RunImportJob))(created.tenant.id, job.id)
            timings[label] = time.perf_counter() - started
            assert state is not None and state.value == "done", state
    finally:
        await container.close()
    timings["bare insert"] = await bare_insert(url, records)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='ordinavo-bench-')) / 'bench.db'}"
    )
    timings = asyncio.run(run(url, args.records))
    records = args.records // 4 * 4
    bare = timings["bare insert"]
    print(f"{records} records on {url.split(':', 1)[0]}")
    for label, seconds in timings.items():
        rate = records / seconds
        print(
            f"  {label:<12} {seconds:7.2f} s  {rate:8.0f} records/s  "
            f"{seconds / bare:5.1f}x the bare insert"
        )


if __name__ == "__main__":
    main()
