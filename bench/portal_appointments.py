"""Benchmark of the portal's appointment list, reported as ratios taken in one run.

For each table size (default 1k and 1M appointments) it builds a fresh database, starts the
portal app under granian (the production ASGI server), and measures throughput and p99 latency
of `GET /appointments` (first page and a deep page) against:

- a bare driver call (asyncpg or aiosqlite) running the very SQL the app sends, on as many
  connections as the app reads with, and
- a bare Litestar handler under the same server, measured right before each of the portal's
  `/health` and an authenticated endpoint (`/me`), with the session cache off and on;
- on PostgreSQL also the floor of reading the principal on every request: a bare Litestar
  handler making the round trip of `/me`'s one statement and nothing else.

The portal user holds a grant on one customer with 1,000 appointments at every size; the other
customers fill the table, as other customers of a busy tenant do. Run with `make bench`.
QUALITY-BAR.md, "Performance", gives the targets the summary checks.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import event, insert, select, text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ordinavo.adapters.mail.memory_mailer import InMemoryMailer  # noqa: E402
from ordinavo.adapters.persistence.database import (  # noqa: E402
    database_config,
    postgres_server_settings,
)
from ordinavo.adapters.persistence.driver_statements import observe  # noqa: E402
from ordinavo.adapters.persistence.mail.models import OutgoingMailModel  # noqa: E402
from ordinavo.adapters.persistence.migrator import upgrade  # noqa: E402
from ordinavo.adapters.persistence.models import CustomerModel, LocationModel  # noqa: E402
from ordinavo.adapters.persistence.work_models import AppointmentModel, TargetModel  # noqa: E402
from ordinavo.application.ports.portal import Mailer  # noqa: E402
from ordinavo.application.use_cases.contacts.add_contact import AddContact  # noqa: E402
from ordinavo.application.use_cases.mail.send_mail import SendMail  # noqa: E402
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation  # noqa: E402
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec  # noqa: E402
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact  # noqa: E402
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant  # noqa: E402
from ordinavo.domain.contacts import ContactDetails  # noqa: E402
from ordinavo.domain.identity import Actor, Role  # noqa: E402
from ordinavo.domain.portal_access import Capabilities  # noqa: E402
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container  # noqa: E402
from ordinavo.entrypoints.settings import Settings  # noqa: E402

VISIBLE = 1_000  # appointments of the benchmark customer, at every table size
PER_TARGET = 4
PASSWORD = "Bench-portal-password-1"
PG_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


# --- database ----------------------------------------------------------------------------------


async def fresh_database(kind: str, size: int, workdir: Path) -> str:
    if kind == "sqlite":
        path = workdir / f"bench-{size}.db"
        path.unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    import asyncpg

    admin = os.environ.get("ORDINAVO_BENCH_POSTGRES_URL", PG_ADMIN)
    # A name of this run's own: runs started side by side (other worktrees) never drop each
    # other's database; `drop_database` removes it at the end.
    name = f"ordinavo_bench_{size}_{os.getpid()}"
    connection = await asyncpg.connect(admin.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.rsplit("/", 1)[0] + f"/{name}"


async def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    import asyncpg

    admin = os.environ.get("ORDINAVO_BENCH_POSTGRES_URL", PG_ADMIN)
    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(admin.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _captured(mailer: InMemoryMailer) -> Any:
    from dishka import Provider, Scope

    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: mailer, provides=Mailer, override=True)
    return provider


async def seed(url: str, size: int) -> dict[str, Any]:
    """A tenant whose customers share `size` appointments; the first customer has VISIBLE."""
    engine = database_config(url).get_engine()
    await upgrade(engine)
    await engine.dispose()
    settings = Settings(database_url=url)
    mailer = InMemoryMailer()
    container = make_container(settings, ActorFromContextProvider(), _captured(mailer))
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        async with container() as scope:
            created = await (await scope.get(CreateTenant))(
                slug="bench", name="Bench", admin_email="admin@bench.example", admin_name="Ada"
            )
        tenant_id = created.tenant.id
        admin = Actor.user(user_id=created.admin.id, tenant_id=tenant_id, role=Role.TENANT_ADMIN)
        customers = max(1, size // VISIBLE)
        config = database_config(url)
        rng = random.Random(7)  # noqa: S311 (sample data, not secrets)
        started = time.perf_counter()
        async with config.get_engine().begin() as connection:
            customer_rows, location_rows = [], []
            for n in range(customers):
                cid, lid = _uuid7(), _uuid7()
                customer_rows.append(
                    {
                        "id": cid,
                        "tenant_id": tenant_id,
                        "name": f"Customer {n}",
                        "customer_number": f"B-{n:07d}",
                        "status": "active",
                        "type": "business",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                location_rows.append(
                    {
                        "id": lid,
                        "tenant_id": tenant_id,
                        "customer_id": cid,
                        "name": f"Site {n}",
                        "address_line": f"Street {n}",
                        "city": "Berlin",
                        "country": "DE",
                        "default_priority": "normal",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            await _insert(connection, CustomerModel, customer_rows)
            await _insert(connection, LocationModel, location_rows)
            targets: list[dict[str, Any]] = []
            visits: list[dict[str, Any]] = []
            per_customer = size // customers
            for place in location_rows:
                for k in range(per_customer):
                    if k % PER_TARGET == 0:
                        target_id = _uuid7()
                        targets.append(
                            {
                                "id": target_id,
                                "tenant_id": tenant_id,
                                "customer_id": place["customer_id"],
                                "location_id": place["id"],
                                "title": f"Service visit {k // PER_TARGET}",
                                "status": "planned",
                                "priority": "normal",
                                "origin": "manual",
                                "internal_notes": "internal",
                                "billing_details": "billing",
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                    start = now + timedelta(hours=1 + rng.randrange(0, 24 * 730))
                    visits.append(
                        {
                            "id": _uuid7(),
                            "tenant_id": tenant_id,
                            "target_id": target_id,
                            "customer_id": place["customer_id"],
                            "location_id": place["id"],
                            "starts_at": start,
                            "ends_at": start + timedelta(hours=2),
                            "status": "planned",
                            "route_stop": 3,
                            "routing_score": 0.5,
                            "travel_minutes": 20,
                            "planning_notes": "planning",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    if len(visits) >= 20_000:
                        await _insert(connection, TargetModel, targets)
                        await _insert(connection, AppointmentModel, visits)
                        targets, visits = [], []
            await _insert(connection, TargetModel, targets)
            await _insert(connection, AppointmentModel, visits)
        async with config.get_engine().connect() as connection:
            # Fresh statistics, as a running database has them.
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("ANALYZE"))
        await config.get_engine().dispose()
        seeded = time.perf_counter() - started
        first = customer_rows[0]["id"]
        async with container(context={Actor: admin}) as scope:
            contact = await (await scope.get(AddContact))(
                admin, first, None, ContactDetails(name="Jana", email="jana@bench.example")
            )
        grant = GrantSpec(customer_id=first, location_ids=frozenset(), capabilities=Capabilities())
        async with container(context={Actor: admin}) as scope:
            await (await scope.get(InviteContact))(admin, contact.id, None, grant)
        # The invitation mail waits in the outbox; send it, as the worker would.
        async with config.get_engine().connect() as connection:
            mail = OutgoingMailModel
            queued = list(
                (await connection.execute(select(mail.id).where(mail.tenant_id == tenant_id)))
                .scalars()
                .all()
            )
        await config.get_engine().dispose()
        for mail_id in queued:
            async with container() as scope:
                await (await scope.get(SendMail))(tenant_id, mail_id)
        token = re.search(r"/invitations/(\S+)", mailer.sent[-1].text)
        assert token is not None
        from urllib.parse import unquote

        async with container(context={Actor: admin}) as scope:
            await (await scope.get(AcceptInvitation))(unquote(token.group(1)), PASSWORD, None)
    finally:
        await container.close()
    return {"seconds": round(seeded, 1)}


_last = [0]


def _uuid7() -> uuid.UUID:
    """Time-ordered ids like the application's (UUIDv7), unique within this process."""
    millis = time.time_ns() // 1_000_000
    _last[0] = max(_last[0] + 1, millis << 12)
    value = (_last[0] << 64) | random.getrandbits(62) | (0b10 << 62)
    high = value >> 64
    high = (high & ~(0xF << 12)) | (0x7 << 12)
    return uuid.UUID(int=(high << 64) | (value & ((1 << 64) - 1)))


async def _insert(connection: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        await connection.execute(insert(model.__table__), rows)


# --- servers -----------------------------------------------------------------------------------

BARE_APP = """
from litestar import Litestar, get

@get("/hello")
async def hello() -> dict:
    return {"status": "ok"}

app = Litestar([hello])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The server gets one core and the load generator (this process) the other, so neither steals
# the other's time and the figures say what the server can do on one core.
SERVER_CORE, LOAD_CORE = 1, 0


def pin_load_generator() -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {LOAD_CORE})


def _pinned(command: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(SERVER_CORE), *command]
    return command


@contextlib.contextmanager
def granian(target: str, *, factory: bool, env: dict[str, str], cwd: Path) -> Iterator[int]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        *(["--factory"] if factory else []),
        target,
    ]
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        _pinned(command), cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"granian did not start: {target}")
        yield port
    finally:
        process.terminate()
        process.wait(10)


# --- load --------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[int(0.99 * (len(ordered) - 1))]

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.latencies)


async def _http_worker(
    port: int, request: bytes, stop: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            match = re.search(rb"(?i)content-length:\s*(\d+)", head)
            body = await reader.readexactly(int(match.group(1))) if match else b""
            if status != b"200":
                errors.append(f"{status.decode()} {body[:200]!r}")
                return
            latencies.append(time.perf_counter() - began)
    finally:
        writer.close()


async def load_http(
    name: str, port: int, path: str, headers: dict[str, str], seconds: float, connections: int
) -> Result:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    # Warm-up: connections, caches, the server's pools.
    await asyncio.gather(
        *(_http_worker(port, request, time.perf_counter() + 1, [], []) for _ in range(4))
    )
    latencies: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    stop = began + seconds
    await asyncio.gather(
        *(_http_worker(port, request, stop, latencies, errors) for _ in range(connections))
    )
    if errors:
        raise RuntimeError(f"{name}: {errors[0]}")
    return Result(name, len(latencies), time.perf_counter() - began, latencies)


async def load_calls(
    name: str, call: Callable[[], Awaitable[Any]], seconds: float, concurrency: int
) -> Result:
    async def worker(stop: float, latencies: list[float]) -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - began)

    await asyncio.gather(*(worker(time.perf_counter() + 1, []) for _ in range(4)))
    latencies: list[float] = []
    began = time.perf_counter()
    await asyncio.gather(*(worker(began + seconds, latencies) for _ in range(concurrency)))
    return Result(name, len(latencies), time.perf_counter() - began, latencies)


# --- the same SQL, through the bare driver -----------------------------------------------------


def capture_sql(
    url: str, token: str, path: str, cursor: str | None, marker: str
) -> tuple[str, Any]:
    """The statement (the last one holding `marker`) the portal app sends for `path`, caught
    in-process."""
    from litestar.testing import TestClient

    from ordinavo.entrypoints.portal_api.app import create_portal_app

    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    @contextlib.contextmanager
    def keep_driver(statement: str, arguments: Any) -> Iterator[None]:
        seen.append((statement, tuple(arguments)))  # PostgreSQL: sent past SQLAlchemy
        yield

    params = {} if path == "/me" else {"limit": 50} | ({"cursor": cursor} if cursor else {})
    with TestClient(create_portal_app(Settings(database_url=url))) as client:
        event.listen(Engine, "before_cursor_execute", keep)
        undo = observe(keep_driver)
        try:
            answer = client.get(path, params=params, headers={"Authorization": f"Bearer {token}"})
        finally:
            undo()
            event.remove(Engine, "before_cursor_execute", keep)
    assert answer.status_code == 200, answer.text
    return next((s, p) for s, p in reversed(seen) if marker in s)


def app_settings(url: str) -> Settings:
    """The settings the app under granian reads: this environment with the bench's database."""
    return Settings.from_env({**os.environ, "ORDINAVO_DATABASE_URL": url})


async def driver_caller(url: str, statement: str, parameters: Any, pool: int) -> Any:
    if url.startswith("sqlite"):
        import aiosqlite

        path = url.split(":///", 1)[1]
        connections = [await aiosqlite.connect(path) for _ in range(pool)]
        free: asyncio.Queue[Any] = asyncio.Queue()
        for c in connections:
            free.put_nowait(c)

        async def call_sqlite() -> None:
            c = await free.get()
            try:
                rows = await (await c.execute(statement, parameters)).fetchall()
                assert rows
            finally:
                free.put_nowait(c)

        async def close_sqlite() -> None:
            for c in connections:
                await c.close()

        return call_sqlite, close_sqlite
    import asyncpg

    # The connection settings the app's connections start with (the plan cache mode), so the
    # driver plans the statement as the app's connections do.
    async def no_reset(connection: Any) -> None:
        """As the app gives its connections back: without asyncpg's reset statement (a round
        trip on every release), since nothing session-level changed."""

    database = await asyncpg.create_pool(
        url.replace("postgresql+asyncpg", "postgresql"),
        min_size=pool,
        max_size=pool,
        server_settings=postgres_server_settings(app_settings(url).database_plan_cache_mode),
        reset=no_reset,
    )

    async def call_pg() -> None:
        async with database.acquire() as c:
            rows = await c.fetch(statement, *parameters)
            assert rows

    return call_pg, database.close


# --- the run -----------------------------------------------------------------------------------


def login(port: int) -> str:
    import httpx

    answer = httpx.post(
        f"http://127.0.0.1:{port}/auth/login",
        json={"tenant": "bench", "email": "jana@bench.example", "password": PASSWORD},
    )
    answer.raise_for_status()
    return str(answer.json()["token"])


def deep_cursor(port: int, token: str, path: str = "/appointments", pages: int = 9) -> str:
    """The cursor after `pages` pages of 100 (by default the page after the 900th visit)."""
    import httpx

    cursor = None
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}) as client:
        for _ in range(pages):
            params = {"limit": 100} | ({"cursor": cursor} if cursor else {})
            answer = client.get(f"http://127.0.0.1:{port}{path}", params=params)
            answer.raise_for_status()
            cursor = answer.json()["nextCursor"]
    assert cursor
    return str(cursor)


async def measure_size(
    kind: str, size: int, workdir: Path, seconds: float, connections: int
) -> dict[str, Any]:
    url = await fresh_database(kind, size, workdir)
    try:
        return await _measure_in(url, size, workdir, seconds, connections)
    finally:
        await drop_database(url)


async def _measure_in(
    url: str, size: int, workdir: Path, seconds: float, connections: int
) -> dict[str, Any]:
    """Each figure of the app is taken right next to the one it is compared with (the bare
    driver call, the bare Litestar handler), so that the machine drifting between them (other
    work, CPU frequency) moves both and not the ratio."""
    seeded = await seed(url, size)
    env = {"ORDINAVO_DATABASE_URL": url, "ORDINAVO_LOG_LEVEL": "warning"}
    results: dict[str, Any] = {"size": size, "seed_seconds": seeded["seconds"]}
    postgresql = url.startswith("postgresql")
    runs: list[Result] = []
    bare_runs: dict[str, Result] = {}
    with (
        granian("bare_litestar:app", factory=False, env={}, cwd=workdir) as bare_port,
        granian(
            "ordinavo.entrypoints.portal_api.app:create_portal_app",
            factory=True,
            env=env,
            cwd=ROOT,
        ) as port,
    ):

        async def next_to_bare(label: str, run: Callable[[], Awaitable[Result]]) -> Result:
            bare_runs[label] = await load_http(
                f"bare Litestar handler (beside {label})",
                bare_port,
                "/hello",
                {},
                seconds,
                connections,
            )
            runs.append(bare_runs[label])
            measured = await run()
            runs.append(measured)
            return measured

        token = login(port)
        deep = deep_cursor(port, token)
        auth = {"Authorization": f"Bearer {token}"}
        pages: dict[str, Result] = {}
        driver: dict[str, Result] = {}
        for label, cursor in (("first", None), ("deep", deep)):
            statement, parameters = capture_sql(url, token, "/appointments", cursor, "page_keys")
            call, close = await driver_caller(url, statement, parameters, pool=driver_pool(url))
            try:
                suffix = f"&cursor={quote(cursor)}" if cursor else ""
                pages[label] = await load_http(
                    f"portal list, {label} page",
                    port,
                    f"/appointments?limit=50{suffix}",
                    auth,
                    seconds,
                    connections,
                )
                driver[label] = await load_calls(
                    f"bare driver, {label} page SQL", call, seconds, connections
                )
            finally:
                await close()
        runs[:0] = [pages["first"], pages["deep"], driver["first"], driver["deep"]]
        health = await next_to_bare(
            "/health",
            lambda: load_http("portal /health", port, "/health", {}, seconds, connections),
        )
        me = await next_to_bare(
            "/me",
            lambda: load_http(
                "portal /me (authenticated)", port, "/me", auth, seconds, connections
            ),
        )
        floor = None
        if postgresql:
            # What any design that reads the principal on every request can reach here: a
            # bare handler making that one statement's round trip, and nothing else.
            statement, parameters = capture_sql(url, token, "/me", None, "AS found")
            with granian(
                "one_statement:app",
                factory=False,
                env=one_statement_env(url, statement, parameters),
                cwd=workdir,
            ) as floor_port:
                floor = await load_http(
                    "bare Litestar + the principal's statement (bare driver)",
                    floor_port,
                    "/me",
                    {},
                    seconds,
                    connections,
                )
            runs.append(floor)
        cached_me = None
        if postgresql:
            # The same, with the optional session cache on (ORDINAVO_PORTAL_SESSION_CACHE).
            cached = {**env, "ORDINAVO_PORTAL_SESSION_CACHE": "on"}
            with granian(
                "ordinavo.entrypoints.portal_api.app:create_portal_app",
                factory=True,
                env=cached,
                cwd=ROOT,
            ) as cached_port:
                cached_auth = {"Authorization": f"Bearer {login(cached_port)}"}
                cached_me = await next_to_bare(
                    "/me, cache on",
                    lambda: load_http(
                        "portal /me (session cache on)",
                        cached_port,
                        "/me",
                        cached_auth,
                        seconds,
                        connections,
                    ),
                )
    results["runs"] = runs
    results["ratios"] = {
        "first page vs bare driver": pages["first"].throughput / driver["first"].throughput,
        "deep page vs bare driver": pages["deep"].throughput / driver["deep"].throughput,
    }
    results["health"] = (health, bare_runs["/health"])
    results["me"] = (me, bare_runs["/me"])
    results["floor"] = floor
    results["cached_me"] = (cached_me, bare_runs["/me, cache on"]) if cached_me else None
    return results


ONE_STATEMENT_APP = """
import json, os

import asyncpg
from litestar import Litestar, get

SQL = os.environ["BENCH_SQL"]
ARGUMENTS = json.loads(os.environ["BENCH_ARGUMENTS"])
pool = []


async def start() -> None:
    async def no_reset(connection) -> None:
        pass

    pool.append(
        await asyncpg.create_pool(
            os.environ["BENCH_URL"],
            min_size=int(os.environ["BENCH_POOL"]),
            max_size=int(os.environ["BENCH_POOL"]),
            server_settings=json.loads(os.environ["BENCH_SERVER_SETTINGS"]),
            reset=no_reset,
        )
    )


@get("/me")
async def me() -> dict:
    async with pool[0].acquire() as connection:
        row = await connection.fetchrow(SQL, *ARGUMENTS)
    return {"email": row["email"]}

app = Litestar([me], on_startup=[start])
"""


def one_statement_env(url: str, statement: str, parameters: Any) -> dict[str, str]:
    def plain(value: Any) -> Any:
        return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)

    return {
        "BENCH_SQL": statement,
        "BENCH_ARGUMENTS": json.dumps([plain(v) for v in parameters]),
        "BENCH_URL": url.replace("postgresql+asyncpg", "postgresql"),
        "BENCH_POOL": str(driver_pool(url)),
        "BENCH_SERVER_SETTINGS": json.dumps(
            postgres_server_settings(app_settings(url).database_plan_cache_mode)
        ),
    }


def driver_pool(url: str) -> int:
    """As many connections as the app reads its hot statements on, so the ratio compares the
    stacks, not the pools: on PostgreSQL its own driver connections, on SQLite the engine's
    pool (size + overflow)."""
    settings = app_settings(url)
    if url.startswith("postgresql"):
        return settings.database_read_pool_size
    return settings.database_pool_size + settings.database_max_overflow


def report(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    print()
    print("| size | run | req/s | median ms | p99 ms |")
    print("|---:|---|---:|---:|---:|")
    for entry in sizes:
        for run in entry["runs"]:
            print(
                f"| {entry['size']:,} | {run.name} | {run.throughput:,.0f} | "
                f"{run.median_ms:.2f} | {run.p99_ms:.2f} |"
            )
    summary: dict[str, Any] = {}

    def beside(entry: dict[str, Any], key: str) -> float:
        measured, bare = entry[key]
        return round(measured.throughput / bare.throughput, 2)

    for entry in sizes:
        rows = f"{entry['size']:,} rows"
        for name, value in entry["ratios"].items():
            summary[f"{rows}: {name} (target >= 0.30)"] = round(value, 2)
        summary[f"{rows}: /health vs bare Litestar (target >= 0.5)"] = beside(entry, "health")
        # /health authenticates nobody; /me is the stack a signed-in request goes through.
        summary[f"{rows}: /me (authenticated) vs bare Litestar (target >= 0.25)"] = beside(
            entry, "me"
        )
        if entry.get("floor") is not None:
            me, bare = entry["me"]
            floor = entry["floor"]
            summary[f"{rows}: one bare statement per request vs bare Litestar (the floor)"] = round(
                floor.throughput / bare.throughput, 2
            )
            summary[f"{rows}: /me vs one bare statement per request"] = round(
                me.throughput / floor.throughput, 2
            )
        if entry.get("cached_me") is not None:
            key = f"{rows}: /me, session cache on, vs bare Litestar (target >= 0.5)"
            summary[key] = beside(entry, "cached_me")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for index, label in ((0, "first page"), (1, "deep page")):
            ratio = large["runs"][index].p99_ms / small["runs"][index].p99_ms
            key = f"p99 {label}, {large['size']:,} vs {small['size']:,} rows (target <= 1.5)"
            summary[key] = round(ratio, 2)
    print()
    for key, value in summary.items():
        print(f"- {key}: {value}")
    return summary


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--sizes", default="1000,1000000")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pin_load_generator()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        (workdir / "bare_litestar.py").write_text(BARE_APP)
        (workdir / "one_statement.py").write_text(ONE_STATEMENT_APP)
        measured = []
        for size in sizes:
            print(f"seeding and measuring {size:,} appointments on {args.database} ...", flush=True)
            measured.append(
                await measure_size(args.database, size, workdir, args.seconds, args.connections)
            )
        summary = report(measured)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
