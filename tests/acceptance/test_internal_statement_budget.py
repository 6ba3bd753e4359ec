"""Who is asking, on the internal API, costs one statement and no transaction framing: the
access token with its user, or the API key, with the tenant's switches (GET /auth/me reads
nothing more). What ends a credential applies at the very next request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.acceptance.test_portal_statement_budget import counted, transactions
from tests.support.harness import ADMIN_PASSWORD, Harness


@pytest.fixture
def h(shared_harness: Harness, empty_database: str) -> Iterator[Harness]:
    shared_harness.reset()
    yield shared_harness


def _log_in(h: Harness, email: str, password: str) -> dict[str, str]:
    answer = h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": email, "password": password}
    )
    assert answer.status_code == 200, answer.text
    return h.staff(answer.json()["token"])


def _manager(h: Harness, admin: dict[str, str]) -> tuple[str, dict[str, str]]:
    made = h.internal.post(
        "/users",
        json={
            "email": "max@acme.example",
            "displayName": "Max",
            "role": "manager",
            "password": "Managers-pass-12",
        },
        headers=admin,
    )
    assert made.status_code == 201, made.text
    return made.json()["id"], _log_in(h, "max@acme.example", "Managers-pass-12")


def test_me_costs_one_statement_and_no_begin_or_rollback(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:read"]}, headers=admin
    ).json()
    for who, headers in (("token", admin), ("api key", h.staff(key["secret"]))):
        h.internal.get("/auth/me", headers=headers)  # warm: pool and prepared statements
        with counted() as seen, transactions() as framing:
            answer = h.internal.get("/auth/me", headers=headers)
        assert answer.status_code == 200, answer.text
        print(f"/auth/me by {who}: {len(seen)} statements, framing {framing}")
        assert len(seen) == 1, seen
        assert framing == [], framing
    assert h.internal.get("/auth/me", headers=h.staff("unknown")).status_code == 401


def test_a_revoked_token_a_disabled_user_and_a_revoked_key_are_refused_at_once(
    h: Harness,
) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    user_id, manager = _manager(h, admin)
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:read"]}, headers=admin
    ).json()
    integration = h.staff(key["secret"])
    second = _log_in(h, "admin@acme.example", ADMIN_PASSWORD)
    for headers in (manager, integration, second):
        assert h.internal.get("/auth/me", headers=headers).status_code == 200

    assert h.internal.post("/auth/logout", headers=second).status_code == 204
    assert h.internal.get("/auth/me", headers=second).status_code == 401
    assert h.internal.post(f"/users/{user_id}/disable", headers=admin).status_code == 200
    assert h.internal.get("/auth/me", headers=manager).status_code == 401
    assert h.internal.post(f"/api-keys/{key['id']}/revoke", headers=admin).status_code == 200
    assert h.internal.get("/auth/me", headers=integration).status_code == 401
    assert h.internal.get("/auth/me", headers=admin).status_code == 200  # the admin's own


def test_a_switch_turned_applies_to_the_next_request(h: Harness) -> None:
    """The tenant's access switches come with the credential, not from a cache."""
    admin = h.staff(h.open_tenant("acme", "Acme"))
    _, manager = _manager(h, admin)
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=admin
    ).json()
    location = {
        "customerId": customer["id"],
        "name": "Shop",
        "addressLine": "Main 1",
        "city": "Berlin",
        "country": "DE",
    }
    assert h.internal.post("/locations", json=location, headers=manager).status_code == 403
    turned = h.internal.patch(
        "/tenant/access-switches",
        json={"managersEditLocationsAndContacts": "on"},
        headers=admin,
    )
    assert turned.status_code == 200, turned.text
    assert h.internal.post("/locations", json=location, headers=manager).status_code == 201
