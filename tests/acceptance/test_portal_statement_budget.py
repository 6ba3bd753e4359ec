"""SQL statements per portal request are a small constant: the same at 100 items as at 20.

Counts everything a request sends to the database, authentication and labels included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.support.harness import Harness, harness
from tests.support.wire import statements_sent

BUDGET = 10  # session lookup, grants, touch, tenant, labels, the page itself, ...


# Statements sent, through the engine or straight to the driver.
counted = statements_sent


@contextlib.contextmanager
def transactions() -> Iterator[list[str]]:
    """BEGIN, COMMIT and ROLLBACK the driver sends, which `before_cursor_execute` never sees.

    A connection in AUTOCOMMIT sends none of them (each statement is its own transaction),
    though SQLAlchemy still reports its bookkeeping: those are left out."""
    seen: list[str] = []

    def on(name: str) -> Any:
        def record(conn: Any, *_: Any) -> None:
            if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
                seen.append(name)

        return record

    listeners = [(name, on(name)) for name in ("begin", "commit", "rollback")]
    for name, listener in listeners:
        event.listen(Engine, name, listener)
    try:
        yield seen
    finally:
        for name, listener in listeners:
            event.remove(Engine, name, listener)


@pytest.fixture(scope="module")
def portal_user(database_url: str) -> Iterator[tuple[Harness, dict[str, str]]]:
    import asyncio

    from tests.support.database import wipe

    asyncio.run(wipe(database_url))
    with harness(database_url) as h:
        admin = h.staff(h.open_tenant("acme", "Acme"))
        customer = h.internal.post(
            "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=admin
        ).json()
        place = h.internal.post(
            "/locations",
            json={
                "customerId": customer["id"],
                "name": "Shop",
                "addressLine": "Main 1",
                "city": "Berlin",
                "country": "DE",
            },
            headers=admin,
        ).json()
        contact = h.internal.post(
            "/contacts",
            json={"customerId": customer["id"], "name": "Jana", "email": "jana@bakery.example"},
            headers=admin,
        ).json()
        start = h.clock.now().replace(microsecond=0) + timedelta(days=1)
        targets = []
        for n in range(120):
            target = h.internal.post(
                "/targets",
                json={"customerId": customer["id"], "locationId": place["id"], "title": f"W{n}"},
                headers=admin,
            ).json()
            targets.append(target)
            at = start + timedelta(hours=n)
            made = h.internal.post(
                "/appointments",
                json={
                    "targetId": target["id"],
                    "startsAt": at.isoformat(),
                    "endsAt": (at + timedelta(hours=1)).isoformat(),
                },
                headers=admin,
            )
            assert made.status_code == 201, made.text
        for target in targets[:110]:  # published reports with a released file, and follow-ups
            _published_report(h, admin, target["id"])
        h.internal.patch("/tenant/settings", json={"showTechnicianFirstName": True}, headers=admin)
        h.internal.put("/status-labels/planned/de", json={"label": "Eingeplant"}, headers=admin)
        h.internal.post(
            "/portal/invitations",
            json={
                "contactId": contact["id"],
                "grant": {
                    "customerId": customer["id"],
                    "canSubmitRequests": True,
                    "canSeeReports": True,
                },
            },
            headers=admin,
        )
        token = h.portal.post(
            f"/invitations/{h.last_link_token()}/accept",
            json={"password": "Bright-morning-walk-7"},
        ).json()["token"]
        h.portal.cookies.clear()
        auth = {"Authorization": f"Bearer {token}", "Accept-Language": "de"}
        for n in range(110):
            made = h.portal.post(
                "/requests",
                json={
                    "type": "service",
                    "title": f"R{n}",
                    "description": "Please come.",
                    "locationId": place["id"],
                },
                headers=auth,
            )
            assert made.status_code == 201, made.text
        yield h, auth


def _published_report(h: Harness, admin: dict[str, str], target_id: str) -> None:
    report = h.internal.post(
        "/reports",
        json={
            "targetId": target_id,
            "title": "Serviced",
            "followUpRequired": True,
            "followUpDescription": "Seal",
        },
        headers=admin,
    ).json()
    for step, body in (
        ("submit", None),
        ("approve", None),
        ("publish", {"portalTitle": "Done", "portalSummary": "Fine.", "customerMessage": "Hi"}),
    ):
        answer = h.internal.post(f"/reports/{report['id']}/{step}", json=body, headers=admin)
        assert answer.status_code == 200, answer.text
    file = h.internal.post(
        f"/reports/{report['id']}/attachments",
        params={"fileName": "sheet.pdf"},
        content=b"%PDF-1.7\n%%EOF\n",
        headers=admin | {"Content-Type": "application/pdf"},
    ).json()
    assert h.internal.post(f"/attachments/{file['id']}/release", headers=admin).is_success


@pytest.mark.parametrize(
    "path", ["/appointments", "/work", "/requests", "/reports", "/follow-ups", "/timeline"]
)
def test_a_portal_list_costs_the_same_statements_at_any_page_size(
    portal_user: tuple[Harness, dict[str, str]], path: str
) -> None:
    h, headers = portal_user
    h.portal.get(path, headers=headers)  # the session's idle timer is touched on first use
    counts = {}
    for size in (20, 100):
        with counted() as seen:
            answer = h.portal.get(path, params={"limit": size}, headers=headers)
        assert answer.status_code == 200, answer.text
        assert len(answer.json()["items"]) == size
        counts[size] = len(seen)
    assert counts[20] == counts[100], counts
    assert counts[100] <= BUDGET, counts


def test_following_pages_cost_the_same_as_the_first(
    portal_user: tuple[Harness, dict[str, str]],
) -> None:
    h, headers = portal_user
    first = h.portal.get("/appointments", params={"limit": 50}, headers=headers).json()
    with counted() as seen:
        second = h.portal.get(
            "/appointments",
            params={"limit": 50, "cursor": first["nextCursor"]},
            headers=headers,
        )
    with counted() as again:
        h.portal.get("/appointments", params={"limit": 50}, headers=headers)
    assert second.status_code == 200
    assert len(seen) == len(again), (seen, again)
    firsts = {v["id"] for v in first["items"]}
    assert not firsts & {v["id"] for v in second.json()["items"]}
    assert second.json()["items"][0]["status"]["label"] == "Eingeplant"


# Lists on the portal's hot path (adapters/persistence/portal_pages.py): who is asking (with
# the display preferences) and the page, each its own AUTOCOMMIT transaction; BEGIN and
# ROLLBACK count too. On PostgreSQL the page binds its tenant within its own statement.
HOT_LISTS = [
    "/appointments",
    "/work",
    "/requests",
    "/reports",
    "/follow-ups",
    "/timeline",
    "/locations",
]
HOT_BUDGET = 2


@pytest.mark.parametrize("path", HOT_LISTS)
def test_a_hot_portal_list_costs_two_round_trips_at_any_page_size(
    portal_user: tuple[Harness, dict[str, str]], path: str
) -> None:
    h, headers = portal_user
    h.portal.get(path, headers=headers)  # the session's idle timer is touched on first use
    for size in (20, 100):
        with counted() as seen, transactions() as framing:
            answer = h.portal.get(path, params={"limit": size}, headers=headers)
        assert answer.status_code == 200, answer.text
        # The user sees one location; of everything else there is more than a page.
        assert len(answer.json()["items"]) == (1 if path == "/locations" else size)
        assert len(seen) + len(framing) <= HOT_BUDGET, (size, seen, framing)


ME_BUDGET = 2  # who is asking, with grants and customer names; and nothing else (see /me)


def test_me_costs_at_most_two_statements(portal_user: tuple[Harness, dict[str, str]]) -> None:
    h, headers = portal_user
    h.portal.get("/me", headers=headers)  # the session's idle timer is touched on first use
    with counted() as seen, transactions() as framing:
        answer = h.portal.get("/me", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["access"][0]["customerName"] == "Bakery"
    print(f"/me: {len(seen)} statements, framing {framing}")
    assert len(seen) <= ME_BUDGET, seen


@pytest.mark.parametrize("path", HOT_LISTS)
def test_the_statements_of_a_list_are_reported(
    portal_user: tuple[Harness, dict[str, str]], path: str
) -> None:
    """Not a budget of its own (the one above holds): the figures, for the record."""
    h, headers = portal_user
    h.portal.get(path, headers=headers)
    for size in (20, 100):
        with counted() as seen, transactions() as framing:
            answer = h.portal.get(path, params={"limit": size}, headers=headers)
        assert answer.status_code == 200, answer.text
        print(f"{path} @{size}: {len(seen)} statements, framing {framing}")


def test_a_calendar_feed_costs_one_statement_for_whom_and_one_a_page(
    portal_user: tuple[Harness, dict[str, str]],
) -> None:
    """A calendar program's fetch: who the feed is for (feed, user, grants, display, tenant
    name) in one statement, then one per page of 100 visits (120 here: two pages)."""
    h, headers = portal_user
    address = h.portal.post("/me/calendar-feed", headers=headers).json()["url"]
    path = "/calendar/" + address.rsplit("/calendar/", 1)[1]
    with counted() as seen, transactions() as framing:
        answer = h.portal.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.text.count("BEGIN:VEVENT") == 120
    assert len(seen) + len(framing) == 3, (seen, framing)
