"""The role matrix over HTTP: every internal route, every kind of caller, one object each.

Callers: the tenant admin (A), a manager (M), a dispatcher (D), an employee (E), integration
keys that may read customers (KR), change customers (KW) or read contacts (KC), and the
tenant admin of another tenant (G). Every object belongs to the first tenant and is made
fresh for each call, so one caller's change never decides another's answer.

A route of the internal OpenAPI document that is missing here fails the run.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.support.harness import Harness, harness

CALLERS = ("A", "M", "D", "E", "KR", "KW", "KC", "G")
UPLOAD = object()  # a raw file body instead of JSON
PDF = b"%PDF-1.7\n%%EOF\n"
_n = itertools.count()


def _expect(default: int, **special: int) -> dict[str, int]:
    return {caller: special.get(caller, default) for caller in CALLERS}


READ = _expect(200, E=404, KC=403, G=404)  # one customer-core record
WRITE = _expect(403, A=200, KW=200, G=404)
CONTACT_READ = _expect(200, E=404, KR=403, KW=403, G=404)
CONTACT_WRITE = _expect(403, A=200, G=404)
ADMIN_ONLY = _expect(403, A=200, G=200)  # each admin in their own tenant
ADMIN_ONLY_OBJECT = _expect(403, A=200, G=404)
PORTAL_OBJECT = _expect(403, A=200, M=200, G=404)
# A dispatcher sees what a manager sees and changes no settings (privacy page): it reads who
# has portal access and who was invited, and every change of it stays with managers and tenant
# admins.
PORTAL_USER_LIST = _expect(403, A=200, M=200, D=200, G=200)
PORTAL_USER_READ = _expect(403, A=200, M=200, D=200, G=404)
NO_KEYS = {"KR": 403, "KW": 403, "KC": 403}
WORK_LIST = _expect(200, **NO_KEYS)
WORK_READ = _expect(200, E=404, G=404, **NO_KEYS)  # an employee sees only assigned work
WORK_PLAN = _expect(403, A=200, M=200, D=200, G=404)
REVIEW = _expect(403, A=200, M=200, D=200, G=404)  # managers, dispatchers, tenant admins
# Reports: employees write their own (none of these fresh ones is theirs), managers approve
# and publish, tenant admins do everything, integrations nothing (reports reach them as events).
REPORT_WRITE = _expect(403, A=200, E=404, G=404)
REPORT_REVIEW = _expect(403, A=200, M=200, G=404)

# route -> (expected status per caller, object kind to make fresh, request body or None)
MATRIX: dict[str, tuple[dict[str, int], str | None, Any]] = {
    "GET /auth/me": (_expect(200), None, None),
    "GET /customers": (_expect(200, KC=403), None, None),
    "POST /customers": (_expect(403, A=201, KW=201, G=201), None, "customer"),
    "GET /customers/{customer_id}": (READ, "customer", None),
    "PATCH /customers/{customer_id}": (WRITE, "customer", {"name": "Renamed"}),
    "POST /customers/{customer_id}/archive": (WRITE, "customer", None),
    # The body confirms with the fresh customer's own number (see `_body`).
    "POST /customers/{customer_id}/delete": (
        _expect(403, A=204, G=404),
        "customer",
        lambda made: {"confirmCustomerNumber": made["customerNumber"], "mode": "delete"},
    ),
    "GET /locations": (_expect(200, KC=403), None, None),
    "POST /locations": (_expect(403, A=201, KW=201, G=404), None, "location"),
    "GET /locations/{location_id}": (READ, "location", None),
    "PATCH /locations/{location_id}": (WRITE, "location", {"name": "Renamed"}),
    "POST /locations/{location_id}/archive": (WRITE, "location", None),
    "GET /contacts": (_expect(200, KR=403, KW=403), None, None),
    "POST /contacts": (_expect(403, A=201, G=404), None, "contact"),
    "GET /contacts/{contact_id}": (CONTACT_READ, "contact", None),
    "PATCH /contacts/{contact_id}": (CONTACT_WRITE, "contact", {"name": "Renamed"}),
    "POST /contacts/{contact_id}/archive": (CONTACT_WRITE, "contact", None),
    # Data subject requests: everything about one person, for tenant admins only.
    "GET /contacts/{contact_id}/export": (ADMIN_ONLY_OBJECT, "contact", None),
    "POST /contacts/{contact_id}/erase": (_expect(403, A=204, G=404), "contact", None),
    "GET /users": (ADMIN_ONLY, None, None),
    "POST /users": (_expect(403, A=201, G=201), None, "user"),
    "POST /users/{user_id}/disable": (ADMIN_ONLY_OBJECT, "user", None),
    "POST /users/{user_id}/end-sessions": (ADMIN_ONLY_OBJECT, "user", None),
    "POST /users/{user_id}/reset-password": (ADMIN_ONLY_OBJECT, "user", None),
    "GET /api-keys": (ADMIN_ONLY, None, None),
    "POST /api-keys": (_expect(403, A=201, G=201), None, {"name": "K", "scopes": ["core:read"]}),
    "POST /api-keys/{key_id}/revoke": (ADMIN_ONLY_OBJECT, "key", None),
    "GET /audit-entries": (ADMIN_ONLY, None, None),
    "GET /mail": (ADMIN_ONLY, None, None),
    "GET /events": (ADMIN_ONLY, None, None),
    "GET /security-events": (ADMIN_ONLY, None, None),
    "GET /portal/close-requests": (ADMIN_ONLY, None, None),
    "GET /tenant": (ADMIN_ONLY, None, None),
    "PATCH /tenant/settings": (ADMIN_ONLY, None, {"invitationValidDays": 5}),
    "GET /tenant/retention": (ADMIN_ONLY, None, None),
    "PUT /tenant/retention": (ADMIN_ONLY, None, {"periods": {"security_events": 60}}),
    "GET /portal/invitations": (PORTAL_USER_LIST, None, None),
    "POST /portal/invitations": (_expect(403, A=201, M=201, G=404), None, "invitation"),
    "GET /portal/invitations/{invitation_id}": (PORTAL_USER_READ, "invitation", None),
    "POST /portal/invitations/{invitation_id}/resend": (PORTAL_OBJECT, "invitation", None),
    "POST /portal/invitations/{invitation_id}/revoke": (PORTAL_OBJECT, "invitation", None),
    "GET /portal/users": (PORTAL_USER_LIST, None, None),
    "GET /portal/users/{user_id}": (PORTAL_USER_READ, "portal_user", None),
    "POST /portal/users/{user_id}/disable": (PORTAL_OBJECT, "portal_user", None),
    "POST /portal/users/{user_id}/end-sessions": (PORTAL_OBJECT, "portal_user", None),
    "POST /portal/users/{user_id}/enable": (PORTAL_OBJECT, "disabled_portal_user", None),
    "POST /portal/grants": (_expect(403, A=201, M=201, G=404), None, "grant"),
    "PATCH /portal/grants/{grant_id}": (PORTAL_OBJECT, "grant", {"canSeeReports": True}),
    "POST /portal/grants/{grant_id}/revoke": (PORTAL_OBJECT, "grant", None),
    # Partner relations: who may manage portal access records them (another tenant: 404).
    "POST /contacts/{contact_id}/partners": (
        _expect(403, A=201, M=201, G=404),
        "contact",
        "partner",
    ),
    "GET /contacts/{contact_id}/partners": (PORTAL_OBJECT, "contact", None),
    "DELETE /contacts/{contact_id}/partners/{customer_id}": (
        _expect(403, A=204, M=204, G=404),
        "partnered_contact",
        None,
    ),
    "GET /targets": (WORK_LIST, None, None),
    "POST /targets": (_expect(403, A=201, M=201, D=201, G=404), None, "target"),
    "GET /targets/{target_id}": (WORK_READ, "target", None),
    "PATCH /targets/{target_id}": (WORK_PLAN, "target", {"title": "Renamed"}),
    "POST /targets/{target_id}/assignment": (WORK_PLAN, "target", {"employeeId": None}),
    "POST /targets/{target_id}/status": (WORK_PLAN, "target", {"status": "on_hold"}),
    "POST /targets/{target_id}/cancel": (WORK_PLAN, "target", None),
    "POST /targets/{target_id}/complete": (WORK_PLAN, "started_target", None),
    "GET /appointments": (WORK_LIST, None, None),
    "POST /appointments": (_expect(403, A=201, M=201, D=201, G=404), None, "appointment"),
    "GET /appointments/{appointment_id}": (WORK_READ, "appointment", None),
    "PATCH /appointments/{appointment_id}": (WORK_PLAN, "appointment", {"routeStop": 2}),
    "POST /appointments/{appointment_id}/reschedule": (WORK_PLAN, "appointment", "window"),
    "POST /appointments/{appointment_id}/confirm": (WORK_PLAN, "appointment", None),
    "POST /appointments/{appointment_id}/cancel": (WORK_PLAN, "appointment", None),
    # Only the assigned employee reports; nobody here is assigned to these fresh appointments.
    "POST /appointments/{appointment_id}/field-status": (
        _expect(403, E=404, G=404),
        "appointment",
        {"status": "on_the_way"},
    ),
    "GET /status-labels": (WORK_LIST, None, None),
    "PUT /status-labels/{key}/{language}": (ADMIN_ONLY, None, {"label": "Booked"}),
    "DELETE /status-labels/{key}/{language}": (
        _expect(403, A=204, G=404),
        "label_override",
        None,
    ),
    "GET /requests": (_expect(403, A=200, M=200, D=200, G=200), None, None),
    "GET /requests/{request_id}": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/review": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/accept": (REVIEW, "request_under_review", None),
    "POST /requests/{request_id}/reject": (REVIEW, "portal_request", {"reason": "Not ours."}),
    "POST /requests/{request_id}/convert": (REVIEW, "request_under_review", {}),
    "GET /requests/{request_id}/comments": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/comments": (
        _expect(403, A=201, M=201, D=201, G=404),
        "portal_request",
        {"body": "Hello"},
    ),
    "GET /requests/{request_id}/attachments": (REVIEW, "portal_request", None),
    "POST /requests/{request_id}/comments/{comment_id}/files": (
        _expect(403, A=201, M=201, D=201, G=404),
        "staff_reply",
        UPLOAD,
    ),
    "GET /reports": (WORK_LIST, None, None),
    "POST /reports": (_expect(403, A=201, E=404, G=404), None, "report"),
    "GET /reports/{report_id}": (WORK_READ, "report", None),
    "PATCH /reports/{report_id}": (REPORT_WRITE, "report", {"title": "Renamed"}),
    "DELETE /reports/{report_id}": (_expect(403, A=204, G=404), "report", None),
    "POST /reports/{report_id}/submit": (REPORT_WRITE, "report", None),
    "POST /reports/{report_id}/approve": (REPORT_REVIEW, "submitted_report", None),
    "POST /reports/{report_id}/request-changes": (
        REPORT_REVIEW,
        "submitted_report",
        {"comment": "Add the part numbers."},
    ),
    "POST /reports/{report_id}/publish": (REPORT_REVIEW, "approved_report", "portal_texts"),
    "POST /reports/{report_id}/unpublish": (REPORT_REVIEW, "published_report", None),
    "GET /reports/{report_id}/attachments": (WORK_READ, "report", None),
    "POST /reports/{report_id}/attachments": (
        _expect(403, A=201, E=404, G=404),
        "report",
        UPLOAD,
    ),
    "GET /attachments/{attachment_id}/content": (WORK_READ, "attachment", None),
    "GET /attachments/{attachment_id}/downloads": (WORK_READ, "attachment", None),
    "POST /attachments/{attachment_id}/release": (REPORT_REVIEW, "attachment", None),
    "POST /attachments/{attachment_id}/withdraw-release": (REPORT_REVIEW, "attachment", None),
    "DELETE /attachments/{attachment_id}": (_expect(403, A=204, G=404), "attachment", None),
    "GET /follow-ups": (WORK_LIST, None, None),
    "POST /follow-ups/{follow_up_id}/plan": (
        _expect(403, A=201, M=201, D=201, G=404),
        "follow_up",
        {"title": "Replace the seal"},
    ),
    # Billing follows the billing-trigger row: dispatchers get the managers' limited view
    # (that billing was triggered, and when), not a refusal; employees and keys get nothing.
    "GET /billing-triggers": (_expect(403, A=200, M=200, D=200, G=200), None, None),
    # The customer's history needs customer and work reading; keys have only one of them.
    "GET /customers/{customer_id}/timeline": (
        _expect(200, E=404, KR=403, KW=403, KC=403, G=404),
        "customer",
        None,
    ),
    # Webhook settings: tenant admins only; every other role and every key gets 403.
    "GET /webhooks/event-types": (ADMIN_ONLY, None, None),
    "GET /webhooks": (ADMIN_ONLY, None, None),
    "POST /webhooks": (_expect(403, A=201, G=201), None, "webhook_endpoint"),
    "GET /webhooks/{endpoint_id}": (ADMIN_ONLY_OBJECT, "webhook_endpoint", None),
    "PATCH /webhooks/{endpoint_id}": (
        ADMIN_ONLY_OBJECT,
        "webhook_endpoint",
        {"description": "Renamed"},
    ),
    "DELETE /webhooks/{endpoint_id}": (_expect(403, A=204, G=404), "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/disable": (ADMIN_ONLY_OBJECT, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/enable": (
        ADMIN_ONLY_OBJECT,
        "disabled_webhook_endpoint",
        None,
    ),
    "POST /webhooks/{endpoint_id}/rotate-secret": (ADMIN_ONLY_OBJECT, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/test": (_expect(403, A=202, G=404), "webhook_endpoint", None),
    "GET /webhooks/{endpoint_id}/deliveries": (ADMIN_ONLY_OBJECT, "webhook_endpoint", None),
    "POST /webhooks/{endpoint_id}/deliveries/resend-failed": (
        _expect(403, A=202, G=404),
        "webhook_endpoint",
        {"from": "2026-01-01T00:00:00Z", "to": "2026-01-30T00:00:00Z"},
    ),
    "GET /webhook-deliveries/{delivery_id}": (ADMIN_ONLY_OBJECT, "webhook_delivery", None),
    "GET /webhook-deliveries/{delivery_id}/attempts": (
        ADMIN_ONLY_OBJECT,
        "webhook_delivery",
        None,
    ),
    "POST /webhook-deliveries/{delivery_id}/resend": (
        _expect(403, A=202, G=404),
        "webhook_delivery",
        None,
    ),
    "GET /recurring-plans": (_expect(403, A=200, M=200, D=200, G=200), None, None),
    "POST /recurring-plans": (_expect(403, A=201, M=201, D=201, G=404), None, "recurring_plan"),
    "GET /recurring-plans/{plan_id}": (WORK_PLAN, "recurring_plan", None),
    "POST /recurring-plans/{plan_id}/rule": (WORK_PLAN, "recurring_plan", "rule_change"),
    "POST /recurring-plans/{plan_id}/pause": (WORK_PLAN, "recurring_plan", None),
    "POST /recurring-plans/{plan_id}/resume": (WORK_PLAN, "paused_recurring_plan", None),
    "POST /recurring-plans/{plan_id}/end": (WORK_PLAN, "recurring_plan", {}),
    "POST /recurring-plans/{plan_id}/skip": (WORK_PLAN, "recurring_plan", "skip"),
    "POST /recurring-plans/{plan_id}/move": (WORK_PLAN, "recurring_plan", "move"),
    # Routes: staff only; an employee reads their own (this one is nobody's: 404).
    "GET /routes": (_expect(200, E=404, **NO_KEYS), None, None),
    "GET /routes/mine": (_expect(200, **NO_KEYS), None, None),
    "PUT /routes": (_expect(403, A=200, M=200, D=200, G=404), None, "route"),
}
# "View as this customer": tenant admins and managers only. The objects are fresh, so a
# record id in the path is nobody's (404 for those who may preview; refused before for others);
# a fresh user has no data export yet (404).
PREVIEW = _expect(403, A=200, M=200, G=404)
PREVIEW_NOT_SHARED = _expect(403, A=404, M=404, G=404)
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

    def __init__(self, h: Harness, admin: dict[str, str]) -> None:
        self.h, self.admin = h, admin

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

    def grant_body(self) -> dict[str, Any]:
        """A second grant, on another customer the user's contact is a recorded partner of."""
        user = self.portal_user()
        partner = self._post(f"/contacts/{user['contact_id']}/partners", self.partner_body())
        return {"portalUserId": user["id"], "customerId": partner["customerId"]}


@pytest.fixture(scope="module")
def sweep(database_url: str) -> Any:
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
        for caller, scope in (("KR", "core:read"), ("KW", "core:write"), ("KC", "contacts:read")):
            secret = h.internal.post(
                "/api-keys", json={"name": caller, "scopes": [scope]}, headers=admin
            ).json()["secret"]
            callers[caller] = h.staff(secret)
        yield h, callers, Objects(h, admin)


def _body(objects: Objects, spec: Any, made: dict[str, Any]) -> Any:
    if isinstance(spec, str):  # a creation: a fresh, valid body for that kind
        return getattr(objects, f"{spec}_body")()
    if callable(spec):  # a body that names the object made for the call
        return spec(made)
    return spec


def test_every_internal_route_is_in_the_matrix(sweep: Any) -> None:
    h, _, _ = sweep
    paths = h.internal.get("/schema/openapi.json").json()["paths"]
    routes = {
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete") and path not in ("/health", "/ready")
    }
    assert routes - set(MATRIX) - set(OUTSIDE) == set(), "add the new route to the matrix"
    assert set(MATRIX) - routes == set(), "the matrix names a route that no longer exists"


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_each_caller_gets_what_the_role_matrix_says(sweep: Any, route: str) -> None:
    h, callers, objects = sweep
    expected, kind, spec = MATRIX[route]
    method, path = route.split(" ", 1)
    answers: dict[str, int] = {}
    for caller in CALLERS:
        concrete = path
        made: dict[str, Any] = {}
        if kind is not None:
            made = getattr(objects, kind)()
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
    assert answers == expected
