"""The canary sweep over webhook payloads and portal mail (QUALITY-BAR).

Every internal field gets a `CANARY-<field>-<hex>` marker; the system then emits every event
type of the webhook catalogue to two real HTTP receivers: PLAIN (no opt-ins) and OPTED
(contact details, billing details, source system "ERP"). No payload may carry a field its
endpoint must not receive; the opt-ins must visibly work, so the PLAIN checks are not vacuous.
The same run mails the invited contact about their requests, visits, reports and follow-ups:
no mail of any kind may carry an internal, billing or reference marker.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ordinavo.application.ports.portal import MailMessage
from ordinavo.domain.mail import NOTIFICATION_KINDS
from ordinavo.domain.webhooks import PayloadOptions, payload_fields, subject_of
from tests.support.database import wipe
from tests.support.harness import Harness, harness
from tests.support.receiver import Received, running_receiver

PORTAL_PASSWORD = "Bright-morning-walk-7"
EMPLOYEE_PASSWORD = "Canary-employee-password-1"
# Planning numbers, each within its documented range and unlike anything else in a payload.
ROUTE_STOP = 977
TRAVEL_MINUTES = 1187
ROUTING_SCORE = 31415.9265
PLANNING_NUMBERS = (ROUTE_STOP, TRAVEL_MINUTES, ROUTING_SCORE)
CANARY = re.compile(r"canary-[a-z0-9_]+-[0-9a-f]+(?:@example\.com)?", re.IGNORECASE)
UUID_OR_TIME = re.compile(r"^[0-9a-f]{8}-[0-9a-f-]{27}$|^\d{4}-\d\d-\d\d(T[0-9:.+\-Z]*)?$")
# Headers whose values are random by design (ids, times, HMACs, ports, lengths).
RANDOM_HEADERS = frozenset(
    {"host", "content-length", "webhook-id", "webhook-timestamp", "webhook-signature"}
)
_n = itertools.count()


@dataclass
class Markers:
    """Every seeded marker, by what it is; the categories decide who may see it."""

    internal: dict[str, str] = field(default_factory=dict)  # nobody, ever
    contact: dict[str, str] = field(default_factory=dict)  # only with includeContactDetails
    billing: dict[str, str] = field(default_factory=dict)  # only with includeBillingDetails
    crm: dict[str, str] = field(default_factory=dict)  # references of a system other than ERP
    erp: dict[str, str] = field(default_factory=dict)  # references of the ERP system

    def new(self, category: str, name: str) -> str:
        value = f"CANARY-{name}-{secrets.token_hex(6)}"
        getattr(self, category)[name] = value
        return value

    def email(self, name: str) -> str:
        value = f"canary-{name}-{secrets.token_hex(6)}@example.com"
        self.contact[name] = value
        return value

    def phone(self, name: str) -> str:
        value = f"+49 30 {secrets.randbelow(10**8):08d}"
        self.contact[name] = value
        return value


@dataclass
class Sweep:
    catalogue: list[str]
    openapi: dict[str, Any]
    markers: Markers
    plain: list[Received]
    opted: list[Received]
    plain_secret: str
    opted_secret: str
    mails: list[MailMessage]


PLAIN_OPTIONS = PayloadOptions()
OPTED_OPTIONS = PayloadOptions(
    include_contact_details=True, include_billing_details=True, source_system="ERP"
)


class Maker:
    """Creates and moves records through the internal API as the tenant admin."""

    def __init__(self, h: Harness, admin: dict[str, str], markers: Markers) -> None:
        self.h, self.admin, self.m = h, admin, markers

    def call(self, method: str, path: str, body: Any = None, *, expect: int = 200) -> Any:
        headers = self.admin
        response = self.h.internal.request(method, path, json=body, headers=headers)
        assert response.status_code == expect, f"{method} {path}: {response.text}"
        return response.json() if response.content else None

    def window(self, days: int) -> dict[str, str]:
        start = self.h.clock.now().replace(microsecond=0) + timedelta(days=days)
        return {"startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat()}

    def customer(self, tag: str) -> dict[str, Any]:
        return self.call(
            "POST",
            "/customers",
            {
                "name": f"Bakery {tag}",
                "customerNumber": f"C-{next(_n)}",
                "email": self.m.email(f"customer_email_{tag}"),
                "phone": self.m.phone(f"customer_phone_{tag}"),
                "internalNotes": self.m.new("internal", f"customer_internal_notes_{tag}"),
                "externalReferences": [
                    {"system": "ERP", "reference": self.m.new("erp", f"customer_erp_ref_{tag}")},
                    {"system": "CRM", "reference": self.m.new("crm", f"customer_crm_ref_{tag}")},
                ],
            },
            expect=201,
        )

    def location(self, customer_id: str, tag: str) -> dict[str, Any]:
        return self.call(
            "POST",
            "/locations",
            {
                "customerId": customer_id,
                "name": f"Site {tag}",
                "addressLine": "Main 1",
                "city": "Berlin",
                "country": "DE",
                "accessNotes": self.m.new("internal", f"location_access_notes_{tag}"),
                "parkingNotes": self.m.new("internal", f"location_parking_notes_{tag}"),
            },
            expect=201,
        )

    def contact(self, customer_id: str, tag: str) -> dict[str, Any]:
        return self.call(
            "POST",
            "/contacts",
            {
                "customerId": customer_id,
                "name": "Jana",
                "email": self.m.email(f"contact_email_{tag}"),
                "phone": self.m.phone(f"contact_phone_{tag}"),
                "mobile": self.m.phone(f"contact_mobile_{tag}"),
            },
            expect=201,
        )

    def target(self, location: dict[str, Any], tag: str, **extra: Any) -> dict[str, Any]:
        return self.call(
            "POST",
            "/targets",
            {
                "customerId": location["customerId"],
                "locationId": location["id"],
                "title": f"Fix the oven {tag}",
                "internalNotes": self.m.new("internal", f"target_internal_notes_{tag}"),
                "billingDetails": self.m.new("billing", f"target_billing_details_{tag}"),
                "externalReference": {
                    "system": "CRM",
                    "reference": self.m.new("crm", f"target_crm_ref_{tag}"),
                },
                **extra,
            },
            expect=201,
        )

    def appointment(self, target_id: str, employee_id: str, tag: str) -> dict[str, Any]:
        made = self.call(
            "POST",
            "/appointments",
            {"targetId": target_id, "assignedEmployeeId": employee_id, **self.window(2)},
            expect=201,
        )
        self.call(
            "PATCH",
            f"/appointments/{made['id']}",
            {
                "planningNotes": self.m.new("internal", f"appointment_planning_notes_{tag}"),
                "routeStop": ROUTE_STOP,
                "routingScore": ROUTING_SCORE,
                "travelMinutes": TRAVEL_MINUTES,
            },
        )
        return made


def _employee(h: Harness, maker: Maker) -> tuple[str, dict[str, str]]:
    email = f"employee{next(_n)}@acme.example"
    user = maker.call(
        "POST",
        "/users",
        {
            "email": email,
            "displayName": maker.m.new("internal", "employee_display_name"),
            "role": "employee",
            "password": EMPLOYEE_PASSWORD,
        },
        expect=201,
    )
    login = h.internal.post(
        "/auth/login", json={"tenant": "acme", "email": email, "password": EMPLOYEE_PASSWORD}
    )
    assert login.status_code == 200, login.text
    return user["id"], h.staff(login.json()["token"])


def _produce_every_event(h: Harness, maker: Maker) -> None:
    """The worker catches up after each short stretch: the embedded inline broker runs a
    whole relay inside one 2-second queue nudge (TaskiqJobQueue.NUDGE_TIMEOUT), so a relay of
    many deliveries at once is cut off mid-delivery. The receivers see the same events."""
    m = maker.m
    employee_id, employee = _employee(h, maker)
    key = maker.call("POST", "/api-keys", {"name": "ERP sync", "scopes": ["core:read"]}, expect=201)
    m.internal["api_key_secret"] = key["secret"]

    # Customers: registered, changed, archived.
    customer = maker.customer("main")
    maker.call("PATCH", f"/customers/{customer['id']}", {"name": "Bakery Renamed"})
    archived_customer = maker.customer("archived")
    maker.call("POST", f"/customers/{archived_customer['id']}/archive")

    h.run_worker()  # catch up (see above)
    # Locations: added, changed, archived.
    location = maker.location(customer["id"], "main")
    maker.call("PATCH", f"/locations/{location['id']}", {"name": "Site Renamed"})
    archived_location = maker.location(customer["id"], "archived")
    maker.call("POST", f"/locations/{archived_location['id']}/archive")

    h.run_worker()  # catch up (see above)
    # Contacts: added, changed, archived.
    contact = maker.contact(customer["id"], "main")
    maker.call("PATCH", f"/contacts/{contact['id']}", {"role": "Owner"})
    archived_contact = maker.contact(customer["id"], "archived")
    maker.call("POST", f"/contacts/{archived_contact['id']}/archive")

    # A portal user from here on, so every notification mail reaches someone.
    portal_token = _portal_user(h, maker, customer["id"])

    h.run_worker()  # catch up (see above)
    # Work: created, changed, assigned, status changed.
    target = maker.target(location, "main", contactId=contact["id"])
    maker.call(
        "PATCH",
        f"/targets/{target['id']}",
        {"title": "Fix the oven soon", "priority": "high"},
    )
    maker.call("POST", f"/targets/{target['id']}/assignment", {"employeeId": employee_id})
    held = maker.target(location, "held")
    maker.call("POST", f"/targets/{held['id']}/status", {"status": "on_hold"})

    h.run_worker()  # catch up (see above)
    # Appointments: planned, rescheduled, confirmed, status reported, completed, cancelled.
    visit = maker.appointment(target["id"], employee_id, "main")
    maker.call("POST", f"/appointments/{visit['id']}/reschedule", maker.window(3))
    maker.call("POST", f"/appointments/{visit['id']}/confirm")
    for status in ("on_the_way", "started", "done"):
        response = h.internal.post(
            f"/appointments/{visit['id']}/field-status", json={"status": status}, headers=employee
        )
        assert response.status_code == 200, response.text
    h.run_worker()  # catch up (see above)
    called_off = maker.appointment(target["id"], employee_id, "cancelled")
    maker.call("POST", f"/appointments/{called_off['id']}/cancel")

    h.run_worker()  # catch up (see above)
    # Report: approved (with follow-up need and billing trigger), published, unpublished.
    report = maker.call(
        "POST",
        "/reports",
        {
            "targetId": target["id"],
            "appointmentId": visit["id"],
            "title": "Oven serviced",
            "summary": m.new("internal", "report_summary"),
            "problems": m.new("internal", "report_problems"),
            "internalNotes": m.new("internal", "report_internal_notes"),
            "followUpRequired": True,
            "followUpDescription": m.new("internal", "report_follow_up_description"),
            "billable": True,
        },
        expect=201,
    )
    maker.call("POST", f"/reports/{report['id']}/submit")
    maker.call(
        "POST",
        f"/reports/{report['id']}/request-changes",
        {"comment": m.new("internal", "report_review_comment")},
    )
    maker.call(
        "PATCH", f"/reports/{report['id']}", {"problems": m.new("internal", "report_problems_2")}
    )
    maker.call("POST", f"/reports/{report['id']}/submit")
    maker.call("POST", f"/reports/{report['id']}/approve")
    maker.call(
        "POST",
        f"/reports/{report['id']}/publish",
        {"portalTitle": "Done", "portalSummary": "All fine.", "customerMessage": "Thanks"},
    )
    h.run_worker()  # the contact is told while the report is shared (a notice needs it so)
    maker.call("POST", f"/reports/{report['id']}/unpublish")

    h.run_worker()  # catch up (see above)
    # Follow-up: needed (on approval above), planned.
    needs = maker.call("GET", f"/follow-ups?customerId={customer['id']}")["items"]
    need = next(f for f in needs if f["reportId"] == report["id"])
    maker.call(
        "POST",
        f"/follow-ups/{need['id']}/plan",
        {"title": "Replace the seal", "customerNote": "We come back for the seal."},
        expect=201,
    )

    h.run_worker()  # catch up (see above)
    # Portal requests: submitted, review started, accepted, converted, rejected, withdrawn.
    submitted = [_submit_request(h, portal_token, location["id"], n) for n in range(3)]
    converted, rejected, withdrawn = (r["id"] for r in submitted)
    h.run_worker()  # catch up (see above)
    maker.call("POST", f"/requests/{converted}/review")
    for internal in (True, False):
        maker.call(
            "POST",
            f"/requests/{converted}/comments",
            {"body": m.new("internal", f"staff_comment_internal_{internal}"), "internal": internal},
            expect=201,
        )
    maker.call("POST", f"/requests/{converted}/accept")
    work = maker.call("POST", f"/requests/{converted}/convert", {})["target"]
    maker.appointment(work["id"], employee_id, "from_request")  # the request is now planned
    h.run_worker()  # catch up (see above)
    maker.call(
        "POST",
        f"/requests/{rejected}/reject",
        {
            "reason": "We do not service this model.",
            "internalComment": m.new("internal", "rejection_internal_comment"),
        },
    )
    response = h.portal.post(
        f"/requests/{withdrawn}/withdraw", headers={"Authorization": f"Bearer {portal_token}"}
    )
    assert response.status_code == 200, response.text


def _portal_user(h: Harness, maker: Maker, customer_id: str) -> str:
    """A contact invited to submit requests and see reports, who accepted; their token."""
    contact = maker.contact(customer_id, "portal")
    maker.call(
        "POST",
        "/portal/invitations",
        {
            "contactId": contact["id"],
            # Reports too: the same run mails the contact about everything they may see.
            "grant": {"customerId": customer_id, "canSubmitRequests": True, "canSeeReports": True},
        },
        expect=201,
    )
    h.clock.advance(timedelta(minutes=1))  # stay under the per-address accept limit
    accepted = h.portal.post(
        f"/invitations/{h.last_link_token()}/accept", json={"password": PORTAL_PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    h.portal.cookies.clear()
    return accepted.json()["token"]


def _submit_request(h: Harness, token: str, location_id: str, n: int) -> dict[str, Any]:
    response = h.portal.post(
        "/requests",
        json={
            "type": "service",
            "title": f"Oven is cold ({n})",
            "description": "Please come.",
            "locationId": location_id,
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def sweep(database_url: str) -> Iterator[Sweep]:
    asyncio.run(wipe(database_url))
    with (
        harness(database_url) as h,
        running_receiver() as plain_rx,
        running_receiver() as opted_rx,
    ):
        admin = h.staff(h.open_tenant("acme", "Acme"))
        markers = Markers()
        maker = Maker(h, admin, markers)
        listed = maker.call("GET", "/webhooks/event-types")["items"]
        catalogue = sorted(item["name"] for item in listed)
        plain = maker.call(
            "POST",
            "/webhooks",
            {
                "url": plain_rx.url,
                "eventTypes": catalogue,
                "description": markers.new("internal", "plain_endpoint_description"),
            },
            expect=201,
        )
        opted = maker.call(
            "POST",
            "/webhooks",
            {
                "url": opted_rx.url,
                "eventTypes": catalogue,
                "includeContactDetails": True,
                "includeBillingDetails": True,
                "sourceSystem": "ERP",
                "description": markers.new("internal", "opted_endpoint_description"),
            },
            expect=201,
        )
        markers.internal["plain_webhook_secret"] = plain["secret"]
        markers.internal["opted_webhook_secret"] = opted["secret"]
        _produce_every_event(h, maker)
        h.run_worker()
        _remind_of_a_visit(h, maker)
        yield Sweep(
            catalogue=catalogue,
            openapi=h.internal.get("/schema/openapi.json").json(),
            markers=markers,
            plain=list(plain_rx.requests),
            opted=list(opted_rx.requests),
            plain_secret=plain["secret"],
            opted_secret=opted["secret"],
            mails=list(h.sent_mail()),
        )


# --- helpers over the collected requests ------------------------------------------------------


def _texts(request: Received) -> str:
    """Everything a receiver sees of one request: headers and body, as text."""
    headers = "\n".join(f"{k}: {v}" for k, v in request.headers.items())
    return headers + "\n" + request.body.decode()


def _secret_forms(value: str) -> list[str]:
    """A secret as sent, and its key part alone (a `whsec_` prefix may be dropped)."""
    return [value, value.removeprefix("whsec_")] if value.startswith("whsec_") else [value]


def _leaks(requests: list[Received], forbidden: dict[str, str]) -> list[str]:
    found = []
    for request in requests:
        text = _texts(request).lower()
        event = request.json().get("type")
        for name, value in forbidden.items():
            if any(form.lower() in text for form in _secret_forms(value)):
                found.append(f"{name} in {event}")
            digits = re.sub(r"\D", "", value) if value.startswith("+") else ""
            if digits and digits in re.sub(r"[^\d\n]", "", text):
                found.append(f"{name} (as digits) in {event}")
    return sorted(set(found))


def _planning_number_leaks(requests: list[Received]) -> list[str]:
    """Route stop, routing score and travel minutes: as JSON numbers, or as text anywhere a
    free text could hold them (ids and timestamps excepted: their digits are random)."""
    found = []

    def walk(node: Any, path: str, event: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}", event)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]", event)
        elif isinstance(node, bool):
            return
        elif isinstance(node, int | float) and node in PLANNING_NUMBERS:
            found.append(f"{node} at {path} in {event}")
        elif isinstance(node, str) and not UUID_OR_TIME.match(node):
            found.extend(f"{n} in text at {path} in {event}" for n in _numbers_in(node))

    for request in requests:
        body = request.json()
        walk(body, "$", body.get("type", "?"))
        for name, value in request.headers.items():
            if name not in RANDOM_HEADERS:
                found.extend(f"{n} in header {name} of {body['type']}" for n in _numbers_in(value))
    return sorted(set(found))


def _numbers_in(text: str) -> list[float]:
    """Planning numbers standing as a number of their own in a text (not inside a hex id)."""
    return [
        n
        for n in PLANNING_NUMBERS
        if re.search(rf"(?<![0-9A-Za-z.]){re.escape(str(n))}(?![0-9A-Za-z.])", text)
    ]


def _unknown_canaries(requests: list[Received], allowed: set[str]) -> list[str]:
    """Any marker-looking text that is not one this endpoint may see."""
    allowed_lower = {a.lower() for a in allowed}
    found = set()
    for request in requests:
        event = request.json().get("type")
        for hit in CANARY.findall(_texts(request)):
            if hit.lower() not in allowed_lower:
                found.add(f"{hit} in {event}")
    return sorted(found)


def _carrying(requests: list[Received], value: str, prefix: str) -> list[str]:
    return sorted(
        {
            r.json()["type"]
            for r in requests
            if r.json()["type"].startswith(prefix) and value.encode() in r.body
        }
    )


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["plain", "opted"])
def test_every_catalogue_event_type_reached_the_endpoint(sweep: Sweep, endpoint: str) -> None:
    documented = set(sweep.openapi["webhooks"]) - {"webhook.test"}
    assert set(sweep.catalogue) == documented, "the listed catalogue and the documented one differ"
    received = {r.json()["type"] for r in getattr(sweep, endpoint)}
    missing = sorted(set(sweep.catalogue) - received)
    assert missing == [], f"{endpoint.upper()} never received: {missing}"


def test_plain_carries_no_internal_contact_or_billing_marker(sweep: Sweep) -> None:
    m = sweep.markers
    forbidden = m.internal | m.contact | m.billing
    assert _leaks(sweep.plain, forbidden) == []
    assert _planning_number_leaks(sweep.plain) == []
    # External references are for integrations: an endpoint without a source system sees all.
    assert _unknown_canaries(sweep.plain, set(m.crm.values()) | set(m.erp.values())) == []


def test_opted_carries_no_internal_marker_and_no_foreign_reference(sweep: Sweep) -> None:
    m = sweep.markers
    assert _leaks(sweep.opted, m.internal | m.crm) == []
    assert _planning_number_leaks(sweep.opted) == []
    allowed = set(m.contact.values()) | set(m.billing.values()) | set(m.erp.values())
    assert _unknown_canaries(sweep.opted, allowed) == []


def test_the_opt_ins_and_the_source_system_visibly_work(sweep: Sweep) -> None:
    """The positive controls: what PLAIN must lack, OPTED does carry, so the markers were
    seeded where the payloads would show them."""
    m = sweep.markers
    assert _carrying(sweep.opted, m.contact["contact_email_main"], "contact.") != []
    assert _carrying(sweep.opted, m.contact["contact_phone_main"], "contact.") != []
    assert _carrying(sweep.opted, m.contact["contact_mobile_main"], "contact.") != []
    assert _carrying(sweep.opted, m.contact["customer_email_main"], "customer.") != []
    billing = m.billing["target_billing_details_main"]
    assert _carrying(sweep.opted, billing, "billing.triggered") == ["billing.triggered"]
    assert _carrying(sweep.opted, billing, "target.") != []
    # The ERP reference reaches both; the CRM ones only the endpoint without a source system.
    assert _carrying(sweep.opted, m.erp["customer_erp_ref_main"], "customer.") != []
    assert _carrying(sweep.plain, m.erp["customer_erp_ref_main"], "customer.") != []
    assert _carrying(sweep.plain, m.crm["customer_crm_ref_main"], "customer.") != []
    assert _carrying(sweep.plain, m.crm["target_crm_ref_main"], "target.") != []


@pytest.mark.parametrize(
    ("endpoint", "options"), [("plain", PLAIN_OPTIONS), ("opted", OPTED_OPTIONS)]
)
def test_no_payload_field_beyond_what_the_endpoint_may_receive(
    sweep: Sweep, endpoint: str, options: PayloadOptions
) -> None:
    extra = set()
    for request in getattr(sweep, endpoint):
        body = request.json()
        allowed = payload_fields(subject_of(body["type"]), options) | {"id"}
        extra |= {f"{body['type']}: {name}" for name in set(body["data"]) - allowed}
        extra |= {
            f"{body['type']}: envelope {name}"
            for name in set(body) - {"id", "type", "version", "timestamp", "tenantId", "data"}
        }
    assert sorted(extra) == []


@pytest.mark.parametrize("endpoint", ["plain", "opted"])
def test_every_body_validates_against_its_documented_schema(sweep: Sweep, endpoint: str) -> None:
    doc = {"components": sweep.openapi["components"]}
    registry = Registry().with_resource("urn:doc", Resource.from_contents(doc, DRAFT202012))
    documented = sweep.openapi["webhooks"]
    errors = []
    for request in getattr(sweep, endpoint):
        body = request.json()
        content = documented[body["type"]]["post"]["requestBody"]["content"]
        ref = content["application/json"]["schema"]["$ref"]
        assert ref.startswith("#/components/schemas/Webhook"), ref
        schema = {"$ref": "urn:doc" + ref}
        validator = Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors += [
            f"{body['type']}: {e.json_path}: {e.message}" for e in validator.iter_errors(body)
        ]
        # Documented properties only: a field the document does not name is a field too many.
        data_schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]["data"]
        data_props = doc["components"]["schemas"][data_schema["$ref"].rsplit("/", 1)[1]]
        errors += [
            f"{body['type']}: undocumented data.{name}"
            for name in set(body["data"]) - set(data_props["properties"])
        ]
    assert errors == []


@pytest.mark.parametrize("endpoint", ["plain", "opted"])
def test_every_request_is_signed_with_its_endpoints_secret(sweep: Sweep, endpoint: str) -> None:
    requests = getattr(sweep, endpoint)
    own = sweep.plain_secret if endpoint == "plain" else sweep.opted_secret
    other = sweep.opted_secret if endpoint == "plain" else sweep.plain_secret
    assert requests
    unsigned = [r.json()["type"] for r in requests if not r.verifies_with(own)]
    assert unsigned == []
    assert [r.json()["type"] for r in requests if r.verifies_with(other)] == []
    mismatched = [r.json()["type"] for r in requests if r.webhook_id != r.json()["id"]]
    assert mismatched == []
    assert all(r.headers.get("content-type", "").startswith("application/json") for r in requests)


def test_both_endpoints_heard_the_same_events(sweep: Sweep) -> None:
    assert {r.webhook_id for r in sweep.plain} == {r.webhook_id for r in sweep.opted}


def test_the_detectors_find_a_planted_leak(sweep: Sweep) -> None:
    """The sweep's own checks, shown to fire: a real request with a marker planted in it."""
    m = sweep.markers
    original = sweep.plain[0]
    body = original.json()
    body["data"]["notes"] = m.internal["report_internal_notes"]
    body["data"]["stop"] = ROUTE_STOP
    body["data"]["memo"] = f"score {ROUTING_SCORE}"
    body["data"]["stray"] = "CANARY-unseeded-abc123"
    planted = Received(
        original.path,
        original.headers | {"x-debug": m.internal["plain_webhook_secret"]},
        json.dumps(body).encode(),
    )
    assert _leaks([planted], m.internal) == sorted(
        {
            f"plain_webhook_secret in {body['type']}",
            f"report_internal_notes in {body['type']}",
        }
    )
    number_leaks = _planning_number_leaks([planted])
    assert f"{ROUTE_STOP} at $.data.stop in {body['type']}" in number_leaks
    assert f"{ROUTING_SCORE} in text at $.data.memo in {body['type']}" in number_leaks
    assert f"CANARY-unseeded-abc123 in {body['type']}" in _unknown_canaries([planted], set())
    # And the markers the opt-ins allow are really in the PLAIN-forbidden sets' reach.
    assert _leaks(sweep.opted, m.contact) != []
    assert _leaks(sweep.opted, m.billing) != []
    assert _leaks(sweep.plain, m.crm) != []


# --- mail -----------------------------------------------------------------------------------


def _remind_of_a_visit(h: Harness, maker: Maker) -> None:
    """Move the clock to the day before the first visit still planned, so a reminder goes."""
    visits = maker.call("GET", "/appointments?limit=100")["items"]
    planned = sorted(v["startsAt"] for v in visits if v["status"] in ("planned", "confirmed"))
    assert planned, "the sweep left no visit to remind of"
    starts = datetime.fromisoformat(planned[0])
    h.clock.advance(max(starts - timedelta(hours=12) - h.clock.now(), timedelta(0)))
    h.run_worker()


def _mail_kind(message: MailMessage) -> str | None:
    if message.unsubscribe_url is None:
        return None
    return message.unsubscribe_url.rsplit("/", 1)[1].split(".")[2]


def _mail_leaks(mails: list[MailMessage], forbidden: dict[str, str]) -> list[str]:
    found = []
    for message in mails:
        text = f"{message.subject}\n{message.text}\n{message.html or ''}".lower()
        for name, value in forbidden.items():
            if any(form.lower() in text for form in _secret_forms(value)):
                found.append(f"{name} in {_mail_kind(message) or 'account mail'}")
    return sorted(set(found))


def test_every_kind_of_notification_was_mailed(sweep: Sweep) -> None:
    mailed = {_mail_kind(m) for m in sweep.mails} - {None}
    assert sorted({k.value for k in NOTIFICATION_KINDS} - mailed) == []


def test_no_mail_carries_an_internal_billing_or_reference_marker(sweep: Sweep) -> None:
    m = sweep.markers
    assert sweep.mails, "the sweep sent no mail"
    assert _mail_leaks(sweep.mails, m.internal | m.billing | m.crm | m.erp) == []


def test_the_mail_detector_finds_a_planted_leak(sweep: Sweep) -> None:
    planted = MailMessage(
        to="x@example.com",
        subject="s",
        text=f"see {sweep.markers.internal['plain_webhook_secret']}",
        language="en",
    )
    assert _mail_leaks([planted], sweep.markers.internal) == [
        "plain_webhook_secret in account mail"
    ]
