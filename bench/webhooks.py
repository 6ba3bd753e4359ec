"""Benchmark of webhook delivery with a worker on the Redis broker, as ratios taken in one run.

It builds a fresh PostgreSQL database with a tenant, a customer and one endpoint that points
at a small receiver on this machine, starts `ordinavo worker` and `ordinavo scheduler` on the
local Redis, and measures:

1. Latency: commit to first delivery attempt. The driver renames the customer (a use case
   that commits), 25 times a second; the receiver notes when each delivery arrives. p50, p95
   (QUALITY-BAR.md "Performance": p95 under 1 s).
2. Throughput: with the worker stopped, N changes are committed; the worker then starts and
   delivers them (relay, signing, HTTP, recording). Deliveries per second from the first to the
   last arrival, against a bare loop that posts the same signed bodies to the same receiver
   (the same concurrency, httpcore, no database): the ratio.

On this 2-core machine the worker and the bare loop run on core 1 and the receiver and the
driver on core 0 (`taskset`); PostgreSQL and Redis are not pinned. Run with `make
bench-webhooks`; `--events`, `--runs` change the run; PostgreSQL comes from
ORDINAVO_BENCH_POSTGRES_URL (default the local server).
"""

# A bench drives local processes and files from async code on purpose; none of it is input.
# ruff: noqa: S603, S607, ASYNC109, ASYNC110, ASYNC221, ASYNC240

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
KEY = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktYmU="  # 32 bytes; this bench only
ORDINAVO = str(Path(sys.executable).parent / "ordinavo")
CONCURRENCY = 10  # the sender's connections per worker process


def _pin(core: int) -> list[str]:
    return ["taskset", "-c", str(core)] if shutil.which("taskset") and os.cpu_count() else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the receiver: a minimal HTTP/1.1 server that notes when each delivery arrives ---------


class _Receiver(asyncio.Protocol):
    arrivals: list[tuple[float, bytes]] = []

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].decode("latin-1").split("\r\n")
            headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
            length = int(headers.get("content-length", "0"))
            if len(self.buffer) < head_end + 4 + length:
                return
            body = self.buffer[head_end + 4 : head_end + 4 + length]
            self.buffer = self.buffer[head_end + 4 + length :]
            _Receiver.arrivals.append((time.time(), body))
            self.transport.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")


async def _receive(port: int, out: Path) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Receiver, "127.0.0.1", port)
    stop = asyncio.Event()
    loop.add_signal_handler(15, stop.set)
    async with server:
        await stop.wait()
    out.write_text(
        json.dumps([[at, body.decode()] for at, body in _Receiver.arrivals]), encoding="utf-8"
    )


@contextmanager
def receiver(port: int, out: Path) -> Iterator[None]:
    process = subprocess.Popen(
        [*_pin(0), sys.executable, __file__, "--receive", str(port), str(out)]
    )
    _wait_port(port)
    try:
        yield
    finally:
        process.terminate()
        process.wait(10)


def _arrivals(out: Path) -> list[tuple[float, dict[str, Any]]]:
    return [(at, json.loads(body)) for at, body in json.loads(out.read_text(encoding="utf-8"))]


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(port)


# --- the bare loop: the same signed bodies, posted without any of the machinery ------------


async def _bare(port: int, requests_file: Path) -> None:
    import httpcore

    requests = json.loads(requests_file.read_text(encoding="utf-8"))
    pool = httpcore.AsyncConnectionPool(
        max_connections=CONCURRENCY,
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],  # as the worker does
    )
    gate = asyncio.Semaphore(CONCURRENCY)

    async def post(headers: dict[str, str], body: str) -> None:
        async with gate:
            response = await pool.request(
                "POST",
                f"http://127.0.0.1:{port}/hooks",
                headers=list(headers.items()),
                content=body.encode(),
            )
            assert 200 <= response.status < 300

    await asyncio.gather(*(post(r["headers"], r["body"]) for r in requests))
    await pool.aclose()


# --- the run -------------------------------------------------------------------------------


async def _database() -> str:
    import asyncpg

    admin = os.environ.get("ORDINAVO_BENCH_POSTGRES_URL", PG_ADMIN)
    name = f"ordinavo_bench_webhooks_{uuid.uuid4().hex[:6]}"
    connection = await asyncpg.connect(admin.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.rsplit("/", 1)[0] + f"/{name}"


class Driver:
    """Commits changes through the use cases, as an API process would (same container)."""

    def __init__(self, settings: Any) -> None:
        from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container

        self.container = make_container(settings, ActorFromContextProvider())

    async def open(self, receiver_url: str) -> None:
        from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
        from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
        from ordinavo.application.use_cases.webhooks.create_webhook_endpoint import (
            CreateWebhookEndpoint,
        )
        from ordinavo.domain.customers import CustomerDetails
        from ordinavo.domain.identity import Actor, Role
        from ordinavo.domain.webhooks import EndpointSettings

        async with self.container() as scope:
            made = await (await scope.get(CreateTenant))(
                slug="bench", name="Bench", admin_email="admin@bench.example", admin_name="A"
            )
        self.admin = Actor.user(
            user_id=made.admin.id, tenant_id=made.tenant.id, role=Role.TENANT_ADMIN
        )
        async with self.container(context={Actor: self.admin}) as scope:
            self.customer = await (await scope.get(RegisterCustomer))(
                self.admin,
                CustomerDetails(name="Bakery", customer_number="B-1"),
                frozenset({"name", "customerNumber"}),
            )
        async with self.container(context={Actor: self.admin}) as scope:
            await (await scope.get(CreateWebhookEndpoint))(
                self.admin,
                EndpointSettings(url=receiver_url, event_types=frozenset({"customer.changed"})),
            )

    async def rename(self, name: str) -> float:
        from ordinavo.application.use_cases.customers.change_customer import ChangeCustomer
        from ordinavo.domain.identity import Actor

        async with self.container(context={Actor: self.admin}) as scope:
            await (await scope.get(ChangeCustomer))(
                self.admin, self.customer.id, {"name": name}, frozenset({"name"})
            )
        return time.time()  # the commit is done: the use case returned

    async def close(self) -> None:
        await self.container.close()


def _env(url: str, queue: str) -> dict[str, str]:
    return {
        **os.environ,
        "ORDINAVO_DATABASE_URL": url,
        "ORDINAVO_BROKER_URL": REDIS,
        "ORDINAVO_BROKER_QUEUE": queue,
        "ORDINAVO_ENCRYPTION_KEY": KEY,
        "ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK": "true",
        "ORDINAVO_LOG_LEVEL": "warning",
    }


@contextmanager
def processes(*commands: list[str], env: dict[str, str]) -> Iterator[None]:
    started = [
        subprocess.Popen(c, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
        for c in commands
    ]
    try:
        yield
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


async def _wait_for(out_count: Any, expected: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and out_count() < expected:
        await asyncio.sleep(0.1)


async def one_run(events: int, latency_samples: int) -> dict[str, Any]:
    from portal_appointments import drop_database  # the benches' one way to drop theirs
    from sqlalchemy import text

    from ordinavo.adapters.persistence.database import database_config
    from ordinavo.adapters.persistence.migrator import upgrade
    from ordinavo.entrypoints.settings import Settings

    url = await _database()
    engine = database_config(url).get_engine()
    await upgrade(engine)
    queue = f"ordinavo-bench-{uuid.uuid4().hex[:6]}"
    env = _env(url, queue)
    settings = Settings(
        database_url=url,
        broker_url=REDIS,
        broker_queue=queue,
        encryption_key=KEY,
        webhooks_allow_loopback=True,
    )
    work = Path(tempfile.mkdtemp(prefix="ordinavo-bench-"))
    port = free_port()
    worker = [*_pin(1), ORDINAVO, "worker", "--workers", "1"]
    scheduler = [*_pin(0), ORDINAVO, "scheduler"]
    driver = Driver(settings)
    result: dict[str, Any] = {}
    try:
        # 1. latency, with the worker running
        latency_out = work / "latency.json"
        with receiver(port, latency_out):
            await driver.open(f"http://127.0.0.1:{port}/hooks")
            with processes(worker, scheduler, env=env):
                await asyncio.sleep(6)  # workers up and listening
                committed: dict[str, float] = {}
                for n in range(latency_samples):
                    name = f"latency-{n}"
                    committed[name] = await driver.rename(name)
                    await asyncio.sleep(0.04)
                await asyncio.sleep(3)
        arrivals = {body["data"]["name"]: at for at, body in _arrivals(latency_out)}
        delays = sorted(arrivals[name] - at for name, at in committed.items() if name in arrivals)
        result["latencyDelivered"] = f"{len(delays)}/{latency_samples}"
        result["latencyP50Ms"] = round(statistics.median(delays) * 1000, 1)
        result["latencyP95Ms"] = round(delays[int(len(delays) * 0.95) - 1] * 1000, 1)

        async with engine.begin() as connection:
            failures = (
                await connection.execute(
                    text(
                        "SELECT error_class, status_code, count(*) FROM webhook_attempts "
                        "WHERE error_class IS NOT NULL GROUP BY error_class, status_code"
                    )
                )
            ).all()
            result["latencyFailedAttempts"] = [list(row) for row in failures]

        # 2. throughput: N committed while no worker runs, then the worker delivers them
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM webhook_deliveries"))
        for n in range(events):
            await driver.rename(f"burst-{n}")
        burst_out = work / "burst.json"
        with receiver(port, burst_out), processes(worker, scheduler, env=env):
            counted = 0

            async def delivered() -> int:
                nonlocal counted
                async with engine.connect() as connection:
                    counted = (
                        await connection.execute(
                            text("SELECT count(*) FROM webhook_deliveries WHERE status='succeeded'")
                        )
                    ).scalar_one()
                return counted

            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and await delivered() < events:
                await asyncio.sleep(0.5)
        times = sorted(at for at, _ in _arrivals(burst_out))
        worker_rate = (len(times) - 1) / (times[-1] - times[0])

        # 3. the bare loop: the same bodies, signed the same way, to the same receiver
        from ordinavo.domain.webhooks import signature_header

        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text("SELECT event_id, body FROM webhook_deliveries ORDER BY id")
                )
            ).all()
        secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        requests_file = work / "bare-requests.json"
        requests = []
        for event_id, body in rows:
            ts = int(time.time())
            requests.append(
                {
                    "headers": {
                        "content-type": "application/json",
                        "webhook-id": str(event_id),
                        "webhook-timestamp": str(ts),
                        "webhook-signature": signature_header(
                            [secret], str(event_id), ts, bytes(body)
                        ),
                    },
                    "body": bytes(body).decode(),
                }
            )
        requests_file.write_text(json.dumps(requests), encoding="utf-8")
        bare_out = work / "bare.json"
        with receiver(port, bare_out):
            subprocess.run(
                [*_pin(1), sys.executable, __file__, "--bare", str(port), str(requests_file)],
                check=True,
            )
        bare_times = sorted(at for at, _ in _arrivals(bare_out))
        bare_rate = (len(bare_times) - 1) / (bare_times[-1] - bare_times[0])
        result.update(
            events=events,
            deliveredByWorker=len(times),
            workerDeliveriesPerSecond=round(worker_rate, 1),
            bareLoopPostsPerSecond=round(bare_rate, 1),
            ratio=round(worker_rate / bare_rate, 3),
        )
    finally:
        await driver.close()
        await engine.dispose()
        await drop_database(url)
        subprocess.run(["redis-cli", "DEL", queue], capture_output=True, check=False)
        shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="deliveries in the burst")
    parser.add_argument("--latency-samples", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2, help="runs, to show the spread")
    parser.add_argument("--receive", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--bare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receive:
        asyncio.run(_receive(int(args.receive[0]), Path(args.receive[1])))
        return
    if args.bare:
        asyncio.run(_bare(int(args.bare[0]), Path(args.bare[1])))
        return
    runs = [asyncio.run(one_run(args.events, args.latency_samples)) for _ in range(args.runs)]
    print(json.dumps({"runs": runs}, indent=2))


if __name__ == "__main__":
    main()
