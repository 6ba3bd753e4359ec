"""The worker backbone end to end, with real processes: the embedded default (`ordinavo serve`
on SQLite, the worker in-process) and production (`ordinavo worker` and `ordinavo scheduler`
on PostgreSQL and Redis), and what happens when a worker, the broker or the database is lost.

Deliveries are checked by a real HTTP receiver with the reference Standard Webhooks library.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from ordinavo.adapters.persistence.database import database_config
from ordinavo.entrypoints.cli.operations import create_tenant, migrate_database
from ordinavo.entrypoints.settings import Settings
from tests.support.database import backend_name
from tests.support.harness import TEST_ENCRYPTION_KEY, Harness, harness
from tests.support.receiver import Answer, Receiver, running_receiver
from tests.support.servers import (
    free_port,
    private_postgres,
    private_redis,
    running,
    wait_for_port,
)

SHARED_REDIS = "redis://127.0.0.1:6379/0"
on_postgres = pytest.mark.skipif(
    backend_name() != "postgresql", reason="workers on Redis share the PostgreSQL database"
)
on_sqlite = pytest.mark.skipif(
    backend_name() != "sqlite", reason="the embedded default runs on SQLite (once per suite)"
)


def _worker_env(database_url: str, broker_url: str, queue: str, **extra: str) -> dict[str, str]:
    return {
        "ORDINAVO_DATABASE_URL": database_url,
        "ORDINAVO_BROKER_URL": broker_url,
        "ORDINAVO_BROKER_QUEUE": queue,
        "ORDINAVO_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
        "ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK": "true",
        "ORDINAVO_SWEEP_INTERVAL_SECONDS": "1",
        "ORDINAVO_LOG_LEVEL": "warning",
        **extra,
    }


def _wait(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for {what}")


def _verified(request: Any, secret: str) -> dict[str, Any]:
    """The reference library checks signature and timestamp (real time, real worker)."""
    return Webhook(secret).verify(request.body, request.headers)


class Tenant:
    """A tenant with a customer and an endpoint, driven through the internal API."""

    def __init__(self, h: Harness, receiver: Receiver, event_types: list[str]) -> None:
        self.h = h
        self.admin = h.staff(h.open_tenant("acme", "Acme"))
        made = h.internal.post(
            "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=self.admin
        )
        assert made.status_code == 201, made.text
        self.customer_id = made.json()["id"]
        endpoint = h.internal.post(
            "/webhooks", json={"url": receiver.url, "eventTypes": event_types}, headers=self.admin
        )
        assert endpoint.status_code == 201, endpoint.text
        self.endpoint_id = endpoint.json()["id"]
        self.secret = endpoint.json()["secret"]

    def rename(self, name: str) -> None:
        answer = self.h.internal.patch(
            f"/customers/{self.customer_id}", json={"name": name}, headers=self.admin
        )
        assert answer.status_code == 200, answer.text

    def deliveries(self) -> list[dict[str, Any]]:
        answer = self.h.internal.get(
            f"/webhooks/{self.endpoint_id}/deliveries",
            params={"limit": 100},
            headers=self.admin,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    def all_succeeded(self, count: int) -> list[dict[str, Any]] | None:
        items = self.deliveries()
        done = [d for d in items if d["status"] == "succeeded"]
        return items if len(items) == count and len(done) == count else None


@pytest.fixture
def wiped(database_url: str) -> Iterator[str]:
    from tests.support.database import wipe

    asyncio.run(wipe(database_url))
    yield database_url


@dataclass
class Production:
    """The shared Redis, a queue of this run's own, and its one scheduler."""

    env: dict[str, str]
    queue: str


@pytest.fixture(scope="module")
def production(database_url: str) -> Iterator[Production]:
    if backend_name() != "postgresql":
        pytest.skip("workers on Redis share the PostgreSQL database")
    queue = f"ordinavo-test-{uuid.uuid4().hex[:8]}"
    # A 2 s attempt timeout allows a lease of 7 s: a lost worker's delivery is free again soon.
    env = _worker_env(
        database_url,
        SHARED_REDIS,
        queue,
        ORDINAVO_WEBHOOK_TOTAL_TIMEOUT="2",
        ORDINAVO_WEBHOOK_LEASE_SECONDS="7",
    )
    with running("scheduler", env=env):
        yield Production(env=env, queue=queue)
    subprocess.run(["redis-cli", "DEL", queue], capture_output=True, check=False)


# --- the embedded default ------------------------------------------------------------------


@on_sqlite
def test_ordinavo_serve_delivers_through_its_in_process_worker(tmp_path: Any) -> None:
    internal, portal = free_port(), free_port()
    env = {
        "ORDINAVO_DATA_DIR": str(tmp_path),
        "ORDINAVO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ordinavo.db'}",
        "ORDINAVO_INTERNAL_PORT": str(internal),
        "ORDINAVO_PORTAL_PORT": str(portal),
        "ORDINAVO_LOG_LEVEL": "warning",
        "ORDINAVO_SWEEP_INTERVAL_SECONDS": "1",
    }
    # The database and its first tenant as the operator commands make them (in this process,
    # to spare two interpreter starts); then `ordinavo serve` on its own.
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'ordinavo.db'}")
    asyncio.run(migrate_database(settings))
    admin = asyncio.run(create_tenant(settings, "demo", "Demo", "admin@demo.example", "Admin"))

    with (
        running("serve", env=env | {"ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK": "true"}) as serve,
        running_receiver() as receiver,
    ):
        wait_for_port(internal)
        api = httpx.Client(base_url=f"http://127.0.0.1:{internal}", timeout=10)
        token = api.post(
            "/auth/login",
            json={"tenant": "demo", "email": admin["email"], "password": admin["password"]},
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        made = api.post(
            "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=auth
        )
        assert made.status_code == 201, made.text
        endpoint = api.post(
            "/webhooks",
            json={"url": receiver.url, "eventTypes": ["customer.changed"]},
            headers=auth,
        ).json()
        customer = api.get("/customers", headers=auth).json()["items"][0]
        changed = api.patch(f"/customers/{customer['id']}", json={"name": "Renamed"}, headers=auth)
        assert changed.status_code == 200, changed.text
        arrived = receiver.wait_for(1, timeout=15)
        assert len(arrived) == 1, serve.output()
        event = _verified(arrived[0], endpoint["secret"])
        assert (event["type"], event["data"]["name"]) == ("customer.changed", "Renamed")
        log = api.get(f"/webhooks/{endpoint['id']}/deliveries", headers=auth).json()["items"]
        assert log[0]["eventId"] == arrived[0].webhook_id


# --- production: workers and a scheduler on Redis ------------------------------------------


@pytest.mark.postgres
def test_workers_on_redis_deliver_every_event_once(production: Production, wiped: str) -> None:
    with (
        harness(wiped, broker_url=SHARED_REDIS, broker_queue=production.queue) as h,
        running_receiver() as receiver,
        running("worker", "--workers", "2", env=production.env),
    ):
        tenant = Tenant(h, receiver, ["customer.changed"])
        for n in range(20):
            tenant.rename(f"Bakery {n}")
        _wait(lambda: tenant.all_succeeded(20), 30, "20 deliveries")
        time.sleep(1.0)  # a second delivery of any of them would have arrived by now
        arrived = list(receiver.requests)
        assert len(arrived) == 20
        assert len({r.webhook_id for r in arrived}) == 20
        for request in arrived:
            assert _verified(request, tenant.secret)["type"] == "customer.changed"
        assert all(d["attempts"] == 1 for d in tenant.deliveries())


@on_postgres
@pytest.mark.postgres
def test_a_worker_lost_after_sending_leaves_the_delivery_to_another(wiped: str) -> None:
    queue = f"ordinavo-test-{uuid.uuid4().hex[:8]}"
    # The shortest lease the settings allow for a 2 s timeout: 7 s.
    env = _worker_env(
        wiped,
        SHARED_REDIS,
        queue,
        ORDINAVO_WEBHOOK_TOTAL_TIMEOUT="2",
        ORDINAVO_WEBHOOK_LEASE_SECONDS="7",
    )
    with (
        harness(wiped, broker_url=SHARED_REDIS, broker_queue=queue) as h,
        running_receiver() as receiver,
        running("scheduler", env=env),
    ):
        tenant = Tenant(h, receiver, ["customer.changed"])
        receiver.answer(Answer(stall_seconds=20))  # holds the first request; no answer yet
        first_worker = running("worker", "--workers", "1", env=env)
        with first_worker as lost:
            tenant.rename("Bakery & Sons")
            first = receiver.wait_for(1, timeout=15)
            assert len(first) == 1, lost.output()
            lost.kill()  # sent, and the worker is gone before it could record anything
        assert tenant.deliveries()[0]["status"] == "pending"
        with running("worker", "--workers", "1", env=env):
            both = receiver.wait_for(2, timeout=20)
            assert len(both) == 2
            delivered = _wait(lambda: tenant.all_succeeded(1), 10, "the delivery to succeed")
    assert both[0].webhook_id == both[1].webhook_id and both[0].body == both[1].body
    assert _verified(both[1], tenant.secret)["data"]["name"] == "Bakery & Sons"
    assert delivered[0]["attempts"] == 2
    leased = asyncio.run(
        _scalar(wiped, "SELECT count(*) FROM webhook_deliveries WHERE lease_until IS NOT NULL")
    )
    assert leased == 0


@on_postgres
@pytest.mark.postgres
def test_a_flushed_broker_loses_nothing(wiped: str) -> None:
    queue = f"ordinavo-test-{uuid.uuid4().hex[:8]}"
    with private_redis() as broker, running_receiver() as receiver:
        env = _worker_env(wiped, broker, queue)
        with harness(wiped, broker_url=broker, broker_queue=queue) as h:
            tenant = Tenant(h, receiver, ["customer.changed"])
            tenant.rename("Bakery & Sons")  # queued on Redis; no worker runs yet
            port = broker.rsplit(":", 1)[1].split("/")[0]
            subprocess.run(["redis-cli", "-p", port, "FLUSHALL"], check=True, capture_output=True)
            with running("worker", "--workers", "1", env=env), running("scheduler", env=env):
                arrived = receiver.wait_for(1, timeout=20)
                assert len(arrived) == 1
                assert _verified(arrived[0], tenant.secret)["data"]["name"] == "Bakery & Sons"
                _wait(lambda: tenant.all_succeeded(1), 10, "the delivery to succeed")


@on_postgres
@pytest.mark.postgres
def test_deliveries_resume_after_a_database_restart(tmp_path: Any) -> None:
    from tests.support.database import _migrate

    queue = f"ordinavo-test-{uuid.uuid4().hex[:8]}"
    with private_postgres() as server, running_receiver() as receiver:
        url = server.admin_url
        asyncio.run(_migrate(url))
        env = _worker_env(url, SHARED_REDIS, queue)
        with (
            harness(url, broker_url=SHARED_REDIS, broker_queue=queue) as h,
            running("worker", "--workers", "1", env=env) as worker,
            running("scheduler", env=env),
        ):
            tenant = Tenant(h, receiver, ["customer.changed"])
            tenant.rename("Before the restart")
            assert len(receiver.wait_for(1, timeout=15)) == 1, worker.output()
            server.restart()
            # The API's pooled connections died with the server: its first call may fail.
            _wait(lambda: _renamed(tenant, "After the restart"), 20, "the API to reconnect")
            arrived = receiver.wait_for(2, timeout=30)
            assert len(arrived) == 2, worker.output()
            assert worker.process.poll() is None  # the same worker, never restarted
            assert _verified(arrived[1], tenant.secret)["data"]["name"] == "After the restart"


def _renamed(tenant: Tenant, name: str) -> bool:
    answer = tenant.h.internal.patch(
        f"/customers/{tenant.customer_id}", json={"name": name}, headers=tenant.admin
    )
    return answer.status_code == 200


async def _scalar(url: str, sql: str) -> Any:
    engine = database_config(url).get_engine()
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(sql))).scalar()
    finally:
        await engine.dispose()


@on_sqlite
def test_a_burst_is_delivered_in_one_catch_up(wiped: str) -> None:
    """The in-process worker runs the relay and every delivery to their end, however long that
    takes: a nudge's time limit must not cut a relay of forty slow deliveries short."""
    with harness(wiped) as h, running_receiver() as receiver:
        receiver.always(Answer(stall_seconds=0.08))  # the relay's deliveries take ~3 s in all
        tenant = Tenant(h, receiver, ["customer.changed"])
        for n in range(40):
            tenant.rename(f"Bakery {n}")
        h.run_worker()
        assert len(receiver.requests) == 40
        assert {d["status"] for d in tenant.deliveries()} == {"succeeded"}
        assert len({r.webhook_id for r in receiver.requests}) == 40
