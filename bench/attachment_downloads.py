"""Benchmark of portal file downloads: server memory while 8 clients download at once.

It seeds a tenant with a published report and two released files (50 MB and 5 MB by default)
on local disk, starts the portal app under granian (one worker, as in production), and for each
file lets 8 clients download it concurrently through `GET /files/{id}`, reading every byte.
Meanwhile it samples the resident memory of the server's processes every 10 ms. Reported:
growth over the idle server (peak minus baseline), per file size, and the two side by side.

QUALITY-BAR.md, "Performance": growth at most 32 MB for 8 concurrent 50 MB downloads, and it does
not grow with the file size. Run with `make bench-files`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402
from portal_appointments import PASSWORD, _captured, granian, login  # noqa: E402

from ordinavo.adapters.mail.memory_mailer import InMemoryMailer  # noqa: E402
from ordinavo.adapters.persistence.database import database_config  # noqa: E402
from ordinavo.adapters.persistence.migrator import upgrade  # noqa: E402
from ordinavo.application.uploads import Upload  # noqa: E402
from ordinavo.application.use_cases.attachments.release_attachment import (  # noqa: E402
    ReleaseAttachment,
)
from ordinavo.application.use_cases.attachments.upload_report_attachment import (  # noqa: E402
    UploadReportAttachment,
)
from ordinavo.application.use_cases.contacts.add_contact import AddContact  # noqa: E402
from ordinavo.application.use_cases.customers.register_customer import (  # noqa: E402
    RegisterCustomer,
)
from ordinavo.application.use_cases.locations.add_location import AddLocation  # noqa: E402
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation  # noqa: E402
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec  # noqa: E402
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact  # noqa: E402
from ordinavo.application.use_cases.reports.approve_report import ApproveReport  # noqa: E402
from ordinavo.application.use_cases.reports.publish_report import PublishReport  # noqa: E402
from ordinavo.application.use_cases.reports.submit_report import SubmitReport  # noqa: E402
from ordinavo.application.use_cases.reports.write_report import NewReport, WriteReport  # noqa: E402
from ordinavo.application.use_cases.tenants.change_tenant_settings import (  # noqa: E402
    ChangeTenantSettings,
)
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant  # noqa: E402
from ordinavo.application.use_cases.work.create_target import CreateTarget, NewTarget  # noqa: E402
from ordinavo.domain.contacts import ContactDetails  # noqa: E402
from ordinavo.domain.customers import CustomerDetails  # noqa: E402
from ordinavo.domain.identity import Actor, Role  # noqa: E402
from ordinavo.domain.locations import LocationDetails  # noqa: E402
from ordinavo.domain.portal_access import Capabilities  # noqa: E402
from ordinavo.domain.reports import PortalTexts, ReportContent  # noqa: E402
from ordinavo.domain.work import TargetDetails  # noqa: E402
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container  # noqa: E402
from ordinavo.entrypoints.settings import Settings  # noqa: E402

CLIENTS = 8
MB = 1024 * 1024
WARM_UP = 1  # MB, downloaded before the baseline is taken


async def _pdf_chunks(size: int) -> Any:
    """A PDF header, then filler: streamed in, never held whole."""
    head = b"%PDF-1.7\n"
    yield head
    left = size - len(head)
    block = bytes(range(256)) * 4096  # 1 MiB
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)


async def seed(workdir: Path, sizes_mb: list[int]) -> dict[int, str]:
    """Tenant, customer, contact with a download grant, a published report and its files."""
    url = f"sqlite+aiosqlite:///{workdir / 'files.db'}"
    engine = database_config(url).get_engine()
    await upgrade(engine)
    await engine.dispose()
    settings = Settings(
        database_url=url, data_dir=workdir, max_attachment_bytes=(max(sizes_mb) + 1) * MB
    )
    mailer = InMemoryMailer()
    container = make_container(settings, ActorFromContextProvider(), _captured(mailer))
    files: dict[int, str] = {}
    try:
        async with container() as scope:
            created = await (await scope.get(CreateTenant))(
                slug="bench", name="Bench", admin_email="admin@bench.example", admin_name="Ada"
            )
        admin = Actor.user(
            user_id=created.admin.id, tenant_id=created.tenant.id, role=Role.TENANT_ADMIN
        )

        async def run(use_case: type, *args: Any) -> Any:
            async with container(context={Actor: admin}) as scope:
                return await (await scope.get(use_case))(*args)

        await run(ChangeTenantSettings, admin, {"portal_attachments_enabled": True})
        customer = await run(
            RegisterCustomer,
            admin,
            CustomerDetails(name="Bakery", customer_number="B-1"),
            frozenset({"name", "customerNumber"}),
        )
        place = await run(
            AddLocation,
            admin,
            customer.id,
            LocationDetails(name="Shop", address_line="Main 1", city="Berlin", country="DE"),
        )
        contact = await run(
            AddContact,
            admin,
            customer.id,
            None,
            ContactDetails(name="Jana", email="jana@bench.example"),
        )
        grant = GrantSpec(
            customer_id=customer.id,
            location_ids=frozenset(),
            capabilities=Capabilities(see_reports=True, download_attachments=True),
        )
        await run(InviteContact, admin, contact.id, None, grant)
        token = re.search(r"/invitations/(\S+)", mailer.sent[-1].text)
        assert token is not None
        await run(AcceptInvitation, unquote(token.group(1)), PASSWORD, None)
        target = await run(
            CreateTarget,
            admin,
            NewTarget(
                customer_id=customer.id,
                location_id=place.id,
                details=TargetDetails(title="Oven service"),
                given_fields=frozenset({"title"}),
            ),
        )
        report = await run(
            WriteReport,
            admin,
            NewReport(
                target_id=target.id,
                content=ReportContent(title="Serviced"),
                given_fields=frozenset({"title"}),
            ),
        )
        await run(SubmitReport, admin, report.id)
        await run(ApproveReport, admin, report.id)
        await run(PublishReport, admin, report.id, PortalTexts("Done", "All fine.", "Thanks"))
        for size in sizes_mb:
            upload = Upload(f"sheet-{size}mb.pdf", "application/pdf", _pdf_chunks(size * MB))
            attachment = await run(UploadReportAttachment, admin, report.id, upload)
            await run(ReleaseAttachment, admin, attachment.id)
            files[size] = str(attachment.id)
    finally:
        await container.close()
    return files


class MemorySampler:
    """Peak resident memory of a process and its children, sampled on a thread."""

    def __init__(self, pid: int) -> None:
        self._root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        total = 0
        for process in [self._root, *self._root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.01)

    def __enter__(self) -> MemorySampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def download_all(port: int, token: str, file_id: str, clients: int) -> tuple[int, float]:
    import httpx

    async def one(client: httpx.AsyncClient) -> int:
        received = 0
        async with client.stream(
            "GET", f"/files/{file_id}", headers={"Authorization": f"Bearer {token}"}
        ) as answer:
            answer.raise_for_status()
            async for chunk in answer.aiter_raw():
                received += len(chunk)
        return received

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        received = await asyncio.gather(*(one(client) for _ in range(clients)))
    return sum(received), time.perf_counter() - started


def server_pid(port: int) -> int:
    """The granian main process listening on the port."""
    for connection in psutil.net_connections(kind="tcp"):
        if connection.laddr and connection.laddr.port == port and connection.status == "LISTEN":
            if connection.pid is not None:
                process = psutil.Process(connection.pid)
                parent = process.parent()
                return (
                    parent.pid
                    if parent and "granian" in " ".join(parent.cmdline())
                    else process.pid
                )
    raise RuntimeError("no server process found on the port")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,5", help="file sizes in MB")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per size")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"seeding files of {sizes} MB ...", flush=True)
        files = await seed(workdir, sorted({*sizes, WARM_UP}))
        env = {
            "ORDINAVO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'files.db'}",
            "ORDINAVO_DATA_DIR": str(workdir),
            "ORDINAVO_LOG_LEVEL": "warning",
        }
        results: list[dict[str, Any]] = []
        for size in sizes:
            # A fresh server per size: memory freed after one size must not hide the next.
            with granian(
                "ordinavo.entrypoints.portal_api.app:create_portal_app",
                factory=True,
                env=env,
                cwd=ROOT,
            ) as port:
                token = login(port)
                pid = server_pid(port)
                # Warm up: every code path of a download runs once before the baseline.
                await download_all(port, token, files[WARM_UP], 2)
                await asyncio.sleep(0.5)
                growths, speeds = [], []
                for _ in range(args.rounds):
                    with MemorySampler(pid) as sampler:
                        baseline = sampler.peak
                        received, seconds = await download_all(
                            port, token, files[size], args.clients
                        )
                    assert received == args.clients * size * MB, received
                    growths.append((sampler.peak - baseline) / MB)
                    speeds.append(received / MB / seconds)
            results.append(
                {
                    "file_mb": size,
                    "clients": args.clients,
                    "growth_mb_max": round(max(growths), 1),
                    "growth_mb_each_round": [round(g, 1) for g in growths],
                    "throughput_mb_s": round(sum(speeds) / len(speeds)),
                }
            )
    print()
    print("| file | clients | memory growth (max of rounds) | rounds | MB/s |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['file_mb']} MB | {r['clients']} | {r['growth_mb_max']} MB "
            f"| {r['growth_mb_each_round']} | {r['throughput_mb_s']} |"
        )
    by_size = {r["file_mb"]: r["growth_mb_max"] for r in results}
    largest, smallest = max(by_size), min(by_size)
    summary = {
        "results": results,
        "target_growth_mb": 32,
        "within_target": all(g <= 32 for g in by_size.values()),
        "growth_ratio_largest_vs_smallest_file": round(
            by_size[largest] / max(by_size[smallest], 0.1), 2
        ),
    }
    print()
    print(
        f"growth at {largest} MB: {by_size[largest]} MB, at {smallest} MB: {by_size[smallest]} MB "
        f"(target: at most 32 MB, flat in file size) -> "
        f"{'met' if summary['within_target'] else 'MISSED'}"
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
