"""Benchmark: the retention job removing 1M expired security events on PostgreSQL.

A fresh database (created and dropped here, migrated as the owner, worked on as the ordinary
application role behind row-level security, as in production). One tenant gets N security
events older than its period and a few younger ones, written straight into the table with
UUIDv7-like ids (time first, as the application's). Then the job's own store removes them in
batches of 1000, each batch its own transaction, as `RunRetention` does. Reports the time per
batch (median, p99, max), the longest single statement (about the longest a lock is held),
the rows per second, and checks that the younger events stayed.

Run with `.venv/bin/python bench/retention.py [--rows N] [--batch B]` against
ORDINAVO_BENCH_DATABASE_URL, or the local postgresql+asyncpg://postgres@127.0.0.1:5432/postgres.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine
from tests.support.database import fresh_database, owner_url

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.portal_models import SecurityEventModel
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork
from ordinavo.domain.retention import RetentionKind, RetentionPolicy
from ordinavo.domain.tenants import Tenant

LOCAL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
NOW = datetime.now(UTC)
longest_statement = 0.0


@event.listens_for(Engine, "before_cursor_execute")
def _began(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
    conn.info["began"] = time.perf_counter()


@event.listens_for(Engine, "after_cursor_execute")
def _ended(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
    global longest_statement
    if statement.lstrip().upper().startswith("DELETE"):
        longest_statement = max(longest_statement, time.perf_counter() - conn.info["began"])


# UUIDv7-like ids from the timestamp in milliseconds and the row number: time-ordered as the
# application's ids are, so the oldest rows come first in id order.
_SEED = """
INSERT INTO security_events (id, tenant_id, occurred_at, kind)
SELECT (lpad(to_hex((extract(epoch from t.at) * 1000)::bigint), 12, '0')
        || '7' || substr(md5(g::text), 1, 19))::uuid,
       :tenant, t.at, 'login.failed'
FROM generate_series(1, :n) g,
     LATERAL (SELECT CAST(:start AS timestamptz) + g * interval '1 millisecond' AS at) t
"""


async def _seed(owner: str, tenant_id: UUID, old: int, young: int) -> None:
    engine = database_config(owner).get_engine()
    period = RetentionPolicy().days(RetentionKind.SECURITY_EVENTS) or 0
    async with engine.begin() as connection:
        for count, start in ((old, NOW - timedelta(days=period + 30)), (young, NOW)):
            await connection.execute(text(_SEED), {"tenant": tenant_id, "start": start, "n": count})
        await connection.execute(text("ANALYZE security_events"))
    await engine.dispose()


async def _run(url: str, rows: int, young: int, batch: int) -> dict[str, Any]:
    config = database_config(url)
    maker = config.create_session_maker()
    async with maker() as session:
        tenant = Tenant.open(id=uuid4(), slug="acme", name="Acme", now=NOW)
        await SqlaTenantDirectory(session).add(tenant)
        await session.commit()
    await _seed(owner_url(url), tenant.id, rows, young)

    cutoff = tenant.retention.cutoff(RetentionKind.SECURITY_EVENTS, NOW)
    assert cutoff is not None
    times: list[float] = []
    removed = 0
    began = time.perf_counter()
    async with maker() as session:
        while True:
            start = time.perf_counter()
            uow = SqlaUnitOfWork(session, tenant.id)
            gone = await uow.retention.remove_expired(
                RetentionKind.SECURITY_EVENTS, cutoff, NOW, batch
            )
            await uow.commit()
            times.append(time.perf_counter() - start)
            removed += gone
            if gone == 0:
                break
        took = time.perf_counter() - began
        SqlaUnitOfWork(session, tenant.id)
        left = await session.scalar(select(func.count()).select_from(SecurityEventModel))
        await session.commit()
    await config.get_engine().dispose()
    ms = sorted(t * 1000 for t in times[:-1])  # the last, empty batch only confirms the end
    return {
        "database": "postgresql",
        "expiredRows": rows,
        "youngerRows": young,
        "removed": removed,
        "left": left,
        "batchSize": batch,
        "batches": len(ms),
        "seconds": round(took, 1),
        "rowsPerSecond": round(removed / took),
        "batchMsMedian": round(statistics.median(ms), 1),
        "batchMsP99": round(ms[int(len(ms) * 0.99) - 1], 1),
        "batchMsMax": round(ms[-1], 1),
        "longestDeleteStatementMs": round(longest_statement * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--young", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    # fresh_database reads the suite's variable: point it at the benchmark's server.
    os.environ["ORDINAVO_TEST_DATABASE_URL"] = (
        os.environ.get("ORDINAVO_BENCH_DATABASE_URL") or LOCAL
    )
    with tempfile.TemporaryDirectory() as tmp, fresh_database(Path(tmp)) as url:
        result = asyncio.run(_run(url, args.rows, args.young, args.batch))
    assert result["removed"] == args.rows and result["left"] == args.young, result
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
