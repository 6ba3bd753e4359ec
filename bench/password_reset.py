"""Benchmark: does the password-reset answer tell a real account from an unknown one by its time?

Both apps and the worker run in-process (the suite's harness) on a fresh database, with mail
going to an SMTP server on this machine that is up for one half of the run and down for the
other. For each state it sends reset requests for a real, active account and for an unknown
address, interleaved, and reports the median and p95 answer times of each and their ratio
(real / unknown; 1.00 means the same). The clock moves a minute between requests, so the
per-address limit never answers instead. Mail is only queued by the request, so the mail
server's state should not show at all.

Run with `.venv/bin/python bench/password_reset.py [--requests N]` (a temporary SQLite
database; with ORDINAVO_TEST_DATABASE_URL=postgresql+asyncpg://... a fresh PostgreSQL one).
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller
from tests.support.database import fresh_database
from tests.support.harness import Harness, harness

PASSWORD = "Bright-morning-walk-7"


class Inbox:
    def __init__(self) -> None:
        self.texts: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.texts.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _account(h: Harness, inbox: Inbox) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=admin
    ).json()
    contact = h.internal.post(
        "/contacts",
        json={"customerId": customer["id"], "name": "Jana Berg", "email": "jana@bakery.example"},
        headers=admin,
    ).json()
    h.internal.post(
        "/portal/invitations",
        json={"contactId": contact["id"], "grant": {"customerId": customer["id"]}},
        headers=admin,
    )
    h.run_worker()
    token = re.search(r"/invitations/([A-Za-z0-9_\-]+)", inbox.texts[-1]).group(1)  # type: ignore[union-attr]
    assert h.portal.post(f"/invitations/{token}/accept", json={"password": PASSWORD}).is_success
    h.portal.cookies.clear()


def _measure(h: Harness, requests: int) -> dict[str, Any]:
    times: dict[str, list[float]] = {"real": [], "unknown": []}
    answers: set[tuple[int, bytes]] = set()
    emails = {"real": "jana@bakery.example", "unknown": "nobody@bakery.example"}
    for n in range(requests * 2):
        which = "real" if n % 2 == 0 else "unknown"
        h.clock.advance(timedelta(minutes=1))
        started = time.perf_counter()
        answer = h.portal.post("/password-reset", json={"tenant": "acme", "email": emails[which]})
        times[which].append((time.perf_counter() - started) * 1000)
        answers.add((answer.status_code, answer.content))
    h.run_worker()  # what the requests queued goes out (or waits) after the measurement
    result: dict[str, Any] = {"answers": sorted(f"{s} {b.decode()}" for s, b in answers)}
    for which, found in times.items():
        found.sort()
        result[f"{which}MedianMs"] = round(statistics.median(found), 2)
        result[f"{which}P95Ms"] = round(found[int(len(found) * 0.95) - 1], 2)
    result["medianRatio"] = round(result["realMedianMs"] / result["unknownMedianMs"], 3)
    result["p95Ratio"] = round(result["realP95Ms"] / result["unknownP95Ms"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    port = _free_port()
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    report: dict[str, Any] = {"requestsEach": args.requests}
    with tempfile.TemporaryDirectory() as folder, fresh_database(Path(folder)) as url:
        with harness(
            url,
            capture_mail=False,
            mail_backend="smtp",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_starttls=False,
        ) as h:
            server.start()
            _account(h, inbox)
            _measure(h, 20)  # warm up
            report["mailServerUp"] = _measure(h, args.requests)
            server.stop()
            report["mailServerDown"] = _measure(h, args.requests)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
