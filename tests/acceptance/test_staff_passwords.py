"""Staff passwords: changing one's own, a tenant admin's reset, and the operator's reset."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ordinavo.application.use_cases.identity.reset_user_password import (
    ResetStaffPasswordAsOperator,
)
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container
from tests.support.harness import ADMIN_PASSWORD, Harness

NEW = "Another-long-phrase-8"


@pytest.fixture
def h(shared_harness: Harness, empty_database: str) -> Iterator[Harness]:
    shared_harness.reset()
    yield shared_harness


def _login(h: Harness, email: str, password: str) -> int:
    return h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": email, "password": password}
    ).status_code


def _staff(h: Harness, admin: dict[str, str], role: str) -> tuple[dict, str]:
    made = h.internal.post(
        "/users",
        json={"email": f"{role}@acme.example", "displayName": f"A {role}", "role": role},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    return made.json(), made.json()["initialPassword"]


def test_a_staff_user_changes_their_password_and_their_other_tokens_end(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    user, password = _staff(h, admin, "dispatcher")
    first = h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": user["email"], "password": password}
    ).json()["token"]
    second = h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": user["email"], "password": password}
    ).json()["token"]
    wrong = h.internal.post(
        "/auth/password",
        json={"currentPassword": "not it", "newPassword": NEW},
        headers=h.staff(first),
    )
    assert wrong.status_code == 422, wrong.text
    assert _login(h, user["email"], password) == 200  # nothing changed
    changed = h.internal.post(
        "/auth/password",
        json={"currentPassword": password, "newPassword": NEW},
        headers=h.staff(first),
    )
    assert changed.status_code == 204, changed.text
    assert h.internal.get("/auth/me", headers=h.staff(first)).status_code == 200
    assert h.internal.get("/auth/me", headers=h.staff(second)).status_code == 401
    assert _login(h, user["email"], password) == 401
    assert _login(h, user["email"], NEW) == 200


def test_an_api_key_has_no_password_to_change(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:read"]}, headers=admin
    ).json()["secret"]
    answer = h.internal.post(
        "/auth/password",
        json={"currentPassword": "x", "newPassword": NEW},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status_code == 403


def test_a_tenant_admin_resets_a_staff_password_and_ends_their_sessions(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    user, password = _staff(h, admin, "manager")
    token = h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": user["email"], "password": password}
    ).json()["token"]
    reset = h.internal.post(f"/users/{user['id']}/reset-password", headers=admin)
    assert reset.status_code == 200, reset.text
    given = reset.json()["initialPassword"]
    assert given != password
    assert h.internal.get("/auth/me", headers=h.staff(token)).status_code == 401
    assert _login(h, user["email"], password) == 401
    assert _login(h, user["email"], given) == 200
    actions = [e["action"] for e in h.internal.get("/audit-entries", headers=admin).json()["items"]]
    assert "user.password_reset" in actions
    manager = h.staff(
        h.internal.post(
            "/auth/login", json={"tenant": "acme", "email": user["email"], "password": given}
        ).json()["token"]
    )
    assert (
        h.internal.post(f"/users/{user['id']}/reset-password", headers=manager).status_code == 403
    )


def test_the_operator_resets_a_locked_out_admin(h: Harness) -> None:
    h.open_tenant("acme", "Acme")
    settings, providers = h.settings, h.providers

    async def reset() -> str:
        container = make_container(settings, ActorFromContextProvider(), *providers)
        try:
            async with container() as scope:
                done = await (await scope.get(ResetStaffPasswordAsOperator))(
                    "acme", "admin@acme.example"
                )
                return done.password
        finally:
            await container.close()

    password = h.internal.blocking_portal.call(reset)
    assert _login(h, "admin@acme.example", ADMIN_PASSWORD) == 401
    assert _login(h, "admin@acme.example", password) == 200
