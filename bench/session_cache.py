"""How long a change that ends access takes to reach another process's session cache.

Two portal processes (granian, one worker each) share one PostgreSQL database, both with
ORDINAVO_PORTAL_SESSION_CACHE=on. A portal user signs in on A; B serves `/me` from its cache (a
control shows it: a rename made behind the triggers' back is not seen there); the user signs
out on A; B is asked `/me` again and again until it answers 401. The time
from the sign-out's answer to B's first 401 is the figure (target: under one second).

    python bench/session_cache.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_appointments import ROOT, drop_database, fresh_database, granian, login, seed

APP = "ordinavo.entrypoints.portal_api.app:create_portal_app"


async def rename_unannounced(url: str, name: str) -> None:
    """Rename the user with the triggers off (as the superuser): a change no process hears
    of, so a process still showing the old name is showing what it keeps in memory."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute("SET session_replication_role = replica")
        await connection.execute(
            "UPDATE portal_users SET display_name = $1 WHERE email = 'jana@bench.example'", name
        )
    finally:
        await connection.close()


def one_round(url: str, a: int, b: int) -> float:
    token = login(a)
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(timeout=5) as client:
        time.sleep(0.2)  # the sign-in's own announcements arrive first
        known = client.get(f"http://127.0.0.1:{b}/me", headers=auth).json()["name"]
        asyncio.run(rename_unannounced(url, known + " (renamed)"))
        # The control: B answers from memory (the renamed user is not what it shows).
        assert client.get(f"http://127.0.0.1:{b}/me", headers=auth).json()["name"] == known
        asyncio.run(rename_unannounced(url, known))
        client.post(f"http://127.0.0.1:{a}/auth/logout", headers=auth).raise_for_status()
        ended = time.perf_counter()
        while client.get(f"http://127.0.0.1:{b}/me", headers=auth).status_code != 401:
            if time.perf_counter() - ended > 10:
                raise AssertionError("B still served the ended session after 10 s")
        return time.perf_counter() - ended


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = asyncio.run(fresh_database("postgresql", 100, Path(tmp)))
        try:
            asyncio.run(seed(url, 100))
            env = {
                "ORDINAVO_DATABASE_URL": url,
                "ORDINAVO_LOG_LEVEL": "warning",
                "ORDINAVO_PORTAL_SESSION_CACHE": "on",
            }
            with (
                granian(APP, factory=True, env=env, cwd=ROOT) as a,
                granian(APP, factory=True, env=env, cwd=ROOT) as b,
            ):
                times = [one_round(url, a, b) * 1000 for _ in range(args.rounds)]
        finally:
            asyncio.run(drop_database(url))
    print("| rounds | median ms | max ms |")
    print("|---:|---:|---:|")
    print(f"| {len(times)} | {statistics.median(times):.1f} | {max(times):.1f} |")


if __name__ == "__main__":
    main()
