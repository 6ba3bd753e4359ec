"""The role matrix over HTTP: every internal route, every kind of caller, one object each.

Callers: the tenant admin (A), a manager (M), a dispatcher (D), an employee (E), integration
keys that may read customers (KR), change customers (KW) or read contacts (KC), and the
tenant admin of another tenant (G). Every object belongs to the first tenant and is made
fresh for each call that may change it, so one caller's change never decides another's answer;
the callers of a read (GET) share one fresh object, since reading changes nothing an answer
depends on (and a read that did would show here as a caller's unexpected answer).

Each route names what it needs in the role model's terms (`Needs`); the answer each caller
should get is read from the same table the code enforces (`domain/role_model.py`), with the
first tenant's switches at their defaults and again with every switch turned away from it.
A route of the internal OpenAPI document that is missing here fails the run.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from ordinavo.domain import role_model
from ordinavo.domain.access import Action, may
from ordinavo.domain.identity import Actor, ApiScope, Role
from tests.support.harness import Harness, harness

CALLERS = ("A", "M", "D", "E", "KR", "KW", "KC", "KX", "G")
UPLOAD = object()  # a raw file body instead of JSON
PDF = b"%PDF-1.7\n%%EOF\n"
_n = itertools.count()


def _expect(default: int, **special: int) -> dict[str, int]:
    return {caller: special.get(caller, default) for caller in CALLERS}


@dataclass(frozen=True)
class Needs:
    """What a route needs, in the role model's own terms; the expected answer per caller is
    read from `domain/role_model.py` with the sweep's switches (see `expected`).

    `ok`: the success status. `tenant_object`: the call names a record of the first tenant
    (the other tenant's admin gets 404). `assigned`: an employee who may act still gets 404,
    because none of these fresh records is on work assigned to them."""

    actions: tuple[Action, ...]
    ok: int = 200
    tenant_object: bool = True
    assigned: bool = False


def on_record(
    *actions: Action, ok: int = 200, tenant_object: bool = True, assigned: bool = False
) -> Needs:
    return Needs(actions, ok, tenant_object, assigned)


def on_tenant(*actions: Action, ok: int = 200) -> Needs:
    """A route on the caller's own tenant as a whole (a list, a creation from scratch)."""
    return Needs(actions, ok, tenant_object=False)


ANYONE = on_tenant()
CUSTOMER_READ = on_record(Action.READ_CUSTOMER_CORE, assigned=True)
CUSTOMER_WRITE = on_record(Action.WRITE_CUSTOMER_CORE)
LOCATION_READ = on_record(Action.READ_LOCATIONS, assigned=True)
LOCATION_WRITE = on_record(Action.WRITE_LOCATIONS)
CONTACT_READ = on_record(Action.READ_CONTACTS, assigned=True)
CONTACT_WRITE = on_record(Action.WRITE_CONTACTS)
ADMIN_ONLY_OBJECT = on_record(Action.MANAGE_USERS)
PORTAL_OBJECT = on_record(Action.MANAGE_PORTAL_ACCESS)
WORK_READ = on_record(Action.READ_WORK, assigned=True)
WORK_PLAN = on_record(Action.PLAN_WORK)
REVIEW = on_record(Action.REVIEW_REQUESTS)
REPORT_READ = on_record(Action.READ_REPORTS, assigned=True)
REPORT_WRITE = on_record(Action.WRITE_REPORTS, assigned=True)
REPORT_APPROVE = on_record(Action.APPROVE_REPORTS)
REPORT_PUBLISH = on_record(Action.PUBLISH_TO_PORTAL)
WEBHOOKS = on_record(Action.MANAGE_WEBHOOKS)

# route -> (what it needs, or the expected status per caller where a rule beyond the table
# decides; object kind to make fresh; request body or None)
MATRIX: dict[str, tuple[Needs | dict[str, int], str | None, Any]] = {
    "GET /auth/me": (ANYONE, None, None),
    "GET /tenant/access-model": (on_tenant(Action.READ_ACCESS_MODEL), None, None),
    # Sets a switch to the value the sweep already has: the answer, not a change, is tested.
    "PATCH /tenant/access-switches": (
        on_tenant(Action.MANAGE_TENANT_SETTINGS),
        None,
        "same_switches",
    ),
    "GET /customers": (on_tenant(Action.READ_CUSTOMER_CORE), None, None),
    "POST /customers": (on_tenant(Action.WRITE_CUSTOMER_CORE, ok=201), None, "customer"),
    "GET /customers/{customer_id}": (CUSTOMER_READ, "customer", None),
    "PATCH /customers/{customer_id}": (CUSTOMER_WRITE, "customer", {"name": "Renamed"}),
    "POST /customers/{customer_id}/archive": (CUSTOMER_WRITE, "customer", None),
    # The body confirms with the fresh customer's own number (see `_body`).
    "POST /customers/{customer_id}/delete": (
        on_record(Action.ERASE_PERSONAL_DATA, ok=204),
        "customer",
        lambda made: {"confirmCustomerNumber": made["customerNumber"], "mode": "delete"},
    ),
    "GET /locations": (on_tenant(Action.READ_LOCATIONS), None, None),
    "POST /locations": (on_record(Action.WRITE_LOCATIONS, ok=201), None, "location"),
    "GET /locations/{location_id}": (LOCATION_READ, "location", None),
    "PATCH /locations/{location_id}": (LOCATION_WRITE, "location", {"name": "Renamed"}),
    "POST /locations/{location_id}/archive": (LOCATION_WRITE, "location", None),
    "GET /contacts": (on_tenant(Action.READ_CONTACTS), None, None),
    "POST /contacts": (on_record(Action.WRITE_CONTACTS, ok=201), None, "contact"),
    "GET /contacts/{contact_id}": (CONTACT_READ, "contact", None),
    "PATCH /contacts/{contact_id}": (CONTACT_WRITE, "contact", {"name": "Renamed"}),
    "POST /contacts/{contact_id}/archive": (CONTACT_WRITE, "contact", None),
    # Data subject requests: everything about one person, for tenant admins only.
    "GET /contacts/{contact_id}/export": (on_record(Action.HANDLE_PERSONAL_DATA), "contact", None),
    "POST /contacts/{contact_id}/erase": (
        on_record(Action.ERASE_PERSONAL_DATA, ok=204),
        "contact",
        None,
    ),
    "GET /users": (on_tenant(Action.MANAGE_USERS), None, None),
    "POST /users": (on_tenant(Action.MANAGE_USERS, ok=201), None, "user"),
    "POST /users/{user_id}/disable": (ADMIN_ONLY_OBJECT, "user", None),
    "POST /users/{user_id}/end-sessions": (ADMIN_ONLY_OBJECT, "user", None),
    "POST /users/{user_id}/reset-password": (ADMIN_ONLY_OBJECT, "user", None),
    "GET /api-keys": (on_tenant(Action.MANAGE_API_KEYS), None, None),
    "POST /api-keys": (
        on_tenant(Action.MANAGE_API_KEYS, ok=201),
        None,
        {"name": "K", "scopes": ["core:read"]},
    ),
    "POST /api-keys/{key_id}/revoke": (on_record(Action.MANAGE_API_KEYS), "key", None),
    "GET /audit-entries": (on_tenant(Action.READ_AUDIT), None, None),
    "GET /mail": (on_tenant(Action.READ_MAIL_LOG), None, None),
    "GET /events": (on_tenant(Action.READ_AUDIT), None, None),
    "GET /security-events": (on_tenant(Action.READ_AUDIT), None, None),
    "GET /portal/close-requests": (on_tenant(Action.HANDLE_PERSONAL_DATA), None, None),
    "GET /tenant": (on_tenant(Action.MANAGE_TENANT_SETTINGS), None, None),
    "PATCH /tenant/settings": (
        on_tenant(Action.MANAGE_TENANT_SETTINGS),
        None,
        {"invitationValidDays": 5},
    ),
    "GET /tenant/retention": (on_tenant(Action.MANAGE_TENANT_SETTINGS), None, None),
    "PUT /tenant/retention": (
        on_tenant(Action.MANAGE_TENANT_SETTINGS),
        None,
        {"periods": {"security_events": 60}},
    ),
    # A dispatcher sees what a manager sees and changes no settings (privacy page): it reads
    # who has portal access and who was invited; every change stays with managers and admins.
    "GET /portal/invitations": (on_tenant(Action.READ_PORTAL_ACCESS), None, None),
    "POST /portal/invitations": (
        on_record(Action.MANAGE_PORTAL_ACCESS, ok=201),
        None,
        "invitation",
    ),
    "GET /portal/invitations/{invitation_id}": (
        on_record(Action.READ_PORTAL_ACCESS),
        "invitation",
        None,
    ),
    "POST /portal/invitations/{invitation_id}/resend": (PORTAL_OBJECT, "invitation", None),
    "POST /portal/invitations/{invitation_id}/revoke": (PORTAL_OBJECT, "invitation", None),
    "GET /portal/users": (on_tenant(Action.READ_PORTAL_ACCESS), None, None),
    "GET /portal/users/{user_id}": (on_record(Action.READ_PORTAL_ACCESS), "portal_user", None),
    "POST /portal/users/{user_id}/disable": (PORTAL_OBJECT, "portal_user", None),
    "POST /portal/users/{user_id}/end-sessions": (PORTAL_OBJECT, "portal_user", None),
    "POST /portal/users/{user_id}/enable": (PORTAL_OBJECT, "disabled_portal_user", None),
    "POST /portal/grants": (on_record(Action.MANAGE_PORTAL_ACCESS, ok=201), None, "grant"),
    "PATCH /portal/grants/{grant_id}": (PORTAL_OBJECT, "grant", {"canSeeReports": True}),
    "POST /portal/grants/{grant_id}/revoke": (PORTAL_OBJECT, "grant", None),
    # Partner relations: who may manage portal access records them.
    "POST /contacts/{contact_id}/partners": (
        on_record(Action.MANAGE_PORTAL_ACCESS, ok=201),
        "contact",
        "partner",
    ),
    "GET /contacts/{contact_id}/partners": (PORTAL_OBJECT, "contact", None),
    "DELETE /contacts/{contact_id}/partners/{customer_id}": (
        on_record(Action.MANAGE_PORTAL_ACCESS, ok=204),
        "partnered_contact",
        None,
    ),
    "GET /targets": (on_tenant(Action.READ_WORK), None, None),
    "POST /targets": (on_record(Action.PLAN_WORK, ok=201), None, "target"),
    "GET /targets/{target_id}": (WORK_READ, "target", None),
    "PATCH /targets/{target_id}": (WORK_PLAN, "target", {"title": "Renamed"}),
    "POST /targets/{target_id}/assignment": (WORK_PLAN, "target", {"employeeId": None}),
    "POST /targets/{target_id}/status": (WORK_PLAN, "target", {"status": "on_hold"}),
    "POST /targets/{target_id}/cancel": (WORK_PLAN, "target", None),
    "POST /targets/{target_id}/complete": (WORK_PLAN, "started_target", None),
    "GET /appointments": (on_tenant(Action.READ_WORK), None, None),
    "POST /appointments": (on_record(Action.PLAN_WORK, ok=201), None, "appointment"),
    "GET /appointments/{appointment_id}": (WORK_READ, "appointment", None),
    "PATCH /appointments/{appointment_id}": (WORK_PLAN, "appointment", {"routeStop": 2}),
    "POST /appointments/{appointment_id}/reschedule": (WORK_PLAN, "appointment", "window"),
    "POST /appointments/{appointment_id}/confirm": (WORK_PLAN, "appointment", None),
    "POST /appointments/{appointment_id}/cancel": (WORK_PLAN, "appointment", None),
    # Beyond the table: only the employee assigned to the visit reports its status, and
    # nobody is assigned to these fresh ones (others may not: 403; the employee: 404).
    "POST /appointments/{appointment_id}/field-status": (
        _expect(403, E=404, G=404),
        "appointment",
        {"status": "on_the_way"},
    ),
    "GET /status-labels": (on_tenant(Action.READ_WORK), None, None),
    "PUT /status-labels/{key}/{language}": (
        on_tenant(Action.MANAGE_STATUS_LABELS),
        None,
        {"label": "Booked"},
    ),
    "DELETE /status-labels/{key}/{language}": (
        on_record(Action.MANAGE_STATUS_LABELS, ok=204),
        "label_override",
        None,
    ),
    "GET /requests": (on_tenant(Action.REVIEW_REQUESTS), None, None),
    "GET /requests/{request_id}": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/review": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/accept": (REVIEW, "request_under_review", None),
    "POST /requests/{request_id}/reject": (REVIEW, "portal_request", {"reason": "Not ours."}),
    "POST /requests/{request_id}/convert": (REVIEW, "request_under_review", {}),
    "GET /requests/{request_id}/comments": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/comments": (
        on_record(Action.REVIEW_REQUESTS, ok=201),
        "portal_request",
        {"body": "Hello"},
    ),
    "GET /requests/{request_id}/attachments": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/comments/{comment_id}/files": (
        on_record(Action.REVIEW_REQUESTS, ok=201),
        "staff_reply",
        UPLOAD,
    ),
    # Reports: employees write their own (none of these fresh ones is theirs), managers
    # approve and publish, integrations read none (reports reach them as events).
    "GET /reports": (on_tenant(Action.READ_REPORTS), None, None),
    "POST /reports": (on_record(Action.WRITE_REPORTS, ok=201, assigned=True), None, "report"),
    "GET /reports/{report_id}": (REPORT_READ, "report", None),
    "PATCH /reports/{report_id}": (REPORT_WRITE, "report", {"title": "Renamed"}),
    "DELETE /reports/{report_id}": (on_record(Action.DELETE_RECORDS, ok=204), "report", None),
    "POST /reports/{report_id}/submit": (REPORT_WRITE, "report", None),
    "POST /reports/{report_id}/approve": (REPORT_APPROVE, "submitted_report", None),
    "POST /reports/{report_id}/request-changes": (
        REPORT_APPROVE,
        "submitted_report",
        {"comment": "Add the part numbers."},
    ),
    "POST /reports/{report_id}/publish": (REPORT_PUBLISH, "approved_report", "portal_texts"),
    "POST /reports/{report_id}/unpublish": (REPORT_PUBLISH, "published_report", None),
    "GET /reports/{report_id}/attachments": (REPORT_READ, "report", None),
    "POST /reports/{report_id}/attachments": (
        on_record(Action.WRITE_REPORTS, ok=201, assigned=True),
        "report",
        UPLOAD,
    ),
    "GET /attachments/{attachment_id}/content": (REPORT_READ, "attachment", None),
    "GET /attachments/{attachment_id}/downloads": (REPORT_READ, "attachment", None),
    "POST /attachments/{attachment_id}/release": (REPORT_PUBLISH, "attachment", None),
    "POST /attachments/{attachment_id}/withdraw-release": (REPORT_PUBLISH, "attachment", None),
    "DELETE /attachments/{attachment_id}": (
        on_record(Action.DELETE_RECORDS, ok=204),
        "attachment",
        None,
    ),
    "GET /follow-ups": (on_tenant(Action.READ_WORK), None, None),
    "POST /follow-ups/{follow_up_id}/plan": (
        on_record(Action.PLAN_WORK, ok=201),
        "follow_up",
        {"title": "Replace the seal"},
    ),
    # Billing follows the billing-trigger row (and the dispatcher's switch).
    "GET /billing-triggers": (on_tenant(Action.READ_BILLING_TRIGGERS), None, None),
    # The customer's history needs customer and work reading; keys have only one of them.
    "GET /customers/{customer_id}/timeline": (
        on_record(Action.READ_CUSTOMER_CORE, Action.READ_WORK, assigned=True),
        "customer",
        None,
    ),
    # Webhook settings: tenant admins only.
    "GET /webhooks/event-types": (on_tenant(Action.MANAGE_WEBHOOKS), None, None),
    "GET /webhooks": (on_tenant(Action.MANAGE_WEBHOOKS), None, None),
    "POST /webhooks": (on_tenant(Action.MANAGE_WEBHOOKS, ok=201), None, "webhook_endpoint"),
    "GET /webhooks/{endpoint_id}": (WEBHOOKS, "webhook_endpoint", None),
    "PATCH /webhooks/{endpoint_id}": (
        WEBHOOKS,
        "webhook_endpoint",
        {"description": "Renamed"},
    ),
    "DELETE /webhooks/{endpoint_id}": (
        on_record(Action.MANAGE_WEBHOOKS, ok=204),
        "webhook_endpoint",
        None,
    ),
    "POST /webhooks/{endpoint_id}/disable": (WEBHOOKS, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/enable": (WEBHOOKS, "disabled_webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/rotate-secret": (WEBHOOKS, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/test": (
        on_record(Action.MANAGE_WEBHOOKS, ok=202),
        "webhook_endpoint",
        None,
    ),
    "GET /webhooks/{endpoint_id}/deliveries": (WEBHOOKS, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/deliveries/resend-failed": (
        on_record(Action.MANAGE_WEBHOOKS, ok=202),
        "webhook_endpoint",
        {"from": "2026-01-01T00:00:00Z", "to": "2026-01-30T00:00:00Z"},
    ),
    "GET /webhook-deliveries/{delivery_id}": (WEBHOOKS, "webhook_delivery", None),
    "GET /webhook-deliveries/{delivery_id}/attempts": (WEBHOOKS, "webhook_delivery", None),
    "POST /webhook-deliveries/{delivery_id}/resend": (
        on_record(Action.MANAGE_WEBHOOKS, ok=202),
        "webhook_delivery",
        None,
    ),
    "GET /recurring-plans": (on_tenant(Action.PLAN_WORK), None, None),
    "POST /recurring-plans": (on_record(Action.PLAN_WORK, ok=201), None, "recurring_plan"),
    "GET /recurring-plans/{plan_id}": (WORK_PLAN, "recurring_plan", None),
    "POST /recurring-plans/{plan_id}/rule": (WORK_PLAN, "recurring_plan", "rule_change"),
    "POST /recurring-plans/{plan_id}/pause": (WORK_PLAN, "recurring_plan", None),
    "POST /recurring-plans/{plan_id}/resume": (WORK_PLAN, "paused_recurring_plan", None),
    "POST /recurring-plans/{plan_id}/end": (WORK_PLAN, "recurring_plan", {}),
    "POST /recurring-plans/{plan_id}/skip": (WORK_PLAN, "recurring_plan", "skip"),
    "POST /recurring-plans/{plan_id}/move": (WORK_PLAN, "recurring_plan", "move"),
    # Routes: an employee reads their own (this one is nobody's: 404).
    "GET /routes": (Needs((Action.READ_WORK,), tenant_object=False, assigned=True), None, None),
    "GET /routes/mine": (on_tenant(Action.READ_WORK), None, None),
    "PUT /routes": (on_record(Action.PLAN_WORK), None, "route"),
    # Connect: tenant admins register systems; keys with connect:write send batches naming a
    # system of the first tenant (the other tenant's admin gets 404 for it).
    "GET /connect/sources": (on_tenant(Action.MANAGE_CONNECTED_SYSTEMS), None, None),
    "POST /connect/sources": (
        on_tenant(Action.MANAGE_CONNECTED_SYSTEMS, ok=201),
        None,
        "connected_system",
    ),
    "POST /connect/sources/{source_key}/value-mappings": (
        on_record(Action.MANAGE_CONNECTED_SYSTEMS),
        "connected_system",
        {"field": "target.status", "externalValue": "70", "internalValue": "completed"},
    ),
    "POST /connect/imports": (on_record(Action.IMPORT_RECORDS, ok=202), None, "import_batch"),
    "GET /connect/imports": (on_tenant(Action.READ_IMPORTS), None, None),
    "GET /connect/imports/{job_id}": (on_record(Action.READ_IMPORTS), "import_job", None),
    "GET /connect/imports/{job_id}/results": (
        on_record(Action.READ_IMPORTS),
        "import_job",
        None,
    ),
}
# "View as this customer": tenant admins and managers only. The objects are fresh, so a
# record id in the path is nobody's (404 for those who may preview; refused before for others);
# a fresh user has no data export yet (404).
PREVIEW = on_record(Action.PREVIEW_PORTAL)
PREVIEW_NOT_SHARED = on_record(Action.PREVIEW_PORTAL, ok=404)
for _read in (
    "/me",
    "/me/notifications",
    "/locations",
    "/locations/recurring-visits",
    "/appointments",
    "/work",
    "/requests",
    "/reports",
    "/follow-ups",
    "/timeline",
):
    MATRIX[f"GET /portal/users/{{user_id}}/preview{_read}"] = (PREVIEW, "previewed", None)
    if not _read.startswith("/me"):
        MATRIX[f"GET /contacts/{{contact_id}}/portal-preview{_read}"] = (
            PREVIEW,
            "previewed",
            None,
        )
for _read in (
    "/appointments/{appointment_id}",
    "/requests/{request_id}",
    "/requests/{request_id}/files",
    "/requests/{request_id}/comments",
    "/reports/{report_id}",
):
    MATRIX[f"GET /portal/users/{{user_id}}/preview{_read}"] = (
        PREVIEW_NOT_SHARED,
        "previewed",
        None,
    )
    MATRIX[f"GET /contacts/{{contact_id}}/portal-preview{_read}"] = (
        PREVIEW_NOT_SHARED,
        "previewed",
        None,
    )
MATRIX["GET /portal/users/{user_id}/preview/me/export"] = (PREVIEW_NOT_SHARED, "previewed", None)
# The sweep runs twice: every switch at its default, and every switch turned away from it.
SWITCHED = {
    "managersEditLocationsAndContacts": "on",
    "employeesSeeContactPhone": "off",
    "dispatcherBilling": "none",
}
SWITCH_STATES = {"defaults": {}, "switched": SWITCHED}
ROLES = {"A": Role.TENANT_ADMIN, "M": Role.MANAGER, "D": Role.DISPATCHER, "E": Role.EMPLOYEE}
SCOPES = {
    "KR": ApiScope.CORE_READ,
    "KW": ApiScope.CORE_WRITE,
    "KC": ApiScope.CONTACTS_READ,
    "KX": ApiScope.CONNECT_WRITE,
}


def _actor(caller: str, switches: role_model.AccessSwitches) -> Actor:
    tenant = uuid4()
    if caller == "G":  # the other tenant keeps its defaults
        return Actor.user(user_id=uuid4(), tenant_id=tenant, role=Role.TENANT_ADMIN)
    if caller in ROLES:
        return Actor.user(user_id=uuid4(), tenant_id=tenant, role=ROLES[caller], switches=switches)
    return Actor.integration(
        key_id=uuid4(), tenant_id=tenant, scopes=frozenset({SCOPES[caller]}), switches=switches
    )


def expected(spec: Needs | dict[str, int], state: str) -> dict[str, int]:
    """Each caller's answer, as the role model says: 403 if the table refuses one of the
    actions; 404 if the record is another tenant's or not on the employee's work."""
    if isinstance(spec, dict):
        return spec
    switches = role_model.AccessSwitches.parse(
        {
            name: SWITCH_STATES[state][switch.api_name]
            for name, switch in role_model.SWITCHES.items()
            if switch.api_name in SWITCH_STATES[state]
        }
    )
    answers = {}
    for caller in CALLERS:
        actor = _actor(caller, switches)
        if not all(may(actor, action) for action in spec.actions):
            answers[caller] = 403
        elif (caller == "G" and spec.tenant_object) or (caller == "E" and spec.assigned):
            answers[caller] = 404
        else:
            answers[caller] = spec.ok
    return answers


def _every_switch_setting() -> list[role_model.AccessSwitches]:
    names = list(role_model.SWITCHES)
    return [
        role_model.AccessSwitches.parse(dict(zip(names, values, strict=True)))
        for values in itertools.product(*(role_model.SWITCHES[n].values for n in names))
    ]


def _switch_sensitive(spec: Needs | dict[str, int]) -> bool:
    """Whether any switch setting changes what the table allows any reader for this route.
    Routes that no switch can change are swept once; the others again with the switches
    turned (computed over every setting, so a new switch extends the second sweep)."""
    if isinstance(spec, dict):
        return False
    settings = _every_switch_setting()
    return any(
        len({role_model.permits(reader, action, s, frozenset(role_model.SCOPES)) for s in settings})
        > 1
        for reader in role_model.Reader
        for action in spec.actions
    )


# Routes with more than one path parameter whose object cannot name them all (the object's
# own keys fill the other parameters), and the concrete path each caller asks for.
CONCRETE = {
    "PUT /status-labels/{key}/{language}": "/status-labels/planned/de",
    "DELETE /status-labels/{key}/{language}": "/status-labels/planned/de",
    "GET /routes": "/routes?employeeId=00000000-0000-7000-8000-000000000000&day=2027-01-04",
    "GET /routes/mine": "/routes/mine?day=2027-01-04",
}
# Covered elsewhere, with a reason each: these cannot take part in a shared-caller sweep.
OUTSIDE = {
    "POST /auth/login": "public; the sign-in scenarios and security tests cover it",
    "POST /auth/logout": "ends the caller's own token; the sign-in scenarios cover it",
    "POST /auth/logout-everywhere": "ends the caller's own tokens; the sign-in scenarios cover it",
    "POST /auth/password": "changes the caller's own password; tests/acceptance/"
    "test_staff_passwords.py covers it for every kind of caller",
}


class Objects:
    """Makes fresh objects of the first tenant, as its tenant admin."""

    def __init__(self, h: Harness, admin: dict[str, str], switches: dict[str, str]) -> None:
        self.h, self.admin, self.switches = h, admin, switches

    def same_switches_body(self) -> dict[str, Any]:
        """Sets one switch to the value it already has: nothing changes for later calls."""
        return {"dispatcherBilling": self.switches.get("dispatcherBilling", "limited")}

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.h.internal.post(path, json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        return response.json()

    def customer(self) -> dict[str, Any]:
        return self._post("/customers", self.customer_body())

    def customer_body(self) -> dict[str, Any]:
        return {"name": "Bakery", "customerNumber": f"M-{next(_n)}"}

    def location(self) -> dict[str, Any]:
        return self._post("/locations", self.location_body())

    def location_body(self) -> dict[str, Any]:
        return {
            "customerId": self.customer()["id"],
            "name": "Site",
            "addressLine": "Main 1",
            "city": "Berlin",
            "country": "DE",
        }

    def contact(self) -> dict[str, Any]:
        return self._post("/contacts", self.contact_body())

    def contact_body(self) -> dict[str, Any]:
        return {
            "customerId": self.customer()["id"],
            "name": "Jana",
            "email": f"jana{next(_n)}@bakery.example",
        }

    def user(self) -> dict[str, Any]:
        return self._post("/users", self.user_body())

    def user_body(self) -> dict[str, Any]:
        return {
            "email": f"staff{next(_n)}@acme.example",
            "displayName": "Staff",
            "role": "employee",
        }

    def key(self) -> dict[str, Any]:
        return self._post("/api-keys", {"name": "K", "scopes": ["core:read"]})

    def invitation(self) -> dict[str, Any]:
        return self._post("/portal/invitations", self.invitation_body())

    def invitation_body(self) -> dict[str, Any]:
        contact = self.contact()
        return {"contactId": contact["id"], "grant": {"customerId": contact["customerId"]}}

    def portal_user(self) -> dict[str, Any]:
        invitation = self.invitation()
        return {"id": invitation["portalUserId"], "contact_id": invitation["contactId"]}

    def previewed(self) -> dict[str, Any]:
        """A portal user (invited) and its contact, with record ids that are nobody's."""
        user = self.portal_user()
        nobody = "00000000-0000-7000-8000-00000000abcd"
        return {
            "id": user["id"],
            "user_id": user["id"],
            "contact_id": user["contact_id"],
            "customer_id": self.h.internal.get(
                f"/contacts/{user['contact_id']}", headers=self.admin
            ).json()["customerId"],
            **dict.fromkeys(("appointment_id", "request_id", "report_id"), nobody),
        }

    def disabled_portal_user(self) -> dict[str, Any]:
        user = self.portal_user()
        response = self.h.internal.post(f"/portal/users/{user['id']}/disable", headers=self.admin)
        assert response.status_code == 200
        return user

    def grant(self) -> dict[str, Any]:
        return self._post("/portal/grants", self.grant_body())

    def partner_body(self) -> dict[str, Any]:
        return {"customerId": self.customer()["id"]}

    def partnered_contact(self) -> dict[str, Any]:
        """A contact recorded as a partner of another customer: the contact, and that one."""
        contact = self.contact()
        partner = self._post(f"/contacts/{contact['id']}/partners", self.partner_body())
        return {"id": contact["id"], "customer_id": partner["customerId"]}

    def target(self) -> dict[str, Any]:
        return self._post("/targets", self.target_body())

    def target_body(self) -> dict[str, Any]:
        location = self.location()
        return {"customerId": location["customerId"], "locationId": location["id"], "title": "Fix"}

    def started_target(self) -> dict[str, Any]:
        target = self.target()
        response = self.h.internal.post(
            f"/targets/{target['id']}/status", json={"status": "in_progress"}, headers=self.admin
        )
        assert response.status_code == 200, response.text
        return target

    def appointment(self) -> dict[str, Any]:
        return self._post("/appointments", self.appointment_body())

    def appointment_body(self) -> dict[str, Any]:
        return {"targetId": self.target()["id"], **self.window_body()}

    def window_body(self) -> dict[str, Any]:
        start = self.h.clock.now().replace(microsecond=0) + timedelta(days=2)
        return {
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(hours=2)).isoformat(),
        }

    def portal_request(self) -> dict[str, Any]:
        """A customer's service request, submitted through the portal by a fresh contact."""
        location = self.location()
        contact = self._post(
            "/contacts",
            {
                "customerId": location["customerId"],
                "name": "Jana",
                "email": f"jana{next(_n)}@bakery.example",
            },
        )
        self._post(
            "/portal/invitations",
            {
                "contactId": contact["id"],
                "grant": {"customerId": contact["customerId"], "canSubmitRequests": True},
            },
        )
        self.h.clock.advance(timedelta(minutes=1))  # stay under the per-address accept limit
        accepted = self.h.portal.post(
            f"/invitations/{self.h.last_link_token(to=contact['email'])}/accept",
            json={"password": "Bright-morning-walk-7"},
        )
        assert accepted.status_code == 200, accepted.text
        self.h.portal.cookies.clear()
        submitted = self.h.portal.post(
            "/requests",
            json={
                "type": "service",
                "title": "Oven is cold",
                "description": "Please come.",
                "locationId": location["id"],
            },
            headers={"Authorization": f"Bearer {accepted.json()['token']}"},
        )
        assert submitted.status_code == 201, submitted.text
        return submitted.json()

    def request_under_review(self) -> dict[str, Any]:
        made = self.portal_request()
        response = self.h.internal.post(f"/requests/{made['id']}/review", headers=self.admin)
        assert response.status_code == 200, response.text
        return made

    def staff_reply(self) -> dict[str, Any]:
        """A reply the customer reads, on a fresh request: the request's id, and the reply's."""
        made = self.portal_request()
        reply = self._post(f"/requests/{made['id']}/comments", {"body": "Here is the plan."})
        return {"id": made["id"], "comment_id": reply["id"]}

    def label_override(self) -> dict[str, Any]:
        response = self.h.internal.put(
            "/status-labels/planned/de", json={"label": "Eingeplant"}, headers=self.admin
        )
        assert response.status_code == 200, response.text
        return {}

    def report(self) -> dict[str, Any]:
        return self._post("/reports", self.report_body())

    def report_body(self) -> dict[str, Any]:
        return {
            "targetId": self.target()["id"],
            "title": "Serviced",
            "followUpRequired": True,
            "followUpDescription": "Seal",
        }

    def _report_step(self, report: dict[str, Any], step: str, body: Any = None) -> None:
        response = self.h.internal.post(
            f"/reports/{report['id']}/{step}", json=body, headers=self.admin
        )
        assert response.status_code == 200, response.text

    def submitted_report(self) -> dict[str, Any]:
        report = self.report()
        self._report_step(report, "submit")
        return report

    def approved_report(self) -> dict[str, Any]:
        report = self.submitted_report()
        self._report_step(report, "approve")
        return report

    def published_report(self) -> dict[str, Any]:
        report = self.approved_report()
        self._report_step(report, "publish", self.portal_texts_body())
        return report

    def portal_texts_body(self) -> dict[str, Any]:
        return {"portalTitle": "Done", "portalSummary": "All fine.", "customerMessage": "Thanks"}

    def attachment(self) -> dict[str, Any]:
        response = self.h.internal.post(
            f"/reports/{self.report()['id']}/attachments",
            params={"fileName": "sheet.pdf"},
            content=PDF,
            headers=self.admin | {"Content-Type": "application/pdf"},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def follow_up(self) -> dict[str, Any]:
        report = self.approved_report()
        listed = self.h.internal.get(
            "/follow-ups", params={"customerId": report["customerId"]}, headers=self.admin
        ).json()["items"]
        return next(f for f in listed if f["reportId"] == report["id"])

    def webhook_endpoint(self) -> dict[str, Any]:
        # A tenant may have 50 endpoints; the sweep makes more, so the old ones go first.
        listed = self.h.internal.get("/webhooks", params={"limit": 100}, headers=self.admin)
        for old in listed.json()["items"]:
            self.h.internal.delete(f"/webhooks/{old['id']}", headers=self.admin)
        return self._post("/webhooks", self.webhook_endpoint_body())

    def webhook_endpoint_body(self) -> dict[str, Any]:
        # Nothing listens there: the harness's apps queue no work, so nothing is sent.
        return {"url": "http://127.0.0.1:9/hooks", "eventTypes": ["report.published"]}

    def disabled_webhook_endpoint(self) -> dict[str, Any]:
        endpoint = self.webhook_endpoint()
        response = self.h.internal.post(f"/webhooks/{endpoint['id']}/disable", headers=self.admin)
        assert response.status_code == 200, response.text
        return endpoint

    def webhook_delivery(self) -> dict[str, Any]:
        endpoint = self.webhook_endpoint()
        response = self.h.internal.post(f"/webhooks/{endpoint['id']}/test", headers=self.admin)
        assert response.status_code == 202, response.text
        return response.json()

    def recurring_plan(self) -> dict[str, Any]:
        return self._post("/recurring-plans", self.recurring_plan_body())

    def _tomorrow(self) -> str:
        return (self.h.clock.now().date() + timedelta(days=1)).isoformat()

    def recurring_plan_body(self) -> dict[str, Any]:
        """Daily from tomorrow, one week ahead: tomorrow's visit exists at once."""
        return {
            "locationId": self.location()["id"],
            "title": "Oven maintenance",
            "rule": "FREQ=DAILY",
            "startsOn": self._tomorrow(),
            "windowStart": "09:00",
            "windowEnd": "11:00",
            "horizonWeeks": 1,
        }

    def paused_recurring_plan(self) -> dict[str, Any]:
        plan = self.recurring_plan()
        response = self.h.internal.post(f"/recurring-plans/{plan['id']}/pause", headers=self.admin)
        assert response.status_code == 200, response.text
        return plan

    def rule_change_body(self) -> dict[str, Any]:
        return {"rule": "FREQ=WEEKLY;BYDAY=MO", "from": self._tomorrow()}

    def skip_body(self) -> dict[str, Any]:
        return {"day": self._tomorrow()}

    def move_body(self) -> dict[str, Any]:
        return {"day": self._tomorrow(), **self.window_body()}

    def route_body(self) -> dict[str, Any]:
        return {"employeeId": self.user()["id"], "day": self._tomorrow(), "stops": []}

    def connected_system(self) -> dict[str, Any]:
        """The first tenant's `erp`, registered once and named again."""
        listed = self.h.internal.get("/connect/sources", headers=self.admin).json()["items"]
        erp = next((s for s in listed if s["key"] == "erp"), None)
        erp = erp or self._post("/connect/sources", {"key": "erp", "name": "ERP"})
        return {"id": erp["id"], "source_key": erp["key"]}

    def connected_system_body(self) -> dict[str, Any]:
        return {"key": f"system-{next(_n)}", "name": "Another system"}

    def import_batch_body(self) -> dict[str, Any]:
        return {
            "source": self.connected_system()["source_key"],
            "customers": [{"externalId": f"C-{next(_n)}", "name": "Bakery"}],
        }

    def import_job(self) -> dict[str, Any]:
        response = self.h.internal.post(
            "/connect/imports", json=self.import_batch_body(), headers=self.admin
        )
        assert response.status_code == 202, response.text
        return response.json()

    def grant_body(self) -> dict[str, Any]:
        """A second grant, on another customer the user's contact is a recorded partner of."""
        user = self.portal_user()
        partner = self._post(f"/contacts/{user['contact_id']}/partners", self.partner_body())
        return {"portalUserId": user["id"], "customerId": partner["customerId"]}


@pytest.fixture(scope="module")
def sweep(database_url: str, request: pytest.FixtureRequest) -> Any:
    import asyncio

    from tests.support.database import wipe

    asyncio.run(wipe(database_url))
    with harness(database_url) as h:
        admin = h.staff(h.open_tenant("acme", "Acme"))
        callers: dict[str, dict[str, str]] = {
            "A": admin,
            "G": h.staff(h.open_tenant("globex", "Globex")),
        }
        for caller, role in (("M", "manager"), ("D", "dispatcher"), ("E", "employee")):
            email = f"{caller.lower()}@acme.example"
            h.internal.post(
                "/users",
                json={
                    "email": email,
                    "displayName": caller,
                    "role": role,
                    "password": "Matrix-password-1",
                },
                headers=admin,
            )
            token = h.internal.post(
                "/auth/login",
                json={"tenant": "acme", "email": email, "password": "Matrix-password-1"},
            ).json()["token"]
            callers[caller] = h.staff(token)
        for caller, scope in SCOPES.items():
            secret = h.internal.post(
                "/api-keys", json={"name": caller, "scopes": [scope.value]}, headers=admin
            ).json()["secret"]
            callers[caller] = h.staff(secret)
        state = request.param
        if SWITCH_STATES[state]:
            turned = h.internal.patch(
                "/tenant/access-switches", json=SWITCH_STATES[state], headers=admin
            )
            assert turned.status_code == 200, turned.text
        yield h, callers, Objects(h, admin, SWITCH_STATES[state]), state


def _body(objects: Objects, spec: Any, made: dict[str, Any]) -> Any:
    if isinstance(spec, str):  # a creation: a fresh, valid body for that kind
        return getattr(objects, f"{spec}_body")()
    if callable(spec):  # a body that names the object made for the call
        return spec(made)
    return spec


@pytest.mark.parametrize("sweep", ["defaults"], indirect=True)
def test_every_internal_route_is_in_the_matrix(sweep: Any) -> None:
    h, _, _, _ = sweep
    paths = h.internal.get("/schema/openapi.json").json()["paths"]
    routes = {
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete") and path not in ("/health", "/ready")
    }
    assert routes - set(MATRIX) - set(OUTSIDE) == set(), "add the new route to the matrix"
    assert set(MATRIX) - routes == set(), "the matrix names a route that no longer exists"


CASES = [(route, "defaults") for route in sorted(MATRIX)] + [
    (route, "switched") for route in sorted(MATRIX) if _switch_sensitive(MATRIX[route][0])
]


def test_the_switched_sweep_covers_what_the_switches_change() -> None:
    switched = {route for route, state in CASES if state == "switched"}
    assert {"PATCH /contacts/{contact_id}", "POST /locations", "GET /billing-triggers"} <= switched
    assert "GET /webhooks" not in switched


# One test function per sweep: a parametrization that pairs each route with its sweep makes
# pytest build the module's sweep again for every switched route.
@pytest.mark.parametrize("sweep", ["defaults"], indirect=True)
@pytest.mark.parametrize("route", [route for route, state in CASES if state == "defaults"])
def test_each_caller_gets_what_the_role_matrix_says(sweep: Any, route: str) -> None:
    _sweep_one_route(sweep, route)


@pytest.mark.parametrize("sweep", ["switched"], indirect=True)
@pytest.mark.parametrize("route", [route for route, state in CASES if state == "switched"])
def test_each_caller_gets_what_the_role_matrix_says_with_the_switches_turned(
    sweep: Any, route: str
) -> None:
    _sweep_one_route(sweep, route)


def _sweep_one_route(sweep: Any, route: str) -> None:
    h, callers, objects, state = sweep
    needs, kind, spec = MATRIX[route]
    method, path = route.split(" ", 1)
    answers: dict[str, int] = {}
    shared: dict[str, Any] | None = None  # a read's one object, made for its first caller
    for caller in CALLERS:
        concrete = path
        made: dict[str, Any] = {}
        if kind is not None:
            made = shared if shared is not None else getattr(objects, kind)()
            if method == "GET":
                shared = made
            if route not in CONCRETE:
                first, *others = re.findall(r"{(\w+)}", path)
                concrete = path.replace("{" + first + "}", made.get(first, made["id"]))
                for name in others:
                    concrete = concrete.replace("{" + name + "}", made[name])
                if "/portal-preview" in path:  # the proposed grant: the contact's customer
                    concrete += f"?grantCustomerId={made['customer_id']}"
        concrete = CONCRETE.get(route, concrete)
        send: Callable[..., Any] = getattr(h.internal, method.lower())
        kwargs: dict[str, Any] = {"headers": callers[caller]}
        if spec is UPLOAD:
            kwargs["headers"] = callers[caller] | {"Content-Type": "application/pdf"}
            kwargs.update(content=PDF, params={"fileName": "sheet.pdf"})
        elif (body := _body(objects, spec, made)) is not None:
            kwargs["json"] = body
        answers[caller] = send(concrete, **kwargs).status_code
    assert answers == expected(needs, state)
