"""The demo that `make demo` prints logins for: its portal users see their planned visits
(the bakery's recurring oven maintenance among them), published reports, released files and
follow-ups."""

from __future__ import annotations

import asyncio

from ordinavo.entrypoints.cli.operations import seed_demo
from tests.support.database import wipe
from tests.support.harness import harness


def test_the_demo_portal_users_see_the_visits_at_their_locations(database_url: str) -> None:
    asyncio.run(wipe(database_url))
    with harness(database_url) as h:
        demo = h.internal.blocking_portal.call(seed_demo, h.settings)
        seen = {}
        reports = {}
        for user in demo["portalUsers"]:
            login = h.portal.post(
                "/auth/login",
                json={"tenant": "demo", "email": user["email"], "password": user["password"]},
            )
            assert login.status_code == 200, login.text
            h.portal.cookies.clear()
            answer = h.portal.get(
                "/appointments", headers={"Authorization": f"Bearer {login.json()['token']}"}
            )
            assert answer.status_code == 200, answer.text
            seen[user["email"]] = sorted(v["workTitle"] for v in answer.json()["items"])
            auth = {"Authorization": f"Bearer {login.json()['token']}"}
            listed = h.portal.get("/reports", headers=auth).json()["items"]
            reports[user["email"]] = [
                (r["title"], [f["fileName"] for f in r["files"]]) for r in listed
            ]
            for file in [f for r in listed for f in r["files"]]:
                download = h.portal.get(f"/files/{file['id']}", headers=auth)
                assert download.status_code == 200, download.text
                assert download.content.startswith(b"%PDF-")
            needs = h.portal.get("/follow-ups", headers=auth).json()["items"]
            reports[user["email"]] += [("follow-up", [n["status"]["key"]]) for n in needs]
    assert seen == {
        # The bakery's oven contract: a visit every second Tuesday, the next four planned.
        "jana.becker@sonnenschein.example": ["Maintenance visit"] * 4 + ["Oven maintenance"],
        "priya.shah@northwind.example": ["Heating service", "Lift safety check"],
    }
    # One published report with a released service sheet, and the follow-up it asked for; the
    # bakery's report is still in review, so its contact sees nothing yet.
    assert reports == {
        "jana.becker@sonnenschein.example": [],
        "priya.shah@northwind.example": [
            ("Annual safety check of lift 2", ["Service sheet lift 2.pdf"]),
            ("follow-up", ["follow_up_needed"]),
        ],
    }
