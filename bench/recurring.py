"""Benchmark: generating 8 weeks of visits for many recurring plans.

Both apps and the worker run in-process (the suite's harness) on a fresh database. One tenant
gets one customer with a location and N plans (weekly, two days a week, 8-week horizon),
written straight into the table; then the worker's generator runs once and creates every
owed visit. Reports the wall time, the time per plan and per visit, and the SQL statements
per plan (counted on every connection of the process).

Run with `.venv/bin/python bench/recurring.py [--plans N]` (a temporary SQLite database; with
ORDINAVO_TEST_DATABASE_URL=postgresql+asyncpg://... a fresh PostgreSQL one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from tests.support.database import fresh_database
from tests.support.harness import harness

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.recurring.models import RecurringPlanModel

statements = 0


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_: Any) -> None:
    global statements
    statements += 1


async def _plans(
    url: str, tenant_id: str, customer_id: str, location_id: str, n: int, start: Any
) -> None:
    engine = database_config(url).get_engine()
    now = start
    rows = [
        {
            "id": uuid.uuid4(),
            "tenant_id": uuid.UUID(tenant_id),
            "customer_id": uuid.UUID(customer_id),
            "location_id": uuid.UUID(location_id),
            "title": f"Plan {i}",
            "customer_label": "Maintenance visit",
            "priority": "normal",
            "rule": "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH",
            "starts_on": (start + timedelta(days=1)).date(),
            "window_starts": (start.replace(hour=9, minute=0, second=0, microsecond=0)).time(),
            "window_ends": (start.replace(hour=11, minute=0, second=0, microsecond=0)).time(),
            "time_zone": "Europe/Berlin",
            "horizon_weeks": 8,
            "status": "active",
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    async with engine.begin() as connection:
        for chunk in range(0, n, 1000):
            await connection.execute(insert(RecurringPlanModel), rows[chunk : chunk + 1000])
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=10_000)
    args = parser.parse_args()
    global statements
    with tempfile.TemporaryDirectory() as tmp, fresh_database(Path(tmp)) as url, harness(url) as h:
        admin = h.staff(h.open_tenant("acme", "Acme"))
        me = h.internal.get("/auth/me", headers=admin).json()
        customer = h.internal.post(
            "/customers", json={"name": "Chain", "customerNumber": "C-1"}, headers=admin
        ).json()
        location = h.internal.post(
            "/locations",
            json={
                "customerId": customer["id"],
                "name": "Store",
                "addressLine": "Main 1",
                "city": "Berlin",
                "country": "DE",
            },
            headers=admin,
        ).json()
        asyncio.run(
            _plans(url, me["tenantId"], customer["id"], location["id"], args.plans, h.clock.now())
        )
        statements = 0
        began = time.perf_counter()
        created = h.generate_recurring_visits(timeout=3600)
        took = time.perf_counter() - began
        counted = statements
        again_began = time.perf_counter()
        statements = 0
        second = h.generate_recurring_visits()
        again = time.perf_counter() - again_began
        print(
            json.dumps(
                {
                    "database": url.split(":")[0],
                    "plans": args.plans,
                    "visitsCreated": created,
                    "seconds": round(took, 2),
                    "msPerPlan": round(took * 1000 / args.plans, 2),
                    "msPerVisit": round(took * 1000 / max(created, 1), 3),
                    "statementsPerPlan": round(counted / args.plans, 1),
                    "secondRunCreated": second,
                    "secondRunSeconds": round(again, 2),
                    "secondRunStatements": statements,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
