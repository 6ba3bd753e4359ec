"""Staff previews of the portal ("view as this customer") answer what the portal answers.

Every portal GET a signed-in user can call has a twin on the internal app (or is left out in
portal_api/reads.py NOT_PREVIEWED, with its reason), and for the same user both answer the
same bytes. Previews are audited, refused to roles that may not preview, and open no session.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from ordinavo.entrypoints.internal_api.portal_preview import NEEDS_ACCOUNT
from ordinavo.entrypoints.portal_api.reads import NOT_PREVIEWED
from tests.acceptance.test_portal_security import (
    _accept,
    _bearer,
    _invite,
    _published_report_at,
    _seed,
    _visit_at,
)
from tests.support.database import owner_connection
from tests.support.harness import harness

USER = "/portal/users/{user_id}/preview"
CONTACT = "/contacts/{contact_id}/portal-preview"
CANARY = "CANARY-internal"
STAFF_PASSWORD = "Preview-password-1"


def _gets(document: dict[str, Any]) -> set[str]:
    """The document's GET paths, without the probes every app has."""
    paths = document["paths"].items()
    return {path for path, item in paths if "get" in item} - {"/health", "/ready"}


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[dict[str, Any]]:
    """Jana, a portal user with a request (and a staff answer and an internal note on it), a
    visit, a published report with a released file and a follow-up; internal notes on the
    customer. Staff of every role; Lena, a contact of the same customer, not yet invited."""
    import asyncio

    from tests.support.database import wipe

    asyncio.run(wipe(database_url))
    with harness(database_url) as h:
        seed = _seed(h)
        auth = seed["auth"]
        customer, (north, south) = seed["customer"], seed["locations"]
        assert h.internal.patch(
            f"/customers/{customer['id']}", json={"internalNotes": CANARY}, headers=auth
        ).is_success
        invitation = _invite(h, seed)
        token = _accept(h, h.last_link_token()).json()["token"]
        h.portal.cookies.clear()
        jana = _bearer(token)
        asked = h.portal.post(
            "/requests",
            json={
                "type": "service",
                "title": "Oven is cold",
                "description": "Please come.",
                "locationId": north["id"],
            },
            headers=jana,
        ).json()
        for body, internal in (("Tuesday works.", False), (CANARY, True)):
            said = h.internal.post(
                f"/requests/{asked['id']}/comments",
                json={"body": body, "internal": internal},
                headers=auth,
            )
            assert said.status_code == 201, said.text
        visit = _visit_at(h, seed, north, "Seal check")
        report, _ = _published_report_at(h, seed, south, "Serviced")
        target = h.internal.post(
            "/targets",
            json={"customerId": customer["id"], "locationId": north["id"], "title": "Pump"},
            headers=auth,
        ).json()
        made = h.internal.post(
            "/reports",
            json={
                "targetId": target["id"],
                "title": "Pump",
                "followUpRequired": True,
                "followUpDescription": "Replace the seal",
            },
            headers=auth,
        ).json()
        for step, body in (
            ("submit", None),
            ("approve", None),
            ("publish", {"portalTitle": "Pump", "portalSummary": "Ok", "customerMessage": "Hi"}),
        ):
            assert h.internal.post(f"/reports/{made['id']}/{step}", json=body, headers=auth)
        assert h.portal.post("/me/export", headers=jana).status_code == 202
        staff = {"A": auth}
        for caller, role in (("M", "manager"), ("D", "dispatcher"), ("E", "employee")):
            email = f"{role}@acme.example"
            h.internal.post(
                "/users",
                json={
                    "email": email,
                    "displayName": role,
                    "role": role,
                    "password": STAFF_PASSWORD,
                },
                headers=auth,
            )
            signed_in = h.internal.post(
                "/auth/login",
                json={"tenant": "acme", "email": email, "password": STAFF_PASSWORD},
            )
            staff[caller] = h.staff(signed_in.json()["token"])
        staff["K"] = h.staff(
            h.internal.post(
                "/api-keys", json={"name": "K", "scopes": ["core:read"]}, headers=auth
            ).json()["secret"]
        )
        staff["G"] = h.staff(h.open_tenant("globex", "Globex"))
        lena = h.internal.post(
            "/contacts",
            json={"customerId": customer["id"], "name": "Lena", "email": "lena@acme.example"},
            headers=auth,
        ).json()
        yield {
            "h": h,
            "url": database_url,
            "staff": staff,
            "jana": jana,
            "jana_id": invitation["portalUserId"],
            "lena": lena,
            "customer": customer,
            "locations": (north, south),
            "ids": {
                "appointment_id": visit["id"],
                "request_id": asked["id"],
                "report_id": report["id"],
            },
        }


def _concrete(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path)


def _audited(world: dict[str, Any], action: str, object_id: str) -> int:
    answer = world["h"].internal.get(
        "/audit-entries",
        params={"action": action, "objectId": object_id, "limit": 100},
        headers=world["staff"]["A"],
    )
    assert answer.status_code == 200, answer.text
    return len(answer.json()["items"])


def _count(world: dict[str, Any], table: str) -> int:
    async def read() -> int:
        async with owner_connection(world["url"]) as connection:
            return (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()

    return world["h"].portal.blocking_portal.call(read)


def test_every_portal_read_has_its_preview_twins(world: dict[str, Any]) -> None:
    h = world["h"]
    portal = _gets(h.portal.get("/schema/openapi.json").json())
    internal = _gets(h.internal.get("/schema/openapi.json").json())
    assert set(NOT_PREVIEWED) <= portal, "NOT_PREVIEWED names a route the portal no longer has"
    previewed = portal - set(NOT_PREVIEWED)
    assert {p.removeprefix(USER) for p in internal if p.startswith(USER)} == previewed
    assert {p.removeprefix(CONTACT) for p in internal if p.startswith(CONTACT)} == (
        previewed - set(NEEDS_ACCOUNT)
    )


def test_a_preview_answers_the_same_bytes_as_the_portal(world: dict[str, Any]) -> None:
    h, ids = world["h"], world["ids"]
    portal = _gets(h.portal.get("/schema/openapi.json").json()) - set(NOT_PREVIEWED)
    prefix = USER.replace("{user_id}", world["jana_id"])
    for caller in ("A", "M"):
        for path in sorted(portal):
            concrete = _concrete(path, ids)
            mine = h.portal.get(concrete, headers=world["jana"])
            seen = h.internal.get(prefix + concrete, headers=world["staff"][caller])
            assert mine.status_code == 200, (path, mine.text)
            assert (seen.status_code, seen.content) == (200, mine.content), path
            assert CANARY not in seen.text
    # The data is there: the comparison is not one of empty lists.
    comments = h.internal.get(
        f"{prefix}/requests/{ids['request_id']}/comments", headers=world["staff"]["M"]
    ).json()["items"]
    assert [c["body"] for c in comments] == ["Tuesday works."]
    reports = h.internal.get(f"{prefix}/reports", headers=world["staff"]["M"]).json()["items"]
    assert {f["fileName"] for r in reports for f in r["files"]} == {"Serviced.pdf"}
    assert h.internal.get(f"{prefix}/follow-ups", headers=world["staff"]["M"]).json()["items"]


def test_each_view_is_audited_and_opens_no_session(world: dict[str, Any]) -> None:
    h, jana_id = world["h"], world["jana_id"]
    before = _audited(world, "portal_user.previewed", jana_id)
    sessions = _count(world, "portal_sessions")
    for path in ("/me", "/requests", "/timeline"):
        answer = h.internal.get(
            USER.replace("{user_id}", jana_id) + path, headers=world["staff"]["M"]
        )
        assert answer.status_code == 200, answer.text
        assert "set-cookie" not in answer.headers
    assert _audited(world, "portal_user.previewed", jana_id) == before + 3
    assert _count(world, "portal_sessions") == sessions


@pytest.mark.parametrize(("caller", "status"), [("D", 403), ("E", 403), ("K", 403), ("G", 404)])
def test_only_tenant_admins_and_managers_preview(
    world: dict[str, Any], caller: str, status: int
) -> None:
    h, jana_id = world["h"], world["jana_id"]
    before = _audited(world, "portal_user.previewed", jana_id)
    for path in (
        USER.replace("{user_id}", jana_id) + "/requests",
        CONTACT.replace("{contact_id}", world["lena"]["id"])
        + f"/locations?grantCustomerId={world['customer']['id']}",
    ):
        answer = h.internal.get(path, headers=world["staff"][caller])
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert _audited(world, "portal_user.previewed", jana_id) == before


def test_unknown_and_disabled_users_are_refused(world: dict[str, Any]) -> None:
    h, auth = world["h"], world["staff"]["A"]
    unknown = h.internal.get(
        USER.replace("{user_id}", "00000000-0000-7000-8000-000000000001") + "/me", headers=auth
    )
    assert unknown.status_code == 404, unknown.text
    contact = h.internal.post(
        "/contacts",
        json={"customerId": world["customer"]["id"], "name": "Ida", "email": "ida@acme.example"},
        headers=auth,
    ).json()
    invited = h.internal.post(
        "/portal/invitations",
        json={"contactId": contact["id"], "grant": {"customerId": world["customer"]["id"]}},
        headers=auth,
    ).json()
    user_id = invited["portalUserId"]
    assert h.internal.post(f"/portal/users/{user_id}/disable", headers=auth).status_code == 200
    disabled = h.internal.get(USER.replace("{user_id}", user_id) + "/me", headers=auth)
    assert disabled.status_code == 409, disabled.text
    assert "disabled" in disabled.json()["detail"]
    assert _audited(world, "portal_user.previewed", user_id) == 0


def test_a_proposed_grant_shows_what_the_invitation_would_and_writes_nothing(
    world: dict[str, Any],
) -> None:
    h, auth, lena = world["h"], world["staff"]["M"], world["lena"]
    _, south = world["locations"]
    customer_id = world["customer"]["id"]
    base = CONTACT.replace("{contact_id}", lena["id"])
    written = {t: _count(world, t) for t in ("portal_users", "portal_grants", "portal_invitations")}

    only_south = h.internal.get(
        f"{base}/locations",
        params={"grantCustomerId": customer_id, "grantLocationId": south["id"]},
        headers=auth,
    )
    assert only_south.status_code == 200, only_south.text
    assert [x["id"] for x in only_south.json()["items"]] == [south["id"]]
    no_reports = h.internal.get(
        f"{base}/reports", params={"grantCustomerId": customer_id}, headers=auth
    )
    assert no_reports.json()["items"] == []  # the proposed grant does not show reports
    assert _audited(world, "contact.portal_previewed", lena["id"]) == 2
    assert {t: _count(world, t) for t in written} == written

    # Invited with that grant, Lena sees on the portal exactly what the preview showed.
    grant = {"customerId": customer_id, "canSeeReports": True}
    query = {"grantCustomerId": customer_id, "grantCanSeeReports": "true"}
    portal = _gets(h.portal.get("/schema/openapi.json").json())
    previews = {
        path: h.internal.get(base + _concrete(path, world["ids"]), params=query, headers=auth)
        for path in portal - set(NOT_PREVIEWED) - set(NEEDS_ACCOUNT)
    }
    answer = h.internal.post(
        "/portal/invitations",
        json={"contactId": lena["id"], "grant": grant},
        headers=world["staff"]["A"],
    )
    assert answer.status_code == 201, answer.text
    h.clock.advance(timedelta(minutes=1))
    token = _accept(h, h.last_link_token(to=lena["email"])).json()["token"]
    h.portal.cookies.clear()
    for path, seen in previews.items():
        mine = h.portal.get(_concrete(path, world["ids"]), headers=_bearer(token))
        assert (seen.status_code, seen.content) == (mine.status_code, mine.content), path
        assert seen.status_code == 200, (path, seen.text)


def test_a_proposed_grant_on_another_customer_is_refused(world: dict[str, Any]) -> None:
    h, auth = world["h"], world["staff"]["A"]
    other = h.internal.post(
        "/customers", json={"name": "Other", "customerNumber": "C-9"}, headers=auth
    ).json()
    answer = h.internal.get(
        CONTACT.replace("{contact_id}", world["lena"]["id"]) + "/locations",
        params={"grantCustomerId": other["id"]},
        headers=auth,
    )
    assert answer.status_code == 422, answer.text
    missing = h.internal.get(
        CONTACT.replace("{contact_id}", world["lena"]["id"]) + "/locations", headers=auth
    )
    assert missing.status_code == 400, missing.text


@pytest.mark.parametrize("path", ["/timeline", "/requests", "/locations"])
def test_each_mount_of_a_read_takes_its_own_query_parameters(
    world: dict[str, Any], path: str
) -> None:
    """The same handler answers on the portal and in both previews; only the contact preview
    takes the proposed grant, and the others refuse it instead of ignoring it."""
    h, auth = world["h"], world["staff"]["M"]
    grant = {"grantCustomerId": world["customer"]["id"]}
    contact = h.internal.get(
        CONTACT.replace("{contact_id}", world["lena"]["id"]) + path, params=grant, headers=auth
    )
    assert contact.status_code == 200, contact.text
    user = h.internal.get(
        USER.replace("{user_id}", world["jana_id"]) + path, params=grant, headers=auth
    )
    portal = h.portal.get(path, params=grant, headers=world["jana"])
    for refused in (user, portal):
        assert refused.status_code == 400, refused.text
        assert "'grantCustomerId'" in refused.json()["detail"]
