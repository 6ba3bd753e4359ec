"""The role model as data: its documented form, and the bounds tenant switches keep."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from uuid import uuid4

import pytest

from ordinavo.domain import access
from ordinavo.domain import role_model as model
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.identity import Actor, ApiScope, Role

ROOT = Path(__file__).resolve().parents[2]


def _every_switch_setting() -> list[model.AccessSwitches]:
    names = list(model.SWITCHES)
    return [
        model.AccessSwitches.parse(dict(zip(names, values, strict=True)))
        for values in itertools.product(*(model.SWITCHES[n].values for n in names))
    ]


def test_docs_roles_md_is_printed_from_the_code() -> None:
    spec = importlib.util.spec_from_file_location("role_matrix", ROOT / "scripts/role_matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs/roles.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/roles.md is out of date: run `make roles`."


@pytest.mark.parametrize("switches", _every_switch_setting())
@pytest.mark.parametrize("reader", [model.Reader.EMPLOYEE, model.Reader.INTEGRATION])
def test_no_switch_gives_an_employee_or_a_key_more_than_the_matrix(
    switches: model.AccessSwitches, reader: model.Reader
) -> None:
    for row, spec in model.ROWS.items():
        for record in spec.full:
            assert model.readable(row, reader, record, switches) <= model.readable(
                row, reader, record
            )
            assert model.writable(row, reader, record, switches) <= model.writable(
                row, reader, record
            )
        for action in model.Action:
            scopes = frozenset(model.SCOPES)
            if model.permits(reader, action, switches, scopes):
                assert model.permits(reader, action, scopes=scopes), action


@pytest.mark.parametrize("switches", _every_switch_setting())
def test_no_switch_widens_a_role_past_the_tenant_admin(switches: model.AccessSwitches) -> None:
    for row, spec in model.ROWS.items():
        for reader in model.Reader:
            for record in spec.full:
                assert model.readable(row, reader, record, switches) <= model.readable(
                    row, model.Reader.TENANT_ADMIN, record
                )


def _staff(role: Role, **switches: str) -> Actor:
    return Actor.user(
        user_id=uuid4(),
        tenant_id=uuid4(),
        role=role,
        switches=model.AccessSwitches.parse(switches),
    )


def test_managers_change_locations_and_contacts_only_when_the_tenant_lets_them() -> None:
    for action in (access.Action.WRITE_LOCATIONS, access.Action.WRITE_CONTACTS):
        assert not access.may(_staff(Role.MANAGER), action)
        assert access.may(_staff(Role.MANAGER, managers_edit_locations_and_contacts="on"), action)
        # The switch is the manager's: a dispatcher still changes nothing.
        on = _staff(Role.DISPATCHER, managers_edit_locations_and_contacts="on")
        assert not access.may(on, action)
    # Customers themselves stay with tenant admins.
    switched = _staff(Role.MANAGER, managers_edit_locations_and_contacts="on")
    assert not access.may(switched, access.Action.WRITE_CUSTOMER_CORE)


def test_employees_lose_the_contacts_phone_numbers_when_switched_off() -> None:
    assert {"phone", "mobile"} <= access.contact_fields(_staff(Role.EMPLOYEE))
    off = access.contact_fields(_staff(Role.EMPLOYEE, employees_see_contact_phone="off"))
    assert not {"phone", "mobile"} & off
    assert {"name", "email"} <= off
    # Other roles keep the numbers whatever the switch says.
    manager = _staff(Role.MANAGER, employees_see_contact_phone="off")
    assert {"phone", "mobile"} <= access.contact_fields(manager)


def test_dispatchers_see_no_billing_when_switched_to_none() -> None:
    none = _staff(Role.DISPATCHER, dispatcher_billing="none")
    assert access.billing_view(none) is access.BillingView.NONE
    assert not access.may(none, access.Action.READ_BILLING_TRIGGERS)
    assert not {"billingApplies", "billingDetails"} & access.target_fields(none)
    limited = _staff(Role.DISPATCHER)
    assert access.billing_view(limited) is access.BillingView.LIMITED
    assert "billingApplies" in access.target_fields(limited)
    # Managers keep their limited view.
    manager = _staff(Role.MANAGER, dispatcher_billing="none")
    assert access.billing_view(manager) is access.BillingView.LIMITED


def test_a_switch_that_does_not_exist_or_a_value_it_does_not_take_is_refused() -> None:
    with pytest.raises(InvalidValue, match="There is no switch 'managers_see_everything'"):
        model.AccessSwitches.parse({"managers_see_everything": "on"})
    with pytest.raises(InvalidValue, match="dispatcher_billing takes one of: limited, none"):
        model.AccessSwitches.parse({"dispatcher_billing": "full"})


def test_a_key_reads_a_row_only_within_its_scopes() -> None:
    key = Actor.integration(
        key_id=uuid4(), tenant_id=uuid4(), scopes=frozenset({ApiScope.CORE_READ})
    )
    assert access.may(key, access.Action.READ_LOCATIONS)
    assert not access.may(key, access.Action.READ_CONTACTS)
    assert not access.may(key, access.Action.WRITE_LOCATIONS)


def test_webhook_payloads_never_carry_what_the_integration_column_never_gets() -> None:
    from ordinavo.domain.webhooks import PayloadOptions, Subject, never_sent, payload_fields

    everything = PayloadOptions(include_contact_details=True, include_billing_details=True)
    for subject in Subject:
        sent = payload_fields(subject, everything)
        assert not sent & never_sent(subject), subject
    assert "internalNotes" in never_sent(Subject.WORK)
    assert {"routingScore", "planningNotes"} <= never_sent(Subject.APPOINTMENT)
    # The billing row's "optional webhook": only an endpoint that opted in gets the details.
    assert "billingDetails" in payload_fields(Subject.WORK, everything)
    assert "billingDetails" not in payload_fields(Subject.WORK, PayloadOptions())
