"""The access model over the API: each tenant's effective table, and the switches that adjust it.

Bad input changes nothing; every change leaves an audit entry naming the old and new values.
"""

from __future__ import annotations

from typing import Any

import pytest

from ordinavo.domain import role_model
from tests.support.harness import Harness


@pytest.fixture
def acme(fresh_harness: Harness) -> tuple[Harness, dict[str, str]]:
    h = fresh_harness
    return h, h.staff(h.open_tenant("acme", "Acme"))


def _model(h: Harness, headers: dict[str, str]) -> dict[str, Any]:
    answer = h.internal.get("/tenant/access-model", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _cell(model: dict[str, Any], row: str, reader: str) -> dict[str, Any]:
    found = next(r for r in model["rows"] if r["row"] == row)
    return next(c for c in found["cells"] if c["reader"] == reader)


def test_the_answer_is_the_table_in_code(acme: tuple[Harness, dict[str, str]]) -> None:
    h, admin = acme
    model = _model(h, admin)
    assert [r["row"] for r in model["rows"]] == [row.value for row in role_model.ROWS]
    billing = _cell(model, "billing trigger details", "manager")
    assert billing["read"] == "limited" and billing["write"] is False
    assert billing["fields"] == {
        "work": ["billingApplies"],
        "billing trigger": sorted(
            role_model.ROWS[role_model.Row.BILLING_TRIGGER_DETAILS].limited[
                role_model.Record.BILLING_TRIGGER
            ]
        ),
    }
    employee_contacts = _cell(model, "contact details", "employee")
    assert employee_contacts["condition"] == "only records of work assigned to them"
    assert "phone" in employee_contacts["fields"]["contact"]
    assert {s["name"]: s["value"] for s in model["switches"]} == {
        "managersEditLocationsAndContacts": "off",
        "employeesSeeContactPhone": "on",
        "dispatcherBilling": "limited",
    }


def test_a_switch_changes_the_effective_table_and_is_audited(
    acme: tuple[Harness, dict[str, str]],
) -> None:
    h, admin = acme
    changed = h.internal.patch(
        "/tenant/access-switches",
        json={"employeesSeeContactPhone": "off", "dispatcherBilling": "none"},
        headers=admin,
    )
    assert changed.status_code == 200, changed.text
    assert "phone" not in _cell(changed.json(), "contact details", "employee")["fields"]["contact"]
    assert _cell(_model(h, admin), "billing trigger details", "dispatcher")["read"] == "none"
    entries = h.internal.get(
        "/audit-entries", params={"action": "tenant.access_switches_changed"}, headers=admin
    ).json()["items"]
    assert len(entries) == 1
    # Setting a switch to the value it has changes nothing and records nothing.
    again = h.internal.patch(
        "/tenant/access-switches", json={"dispatcherBilling": "none"}, headers=admin
    )
    assert again.status_code == 200
    entries = h.internal.get(
        "/audit-entries", params={"action": "tenant.access_switches_changed"}, headers=admin
    ).json()["items"]
    assert len(entries) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"managersSeeEverything": "on"},  # no such switch
        {"dispatcherBilling": "full"},  # more than the product allows a dispatcher
        {"employeesSeeContactPhone": True},  # not one of the switch's words
        {"managersEditLocationsAndContacts": "on", "dispatcherBilling": "all"},
    ],
)
def test_bad_switches_are_refused_and_change_nothing(
    acme: tuple[Harness, dict[str, str]], body: dict[str, Any]
) -> None:
    h, admin = acme
    before = _model(h, admin)
    refused = h.internal.patch("/tenant/access-switches", json=body, headers=admin)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["invalidParams"]
    assert _model(h, admin) == before


def test_every_staff_role_reads_the_model_and_only_tenant_admins_change_it(
    acme: tuple[Harness, dict[str, str]],
) -> None:
    h, admin = acme
    for role in ("manager", "dispatcher", "employee"):
        email = f"{role}@acme.example"
        h.internal.post(
            "/users",
            json={"email": email, "displayName": role, "role": role, "password": "Model-pass-12"},
            headers=admin,
        )
        token = h.internal.post(
            "/auth/login", json={"tenant": "acme", "email": email, "password": "Model-pass-12"}
        ).json()["token"]
        staff = h.staff(token)
        assert h.internal.get("/tenant/access-model", headers=staff).status_code == 200
        refused = h.internal.patch(
            "/tenant/access-switches",
            json={"managersEditLocationsAndContacts": "on"},
            headers=staff,
        )
        assert refused.status_code == 403
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:write"]}, headers=admin
    ).json()["secret"]
    assert h.internal.get("/tenant/access-model", headers=h.staff(key)).status_code == 403
    assert _cell(_model(h, admin), "location and address", "manager")["write"] is False
