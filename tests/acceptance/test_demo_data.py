"""The demo that `make demo` prints logins for: its portal users see their planned visits."""

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
    assert seen == {
        "jana.becker@sonnenschein.example": ["Oven maintenance"],
        "priya.shah@northwind.example": ["Heating service", "Lift safety check"],
    }
