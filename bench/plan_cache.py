"""How PostgreSQL plans the portal's hot statements under each `plan_cache_mode`.

Builds the benchmark tenant of bench/portal_appointments.py (default 1M appointments), catches
the SELECT statements the portal app sends for a few of its endpoints (authentication
included), and, for each statement and mode, prepares it on a fresh asyncpg connection, runs
it as the app's pooled connections would (prepared once, executed many times) and reports:

- EXPLAIN ANALYZE of an execution after the warm-up (planning time, execution time; a cached
  generic plan shows almost no planning time), and
- the median time of one call through asyncpg over `--calls` calls (planning included).

`auto` is PostgreSQL's default: custom plans for the first five executions, then the generic
plan only if its estimated cost is not much above the custom plans'. Run as
`python bench/plan_cache.py [--size N]`; the database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_appointments import (
    PASSWORD,
    drop_database,
    fresh_database,
    seed,
)

from ordinavo.adapters.persistence.driver_statements import observe
from ordinavo.entrypoints.settings import Settings

MODES = ("auto", "force_custom_plan", "force_generic_plan")
PATHS = ("/me", "/appointments?limit=50", "/requests?limit=50", "/reports?limit=50")


def catch_statements(url: str) -> list[tuple[str, str, Any]]:
    """(label, SQL, parameters) of every SELECT the portal sends for PATHS and a deep page."""
    from litestar.testing import TestClient

    from ordinavo.entrypoints.portal_api.app import create_portal_app

    caught: list[tuple[str, str, Any]] = []
    current = [""]

    def keep(conn: Any, cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        # Reads only: EXPLAIN ANALYZE runs what it explains.
        if re.match(r"\s*(SELECT|WITH)\b", statement, re.I) and re.search(r"\bFROM\b", statement):
            caught.append((current[0], statement, parameters))

    with TestClient(create_portal_app(Settings(database_url=url))) as client:
        answer = client.post(
            "/auth/login",
            json={"tenant": "bench", "email": "jana@bench.example", "password": PASSWORD},
        )
        answer.raise_for_status()
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        client.get("/me", headers=headers)  # the session's first touch is a write: not caught
        cursor = None
        for _ in range(9):  # the page after the 900th visit, as the load benchmark's deep page
            params = {"limit": 100} | ({"cursor": cursor} if cursor else {})
            cursor = client.get("/appointments", params=params, headers=headers).json()[
                "nextCursor"
            ]

        @contextlib.contextmanager
        def keep_driver(statement: str, arguments: Any) -> Iterator[None]:
            keep(None, None, statement, tuple(arguments))  # sent past SQLAlchemy's events
            yield

        event.listen(Engine, "before_cursor_execute", keep)
        undo = observe(keep_driver)
        try:
            for path in PATHS:
                current[0] = path
                client.get(path, headers=headers).raise_for_status()
            current[0] = "/appointments deep page"
            client.get(
                "/appointments", params={"limit": 50, "cursor": cursor}, headers=headers
            ).raise_for_status()
        finally:
            undo()
            event.remove(Engine, "before_cursor_execute", keep)
    seen: set[str] = set()
    unique = []
    for label, statement, parameters in caught:
        key = statement + repr(parameters)
        if key not in seen:
            seen.add(key)
            unique.append((label, statement, parameters))
    return unique


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date | uuid.UUID):
        return f"'{value.isoformat() if not isinstance(value, uuid.UUID) else value}'"
    return "'" + str(value).replace("'", "''") + "'"


async def measure(
    dsn: str, mode: str, statement: str, parameters: Any, calls: int
) -> dict[str, Any]:
    import asyncpg

    connection = await asyncpg.connect(dsn, server_settings={"plan_cache_mode": mode})
    try:
        prepared = await connection.prepare(statement)
        for _ in range(10):  # past `auto`'s five custom plans
            await prepared.fetch(*parameters)
        times = []
        for _ in range(calls):
            began = time.perf_counter()
            await prepared.fetch(*parameters)
            times.append(time.perf_counter() - began)
        # The same plan cache, seen by EXPLAIN: a server-side prepared statement of its own.
        await connection.execute(f"PREPARE hot AS {statement}")
        arguments = ", ".join(_literal(v) for v in parameters)
        execute = f"EXECUTE hot({arguments})" if parameters else "EXECUTE hot"
        for _ in range(10):
            await connection.execute(execute)
        plan = await connection.fetchval(f"EXPLAIN (ANALYZE, FORMAT JSON) {execute}")
    finally:
        await connection.close()
    import json

    top = json.loads(plan)[0]
    return {
        "planning_ms": top.get("Planning Time", 0.0),
        "execution_ms": top["Execution Time"],
        "call_ms": 1000 * statistics.median(times),
        "plan": top["Plan"],
    }


def _shape(node: dict[str, Any]) -> str:
    """The plan's nodes, outermost first, with the index each scan uses."""
    parts = []
    stack = [node]
    while stack:
        current = stack.pop(0)
        name = current["Node Type"]
        if "Index Name" in current:
            name += f"({current['Index Name']})"
        parts.append(name)
        stack.extend(current.get("Plans", []))
    return " > ".join(parts)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--shapes", action="store_true", help="print each plan's shape")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = await fresh_database("postgresql", args.size, Path(tmp))
        try:
            began = time.perf_counter()
            await seed(url, args.size)
            print(f"seeded {args.size:,} appointments in {time.perf_counter() - began:.0f} s")
            dsn = url.replace("postgresql+asyncpg", "postgresql")
            print("| statement | mode | planning ms | execution ms | call ms (median) |")
            print("|---|---|---:|---:|---:|")
            for label, statement, parameters in catch_statements(url):
                head = re.sub(r"\s+", " ", statement)[:60]
                for mode in MODES:
                    found = await measure(dsn, mode, statement, parameters, args.calls)
                    print(
                        f"| {label}: `{head}` | {mode} | {found['planning_ms']:.3f} | "
                        f"{found['execution_ms']:.3f} | {found['call_ms']:.3f} |",
                        flush=True,
                    )
                    if args.shapes:
                        print(f"|  | {_shape(found['plan'])} | | | |")
        finally:
            await drop_database(url)


if __name__ == "__main__":
    asyncio.run(main())
