"""The role matrix of PRODUCT.md, as the domain's access module states it."""

from __future__ import annotations

from uuid import uuid4

import pytest

from ordinavo.domain import role_model as model
from ordinavo.domain.access import (
    Action,
    BillingView,
    RecordScope,
    billing_trigger_fields,
    billing_view,
    change_action,
    contact_fields,
    customer_fields,
    customer_scope,
    foreign_references,
    location_fields,
    may,
    merged_references,
    report_fields,
    sees_internal_notes,
    target_fields,
    visible_details,
    visible_reference,
    visible_references,
    writable_customer_fields,
)
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.domain.role_model import Row
from ordinavo.domain.values import ExternalReference

TENANT = uuid4()


def staff(role: Role) -> Actor:
    return Actor.user(user_id=uuid4(), tenant_id=TENANT, role=role)


def key(*scopes: ApiScope) -> Actor:
    return Actor.integration(key_id=uuid4(), tenant_id=TENANT, scopes=frozenset(scopes))


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (staff(Role.TENANT_ADMIN), set(Action)),
        (
            staff(Role.MANAGER),
            {
                Action.READ_CUSTOMER_CORE,
                Action.READ_LOCATIONS,
                Action.READ_ACCESS_MODEL,
                Action.READ_CONTACTS,
                Action.MANAGE_PORTAL_ACCESS,
                Action.READ_PORTAL_ACCESS,
                Action.PREVIEW_PORTAL,
                Action.READ_WORK,
                Action.PLAN_WORK,
                Action.REPORT_VISIT_STATUS,
                Action.WRITE_INTERNAL_NOTES,
                Action.REVIEW_REQUESTS,
                Action.READ_REPORTS,
                Action.APPROVE_REPORTS,
                Action.PUBLISH_TO_PORTAL,
                Action.READ_BILLING_TRIGGERS,
                Action.READ_IMPORTS,
            },
        ),
        (
            staff(Role.DISPATCHER),
            {
                Action.READ_CUSTOMER_CORE,
                Action.READ_LOCATIONS,
                Action.READ_ACCESS_MODEL,
                Action.READ_CONTACTS,
                Action.READ_PORTAL_ACCESS,
                Action.READ_WORK,
                Action.PLAN_WORK,
                Action.REPORT_VISIT_STATUS,
                Action.REVIEW_REQUESTS,
                Action.READ_REPORTS,
                Action.READ_BILLING_TRIGGERS,
                Action.READ_IMPORTS,
            },
        ),
        (
            staff(Role.EMPLOYEE),
            {
                Action.READ_CUSTOMER_CORE,
                Action.READ_LOCATIONS,
                Action.READ_ACCESS_MODEL,
                Action.READ_CONTACTS,
                Action.READ_WORK,
                Action.REPORT_VISIT_STATUS,
                Action.READ_REPORTS,
                Action.WRITE_REPORTS,
            },
        ),
        (key(ApiScope.CORE_READ), {Action.READ_CUSTOMER_CORE, Action.READ_LOCATIONS}),
        (
            key(ApiScope.CORE_WRITE),
            {
                Action.READ_CUSTOMER_CORE,
                Action.WRITE_CUSTOMER_CORE,
                Action.READ_LOCATIONS,
                Action.WRITE_LOCATIONS,
                Action.WRITE_EXTERNAL_REFERENCES,
            },
        ),
        (key(ApiScope.CONTACTS_READ), {Action.READ_CONTACTS}),
        (key(ApiScope.WORK_READ), {Action.READ_WORK}),
        (key(ApiScope.WORK_WRITE), {Action.READ_WORK, Action.PLAN_WORK}),
        (key(ApiScope.CONNECT_READ), {Action.READ_IMPORTS}),
        (key(ApiScope.CONNECT_WRITE), {Action.IMPORT_RECORDS, Action.READ_IMPORTS}),
    ],
)
def test_who_may_do_what(actor: Actor, allowed: set[Action]) -> None:
    assert {action for action in Action if may(actor, action)} == allowed


def test_integration_keys_never_manage_keys_users_or_settings() -> None:
    every_scope = key(*ApiScope)
    for action in (
        Action.MANAGE_API_KEYS,
        Action.MANAGE_USERS,
        Action.MANAGE_TENANT_SETTINGS,
        Action.READ_AUDIT,
        Action.MANAGE_PORTAL_ACCESS,
        Action.PREVIEW_PORTAL,
    ):
        assert not may(every_scope, action)


def test_internal_notes_reach_only_admins_managers_and_dispatchers() -> None:
    assert "internalNotes" in customer_fields(staff(Role.TENANT_ADMIN))
    assert "internalNotes" in customer_fields(staff(Role.MANAGER))
    assert "internalNotes" in customer_fields(staff(Role.DISPATCHER))
    assert "internalNotes" not in customer_fields(staff(Role.EMPLOYEE))
    assert "internalNotes" not in customer_fields(key(*ApiScope))


def test_external_references_never_reach_employees() -> None:
    assert "externalReferences" not in customer_fields(staff(Role.EMPLOYEE))
    assert "externalReferences" in customer_fields(key(ApiScope.CORE_READ))


def test_employees_get_the_execution_context_only() -> None:
    employee = staff(Role.EMPLOYEE)
    assert {"accessNotes", "parkingNotes", "addressLine"} <= location_fields(employee)
    assert "department" not in contact_fields(employee)
    assert customer_fields(employee) == {"id", "name", "status"}


def test_only_tenant_admins_write_internal_notes() -> None:
    assert "internalNotes" in writable_customer_fields(staff(Role.TENANT_ADMIN))
    assert "internalNotes" not in writable_customer_fields(key(ApiScope.CORE_WRITE))
    assert "externalReferences" in writable_customer_fields(key(ApiScope.CORE_WRITE))


def test_employees_see_only_customers_of_assigned_work() -> None:
    assigned = uuid4()
    scope = customer_scope(staff(Role.EMPLOYEE), frozenset({assigned}))
    assert scope.allows(assigned) and not scope.allows(uuid4())
    assert customer_scope(staff(Role.MANAGER), frozenset()).is_everything
    assert not RecordScope.nothing().allows(uuid4())


# --- issue 15, item 2: one rule per row, used by every presenter -----------------------------

ROLES_AND_KEYS = [*(staff(role) for role in Role), *(key(scope) for scope in ApiScope)]


@pytest.mark.parametrize(
    ("actor", "view"),
    [
        (staff(Role.TENANT_ADMIN), BillingView.FULL),
        (staff(Role.MANAGER), BillingView.LIMITED),
        (staff(Role.DISPATCHER), BillingView.LIMITED),
        (staff(Role.EMPLOYEE), BillingView.NONE),
        (key(*ApiScope), BillingView.NONE),  # keys get billing only by a webhook's opt-in
    ],
)
def test_billing_follows_the_billing_trigger_row(actor: Actor, view: BillingView) -> None:
    assert billing_view(actor) is view


@pytest.mark.parametrize("actor", ROLES_AND_KEYS)
def test_work_and_billing_triggers_show_billing_alike(actor: Actor) -> None:
    view = billing_view(actor)
    on_work = target_fields(actor) & {"billingApplies", "billingDetails"}
    on_triggers = billing_trigger_fields(actor)
    assert ("billingDetails" in on_work) is (view is BillingView.FULL)
    assert ("billingDetails" in on_triggers) is (view is BillingView.FULL)
    assert bool(on_work) is (view is not BillingView.NONE)
    # Reading the triggers at all is the same question as "any billing view".
    assert may(actor, Action.READ_BILLING_TRIGGERS) is (view is not BillingView.NONE)
    assert bool(on_triggers) is (view is not BillingView.NONE)


def test_the_limited_view_says_billing_applies_and_when_never_the_text() -> None:
    manager = staff(Role.MANAGER)
    assert "billingApplies" in target_fields(manager)
    assert {"createdAt", "targetId"} <= billing_trigger_fields(manager)
    assert "billingDetails" not in target_fields(manager) | billing_trigger_fields(manager)


def test_a_dispatcher_reads_portal_access_and_changes_none_of_it() -> None:
    dispatcher = staff(Role.DISPATCHER)
    assert may(dispatcher, Action.READ_PORTAL_ACCESS)
    assert not may(dispatcher, Action.MANAGE_PORTAL_ACCESS)
    assert not may(key(*ApiScope), Action.READ_PORTAL_ACCESS)
    assert not may(staff(Role.EMPLOYEE), Action.READ_PORTAL_ACCESS)


@pytest.mark.parametrize("actor", ROLES_AND_KEYS)
def test_internal_notes_show_alike_on_customers_work_and_reports(actor: Actor) -> None:
    sees = sees_internal_notes(actor)
    assert ("internalNotes" in customer_fields(actor)) is sees
    assert ("internalNotes" in target_fields(actor)) is sees
    assert ("internalNotes" in report_fields(actor)) is sees


def test_managers_write_internal_notes_on_customers_dispatchers_do_not() -> None:
    assert "internalNotes" in writable_customer_fields(staff(Role.MANAGER))
    assert "internalNotes" not in writable_customer_fields(staff(Role.DISPATCHER))
    assert "internalNotes" not in writable_customer_fields(key(*ApiScope))


def test_a_notes_only_change_needs_the_notes_right_not_the_records() -> None:
    notes = frozenset({"internalNotes"})
    assert change_action(notes, Action.WRITE_CUSTOMER_CORE) is Action.WRITE_INTERNAL_NOTES
    assert change_action(notes | {"name"}, Action.WRITE_CUSTOMER_CORE) is (
        Action.WRITE_CUSTOMER_CORE
    )
    assert change_action(frozenset({"title"}), Action.WRITE_REPORTS) is Action.WRITE_REPORTS


# --- a key bound to a connected system: its system's external references only --------------

_ERP, _CRM = ExternalReference.of("ERP", "E-1"), ExternalReference.of("crm", "C-1")


def _bound(source: str | None) -> Actor:
    return Actor.integration(
        key_id=uuid4(), tenant_id=TENANT, scopes=frozenset(ApiScope), source_system=source
    )


def test_a_bound_key_sees_only_its_own_systems_references_whatever_the_case() -> None:
    assert visible_references(_bound("erp"), (_ERP, _CRM)) == (_ERP,)
    assert visible_reference(_bound("erp"), _CRM) is None
    assert visible_reference(_bound("erp"), _ERP) == _ERP
    # Unbound keys and staff see every system's.
    assert visible_references(_bound(None), (_ERP, _CRM)) == (_ERP, _CRM)
    admin = Actor.user(user_id=uuid4(), tenant_id=TENANT, role=Role.TENANT_ADMIN)
    assert visible_references(admin, (_ERP, _CRM)) == (_ERP, _CRM)


def test_a_bound_keys_list_of_references_replaces_only_its_own_systems() -> None:
    mine = ExternalReference.of("erp", "E-2")
    assert merged_references(_bound("erp"), (_ERP, _CRM), (mine,)) == (_CRM, mine)
    assert merged_references(_bound("erp"), (_ERP, _CRM), ()) == (_CRM,)
    assert foreign_references(_bound("erp"), (mine, _CRM)) == (_CRM,)
    assert merged_references(_bound(None), (_ERP, _CRM), (mine,)) == (mine,)


def test_a_bound_key_does_not_learn_that_another_system_sent_a_record() -> None:
    details = {"source": "crm", "externalId": "C-1", "importJobId": "j", "status": "open"}
    assert visible_details(_bound("erp"), details) == {"status": "open"}
    assert visible_details(_bound("crm"), details) == details
    assert visible_details(_bound(None), details) == details


def test_the_external_references_row_is_scoped_by_source_for_integrations() -> None:
    integration = model.cell(Row.EXTERNAL_REFERENCES, model.Reader.INTEGRATION)
    assert integration.condition is model.Condition.API_SOURCE_SCOPE
