"""What the request stack costs: the portal's `/health` and `/me` against a bare Litestar handler.

Two measurements, each reported as ratios taken in one run (other work on the machine moves
the absolute numbers, not the ratios):

- over HTTP: granian with one worker pinned to one core, the load generator pinned to another
  (`taskset`), as bench/portal_appointments.py does;
- in process (`--layers`): the ASGI app called directly, with one layer of the stack taken away
  at a time, so each layer's share of a request is its own figure and not the server's noise.

    python bench/request_stack.py [--database sqlite|postgresql] [--seconds 5] [--layers]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_appointments import (
    BARE_APP,
    ROOT,
    drop_database,
    fresh_database,
    granian,
    load_http,
    login,
    pin_load_generator,
    seed,
)

from ordinavo.entrypoints.settings import Settings


async def over_http(url: str, seconds: float, connections: int, workdir: Path) -> None:
    (workdir / "bare_litestar.py").write_text(BARE_APP)
    env = {"ORDINAVO_DATABASE_URL": url}
    runs = []
    with granian("bare_litestar:app", factory=False, env={}, cwd=workdir) as port:
        runs.append(await load_http("bare Litestar", port, "/hello", {}, seconds, connections))
    with granian(
        "ordinavo.entrypoints.portal_api.app:create_portal_app", factory=True, env=env, cwd=ROOT
    ) as port:
        auth = {"Authorization": f"Bearer {login(port)}"}
        runs.append(await load_http("portal /health", port, "/health", {}, seconds, connections))
        runs.append(await load_http("portal /me", port, "/me", auth, seconds, connections))
    bare = runs[0].throughput
    print("| run | req/s | vs bare | median ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run.name} | {run.throughput:,.0f} | {run.throughput / bare:.2f} | "
            f"{run.median_ms:.2f} | {run.p99_ms:.2f} |"
        )


# --- in process, layer by layer ----------------------------------------------------------------


def _scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
        "state": {},
    }


async def _per_request_us(app: Any, path: str, headers: list[tuple[bytes, bytes]], n: int) -> float:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    for _ in range(50):
        await app(_scope(path, headers), receive, send)
    statuses.clear()
    began = time.perf_counter()
    for _ in range(n):
        await app(_scope(path, headers), receive, send)
    elapsed = time.perf_counter() - began
    assert set(statuses) == {200}, set(statuses)
    return elapsed / n * 1e6


async def layers(url: str, n: int) -> None:
    """Per-request microseconds of `/health` and `/me` as built, and with one layer removed."""
    import logging

    from litestar import Litestar, get

    from ordinavo.entrypoints.portal_api.app import create_portal_app

    @get("/hello")
    async def hello() -> dict[str, str]:
        return {"status": "ok"}

    bare = Litestar([hello])
    settings = Settings(database_url=url)
    app = create_portal_app(settings)
    async with app.lifespan():
        token = await _token(app)
        auth = [(b"authorization", f"Bearer {token}".encode())]
        figures = {"bare Litestar": await _per_request_us(bare, "/hello", [], n)}
        figures["/health"] = await _per_request_us(app, "/health", [], n)
        figures["/me"] = await _per_request_us(app, "/me", auth, n // 4)
        logger = logging.getLogger("ordinavo")
        level = logger.level
        logger.setLevel(logging.WARNING)
        figures["/health, access log off"] = await _per_request_us(app, "/health", [], n)
        logger.setLevel(level)
    base = figures["bare Litestar"]
    print("| in process | us/request | vs bare |")
    print("|---|---:|---:|")
    for name, us in figures.items():
        print(f"| {name} | {us:.0f} | {base / us:.2f} |")


async def _token(app: Any) -> str:
    from httpx import ASGITransport, AsyncClient
    from portal_appointments import PASSWORD

    async with AsyncClient(transport=ASGITransport(app), base_url="http://127.0.0.1") as client:
        answer = await client.post(
            "/auth/login",
            json={"tenant": "bench", "email": "jana@bench.example", "password": PASSWORD},
        )
        answer.raise_for_status()
        return str(answer.json()["token"])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--layers", action="store_true", help="in process, layer by layer")
    parser.add_argument("--requests", type=int, default=4000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = await fresh_database(args.database, 1000, workdir)
        try:
            await seed(url, 1000)
            if args.layers:
                await layers(url, args.requests)
            else:
                pin_load_generator()
                await over_http(url, args.seconds, args.connections, workdir)
        finally:
            await drop_database(url)


if __name__ == "__main__":
    asyncio.run(main())
