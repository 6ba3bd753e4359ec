"""Benchmark of the portal timeline at 1k and 1M events, reported as ratios taken in one run.

For each size it builds a fresh database with a tenant whose events fill the table: the portal
user's customer always has 1,000 of them (a mix of customer-safe and internal ones), the other
customers the rest, as in a busy tenant. It then starts the portal app under granian and
measures throughput and p99 latency of `GET /timeline`, first page and a deep page.

QUALITY-BAR.md, "Performance": p99 at 1M rows within 1.5x of p99 at 1k rows, first and deep
page. Run with `make bench-timeline` (PostgreSQL by default; `--database sqlite`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from portal_appointments import (  # noqa: E402
    VISIBLE,
    _insert,
    deep_cursor,
    fresh_database,
    granian,
    load_http,
    login,
    seed,
)

from ordinavo.adapters.persistence.database import database_config  # noqa: E402
from ordinavo.adapters.persistence.models import CustomerModel, EventModel  # noqa: E402

TYPES_SHOWN = ["appointment.planned", "appointment.rescheduled", "request.submitted"]
TYPES_INTERNAL = ["target.changed", "billing.triggered", "appointment.plan_changed"]


async def seed_events(url: str, size: int) -> float:
    """`size` events; VISIBLE of them at the portal user's customer, the rest elsewhere."""
    config = database_config(url)
    engine = config.get_engine()
    async with engine.connect() as connection:
        tenant_id, customer_id = (
            await connection.execute(
                select(CustomerModel.tenant_id, CustomerModel.id).order_by(CustomerModel.id)
            )
        ).first()
    rng = random.Random(11)  # noqa: S311 (sample data, not secrets)
    now = datetime.now(UTC).replace(microsecond=0)
    others = [uuid.uuid4() for _ in range(max(1, size // VISIBLE))]
    started = time.perf_counter()
    async with engine.begin() as connection:
        rows: list[dict[str, Any]] = []
        for n in range(size):
            mine = n < VISIBLE
            shown = rng.random() < 0.7
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant_id,
                    "type": rng.choice(TYPES_SHOWN if shown else TYPES_INTERNAL),
                    "occurred_at": now - timedelta(minutes=rng.randrange(0, 60 * 24 * 730)),
                    "subject_type": "appointment",
                    "subject_id": uuid.uuid4(),
                    "customer_id": customer_id if mine else others[n % len(others)],
                    "location_id": None,
                    "actor_type": "user",
                    "payload": {"status": "planned"},
                }
            )
            if len(rows) >= 20_000:
                await _insert(connection, EventModel, rows)
                rows = []
        await _insert(connection, EventModel, rows)
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("ANALYZE"))
    await engine.dispose()
    return time.perf_counter() - started


async def measure(kind: str, size: int, workdir: Path, seconds: float, connections: int) -> Any:
    url = await fresh_database(kind, size, workdir)
    await seed(url, VISIBLE)  # the tenant, its customers, the portal user (whole customer)
    seeded = await seed_events(url, size)
    env = {"ORDINAVO_DATABASE_URL": url, "ORDINAVO_LOG_LEVEL": "warning"}
    with granian(
        "ordinavo.entrypoints.portal_api.app:create_portal_app", factory=True, env=env, cwd=ROOT
    ) as port:
        token = login(port)
        auth = {"Authorization": f"Bearer {token}"}
        deep = deep_cursor(port, token, "/timeline", pages=5)  # after the 500th entry
        first = await load_http(
            "timeline, first page", port, "/timeline?limit=50", auth, seconds, connections
        )
        later = await load_http(
            "timeline, deep page",
            port,
            f"/timeline?limit=50&cursor={quote(deep)}",
            auth,
            seconds,
            connections,
        )
    return {"size": size, "seed_seconds": round(seeded, 1), "runs": [first, later]}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--sizes", default="1000,1000000")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            print(f"seeding and measuring {size:,} events on {args.database} ...", flush=True)
            measured.append(
                await measure(args.database, size, Path(tmp), args.seconds, args.connections)
            )
    print()
    print("| events | run | req/s | median ms | p99 ms |")
    print("|---:|---|---:|---:|---:|")
    for entry in measured:
        for run in entry["runs"]:
            print(
                f"| {entry['size']:,} | {run.name} | {run.throughput:,.0f} | "
                f"{run.median_ms:.2f} | {run.p99_ms:.2f} |"
            )
    summary: dict[str, Any] = {}
    if len(measured) >= 2:
        small, large = measured[0], measured[-1]
        for index, label in ((0, "first page"), (1, "deep page")):
            ratio = large["runs"][index].p99_ms / small["runs"][index].p99_ms
            key = f"p99 {label}, {large['size']:,} vs {small['size']:,} events (target <= 1.5)"
            summary[key] = round(ratio, 2)
    print()
    for key, value in summary.items():
        print(f"- {key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
