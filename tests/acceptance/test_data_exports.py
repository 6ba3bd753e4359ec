"""Personal-data exports over HTTP: a portal user's own copy, and staff's export of a contact.

The scenarios in features/portal/my_data.feature tell the story; these check the edges: whose
copy is whose, the worker's path, the expiry, and what the staff export holds and refuses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from ordinavo.application.use_cases.exports.start_my_data_export import StartMyDataExport
from tests.support.harness import Harness

PASSWORD = "Sunny-terrace-42"


@pytest.fixture
def h(fresh_harness: Harness) -> Harness:
    return fresh_harness


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _seed(h: Harness) -> dict[str, Any]:
    """Tenant acme: a customer with one location, and two contacts there signed in to the
    portal with whole-customer grants (Jana and her colleague Lena)."""
    auth = h.staff(h.open_tenant("acme", "Acme"))
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=auth
    ).json()
    location = h.internal.post(
        "/locations",
        json={
            "customerId": customer["id"],
            "name": "North",
            "addressLine": "Main 1",
            "city": "Berlin",
            "country": "DE",
        },
        headers=auth,
    ).json()
    seed: dict[str, Any] = {"auth": auth, "customer": customer, "location": location}
    for name in ("jana", "lena"):
        contact = h.internal.post(
            "/contacts",
            json={
                "customerId": customer["id"],
                "locationId": location["id"],
                "name": name.title(),
                "email": f"{name}@acme.example",
            },
            headers=auth,
        ).json()
        invited = h.internal.post(
            "/portal/invitations",
            json={
                "contactId": contact["id"],
                "grant": {"customerId": customer["id"], "canSubmitRequests": True},
            },
            headers=auth,
        )
        assert invited.status_code == 201, invited.text
        accepted = h.portal.post(
            f"/invitations/{h.last_link_token()}/accept", json={"password": PASSWORD}
        )
        assert accepted.status_code == 200, accepted.text
        h.portal.cookies.clear()
        seed[name] = {
            "contact": contact,
            "user_id": invited.json()["portalUserId"],
            "headers": _bearer(accepted.json()["token"]),
        }
    return seed


def _ask(h: Harness, seed: dict[str, Any], who: str, title: str) -> dict[str, Any]:
    response = h.portal.post(
        "/requests",
        json={
            "type": "service",
            "title": title,
            "description": f"{title}, please.",
            "locationId": seed["location"]["id"],
        },
        headers=seed[who]["headers"],
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_copy_is_only_ever_its_owners(h: Harness) -> None:
    seed = _seed(h)
    _ask(h, seed, "jana", "Oven is cold")
    started = h.portal.post("/me/export", headers=seed["jana"]["headers"])
    assert started.status_code == 202, started.text
    assert started.json()["state"] == "ready"
    mine = h.portal.get("/me/export/download", headers=seed["jana"]["headers"])
    assert mine.status_code == 200
    assert "Oven is cold" in mine.text
    assert mine.headers["content-type"].startswith("application/json")
    assert mine.headers["content-disposition"].startswith("attachment;")
    # The colleague has no copy; nothing in the path or query names one to take instead.
    for path in ("/me/export", "/me/export/download", "/me/export/download?id=x"):
        response = h.portal.get(path, headers=seed["lena"]["headers"])
        assert response.status_code in (400, 404), (path, response.text)
        assert "Oven is cold" not in response.text
    # Without a session: nothing at all.
    assert h.portal.get("/me/export/download").status_code == 401
    assert h.portal.post("/me/export").status_code == 401


def test_a_colleagues_request_stays_out_of_the_copy(h: Harness) -> None:
    seed = _seed(h)
    _ask(h, seed, "jana", "Oven is cold")
    theirs = _ask(h, seed, "lena", "Door sticks")
    # Jana sees the colleague's request in the portal (same location) ...
    listed = h.portal.get("/requests", headers=seed["jana"]["headers"]).json()["items"]
    assert theirs["id"] in [r["id"] for r in listed]
    # ... but it is not her data.
    h.portal.post("/me/export", headers=seed["jana"]["headers"])
    document = h.portal.get("/me/export/download", headers=seed["jana"]["headers"])
    assert "Door sticks" not in document.text
    assert theirs["id"] not in document.text
    assert seed["lena"]["contact"]["email"] not in document.text
    assert [r["request"]["title"] for r in document.json()["requests"]] == ["Oven is cold"]


def test_internal_comments_stay_out_and_answers_come_in(h: Harness) -> None:
    seed = _seed(h)
    request = _ask(h, seed, "jana", "Oven is cold")
    for body, internal in (("Tuesday works.", False), ("CANARY-internal-note", True)):
        response = h.internal.post(
            f"/requests/{request['id']}/comments",
            json={"body": body, "internal": internal},
            headers=seed["auth"],
        )
        assert response.status_code == 201, response.text
    h.portal.post("/me/export", headers=seed["jana"]["headers"])
    document = h.portal.get("/me/export/download", headers=seed["jana"]["headers"])
    assert "CANARY-internal-note" not in document.text
    [entry] = document.json()["requests"]
    assert [(c["by"], c["body"]) for c in entry["conversation"]] == [("staff", "Tuesday works.")]


def test_a_large_account_waits_for_the_worker(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = _seed(h)
    _ask(h, seed, "jana", "Oven is cold")
    monkeypatch.setattr(StartMyDataExport, "built_at_once_up_to", 0)
    started = h.portal.post("/me/export", headers=seed["jana"]["headers"])
    assert started.status_code == 202, started.text
    assert started.json()["state"] == "pending"
    assert h.portal.get("/me/export", headers=seed["jana"]["headers"]).json()["state"] == "pending"
    early = h.portal.get("/me/export/download", headers=seed["jana"]["headers"])
    assert early.status_code == 409, early.text
    # Asking again while it is made answers the same export.
    again = h.portal.post("/me/export", headers=seed["jana"]["headers"])
    assert again.json()["requestedAt"] == started.json()["requestedAt"]
    h.run_worker()
    state = h.portal.get("/me/export", headers=seed["jana"]["headers"]).json()
    assert state["state"] == "ready", state
    document = h.portal.get("/me/export/download", headers=seed["jana"]["headers"])
    assert document.status_code == 200
    assert "Oven is cold" in document.text


def test_past_a_day_the_copy_is_gone(h: Harness) -> None:
    seed = _seed(h)
    h.portal.post("/me/export", headers=seed["jana"]["headers"])
    h.clock.advance(timedelta(hours=23, minutes=50))
    # Signed in again (the session timed out), the copy is still there until its hour.
    login = h.portal.post(
        "/auth/login",
        json={"tenant": "acme", "email": "jana@acme.example", "password": PASSWORD},
    )
    h.portal.cookies.clear()
    headers = _bearer(login.json()["token"])
    assert h.portal.get("/me/export/download", headers=headers).status_code == 200
    h.clock.advance(timedelta(minutes=11))
    h.run_worker()  # the sweep drops the document
    state = h.portal.get("/me/export", headers=headers).json()
    assert state["state"] == "expired"
    gone = h.portal.get("/me/export/download", headers=headers)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/problem+json"
    assert "expired" in gone.json()["detail"]


def test_staff_export_everything_about_a_contact_to_tenant_admins_only(h: Harness) -> None:
    seed = _seed(h)
    request = _ask(h, seed, "jana", "Oven is cold")
    h.portal.post(
        f"/requests/{request['id']}/comments",
        json={"body": "Is Tuesday possible?"},
        headers=seed["jana"]["headers"],
    )
    _ask(h, seed, "lena", "Door sticks")
    h.portal.post("/me/close-request", headers=seed["jana"]["headers"])
    response = h.internal.get(
        f"/contacts/{seed['jana']['contact']['id']}/export", headers=seed["auth"]
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    document = response.json()
    assert document["contact"]["id"] == seed["jana"]["contact"]["id"]
    assert document["portalUser"]["id"] == seed["jana"]["user_id"]
    assert len(document["grants"]) == 1
    assert len(document["invitations"]) == 1
    assert document["sessions"]
    assert [r["title"] for r in document["requests"]] == ["Oven is cold"]
    assert [c["body"] for c in document["comments"]] == ["Is Tuesday possible?"]
    kinds = {e["kind"] for e in document["securityEvents"]}
    assert {"invitation.issued", "invitation.accepted", "account_close.requested"} <= kinds
    assert any(e["objectId"] == seed["jana"]["user_id"] for e in document["auditEntries"])
    assert {m["recipient"] for m in document["mail"]} == {"jana@acme.example"}
    assert "Door sticks" not in response.text
    # The export itself is audited.
    audit = h.internal.get(
        "/audit-entries", params={"action": "contact.data_exported"}, headers=seed["auth"]
    )
    assert audit.status_code == 200, audit.text
    assert len(audit.json()["items"]) == 1
    # Who may ask is the authorization matrix's business; an unknown contact is not found.
    unknown = h.internal.get(
        "/contacts/00000000-0000-7000-8000-000000000000/export", headers=seed["auth"]
    )
    assert unknown.status_code == 404, unknown.text


def test_the_close_request_reaches_the_tenant_admin(h: Harness) -> None:
    seed = _seed(h)
    asked = h.portal.post("/me/close-request", headers=seed["jana"]["headers"])
    assert asked.status_code == 202, asked.text
    listed = h.internal.get("/portal/close-requests", headers=seed["auth"])
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert item["portalUserId"] == seed["jana"]["user_id"]
    assert item["email"] == "jana@acme.example"
    assert item["status"] == "active"
    # Acting on it is the existing disable; the list then shows the account disabled.
    disabled = h.internal.post(
        f"/portal/users/{seed['jana']['user_id']}/disable", headers=seed["auth"]
    )
    assert disabled.status_code == 200, disabled.text
    [item] = h.internal.get("/portal/close-requests", headers=seed["auth"]).json()["items"]
    assert item["status"] == "disabled"
    audit = h.internal.get(
        "/audit-entries", params={"action": "portal_user.close_requested"}, headers=seed["auth"]
    )
    assert [e["objectId"] for e in audit.json()["items"]] == [seed["jana"]["user_id"]]
