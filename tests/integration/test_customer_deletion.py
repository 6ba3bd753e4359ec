"""Deleting a customer leaves no row that belongs to it and no stored file under it.

The tables are not listed here: every table of the metadata is walked, and a row belongs to
the deleted customer when one of its reference columns (a foreign key, or a column named like
one: `customer_id`, `contact_id`, `event_id`, ...) points at a row that does. A new table
with such a column fails the test until the deletion covers it and the test makes a row of it.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Table, select
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.models import UUIDv7Base
from ordinavo.adapters.persistence.tenant_binding import bind_tenant
from ordinavo.adapters.tasks.taskiq_queue import FINISH_CUSTOMER_DELETION
from tests.support.harness import Harness

PDF = b"%PDF-1.7\n%%EOF\n"
PASSWORD = "Bright-morning-walk-7"
_n = itertools.count()

# Columns that name a row of another table without a foreign key, by their name.
NAMED_REFERENCES = {
    "customer_id": "customers",
    "location_id": "locations",
    "contact_id": "contacts",
    "portal_user_id": "portal_users",
    "target_id": "targets",
    "work_id": "targets",
    "appointment_id": "appointments",
    "report_id": "visit_reports",
    "request_id": "portal_requests",
    "event_id": "events",
    "attachment_id": "attachments",
}
# Columns that name a record of the table their row's `kind` says (Connect's links to the
# records a connected system sent, and the per-record results of its imports).
KIND_REFERENCES = {
    "customer": "customers",
    "location": "locations",
    "contact": "contacts",
    "target": "targets",
    "appointment": "appointments",
}
# Kept on purpose: audit entries hold ids only (time, actor, action, object), no personal data.
KEPT = {"audit_entries"}
# Kept, but emptied: a job's per-record results keep their outcome, never whose record it was.
EMPTIED = {"import_results"}
# Rows of these the test does not make (each needs a path the HTTP apps do not offer at once).
NOT_MADE = {
    "portal_password_resets",  # made by the worker from a reset request
    "visit_reminders",  # made by the reminder run for tomorrow's visits
}


def _references(table: Table) -> dict[str, str]:
    refs: dict[str, str] = {}
    for fk in table.foreign_key_constraints:
        for column, element in zip(fk.column_keys, fk.elements, strict=True):
            if column != "tenant_id":
                refs[column] = element.column.table.name
    for column in table.columns:
        if column.name in NAMED_REFERENCES and column.name not in refs:
            refs[column.name] = NAMED_REFERENCES[column.name]
    return refs


def _kind_reference(row: dict[str, Any], owned: dict[str, set[Any]]) -> bool:
    """A row naming a record by `kind` and `record_id` that belongs to the customer."""
    table = KIND_REFERENCES.get(row.get("kind") or "")
    return table is not None and row.get("record_id") in owned[table]


def _owned(rows: dict[str, list[dict[str, Any]]], customer_id: UUID) -> dict[str, set[Any]]:
    """Every row (by id) that belongs to the customer, through any chain of references."""
    tables = UUIDv7Base.metadata.tables
    owned: dict[str, set[Any]] = {name: set() for name in tables}
    owned["customers"].add(customer_id)
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            refs = _references(table)
            for row in rows[name]:
                if row["id"] in owned[name]:
                    continue
                if _kind_reference(row, owned) or any(
                    row[c] is not None and row[c] in owned[t] for c, t in refs.items()
                ):
                    owned[name].add(row["id"])
                    changed = True
    return owned


async def _read_all(url: str, tenant_id: UUID) -> dict[str, list[dict[str, Any]]]:
    config = database_config(url)
    try:
        async with config.create_session_maker()() as session:
            bind_tenant(session, tenant_id)  # the ordinary role sees one tenant's rows
            return {
                name: [dict(r._mapping) for r in await session.execute(select(table))]
                for name, table in UUIDv7Base.metadata.tables.items()
            }
    finally:
        await config.get_engine().dispose()


class Bakery:
    """One customer with one of everything, made over HTTP as its tenant's admin. With a key
    of a connected system, its customer, location, contact, work and visit are imported."""

    def __init__(
        self,
        h: Harness,
        admin: dict[str, str],
        *,
        with_portal: bool = True,
        connect: dict[str, str] | None = None,
    ) -> None:
        self.h, self.admin = h, admin
        n = next(_n)
        self.number = f"C-{n}"
        self.email = f"jana{n}@bakery.example"
        if connect is not None:
            self.import_(n, connect)
        else:
            self.customer = self.post(
                "/customers", {"name": f"Bakery {n}", "customerNumber": self.number}
            )
            self.id = self.customer["id"]
            self.location = self.post(
                "/locations",
                {
                    "customerId": self.id,
                    "name": "Shop",
                    "addressLine": "Main 1",
                    "city": "Berlin",
                    "country": "DE",
                },
            )
            self.contact = self.post(
                "/contacts", {"customerId": self.id, "name": "Jana Baker", "email": self.email}
            )
        self.make_the_rest(n, with_portal=with_portal)

    def import_(self, n: int, key: dict[str, str]) -> None:
        """The customer and its location, contact, work and visit, sent by the system `erp`."""
        h = self.h
        start = h.clock.now().replace(microsecond=0) + timedelta(days=2)
        self.batch = {
            "source": "erp",
            "customers": [
                {"externalId": f"E{n}", "name": f"Bakery {n}", "customerNumber": self.number}
            ],
            "locations": [
                {
                    "externalId": f"E{n}-L",
                    "customerExternalId": f"E{n}",
                    "name": "Shop",
                    "addressLine": "Main 1",
                    "city": "Berlin",
                    "country": "DE",
                }
            ],
            "contacts": [
                {
                    "externalId": f"E{n}-P",
                    "customerExternalId": f"E{n}",
                    "locationExternalId": f"E{n}-L",
                    "name": "Jana Baker",
                    "email": self.email,
                }
            ],
            "targets": [
                {
                    "externalId": f"E{n}-T",
                    "customerExternalId": f"E{n}",
                    "locationExternalId": f"E{n}-L",
                    "title": "Imported inspection",
                }
            ],
            "appointments": [
                {
                    "externalId": f"E{n}-V",
                    "targetExternalId": f"E{n}-T",
                    "startsAt": (start + timedelta(hours=5)).isoformat(),
                    "endsAt": (start + timedelta(hours=6)).isoformat(),
                }
            ],
        }
        sent = h.internal.post("/connect/imports", json=self.batch, headers=key)
        assert sent.status_code == 202, sent.text
        h.run_worker()
        self.job_id = sent.json()["id"]
        results = h.internal.get(f"/connect/imports/{self.job_id}/results", headers=key).json()
        ids = {r["kind"]: r["recordId"] for r in results["items"]}
        assert len(ids) == 5 and all(ids.values()), results
        self.id = ids["customer"]
        self.customer = self.get(f"/customers/{self.id}")
        self.location = self.get(f"/locations/{ids['location']}")
        self.contact = self.get(f"/contacts/{ids['contact']}")
        self.ext = f"E{n}"

    def get(self, path: str) -> dict[str, Any]:
        response = self.h.internal.get(path, headers=self.admin)
        assert response.status_code == 200, response.text
        return response.json()

    def make_the_rest(self, n: int, *, with_portal: bool) -> None:
        h, admin = self.h, self.admin
        # Its contact also acts for another customer: a partner row that goes with the contact.
        self.partner_of = self.post("/customers", {"name": f"Café {n}", "customerNumber": f"P-{n}"})
        self.post(f"/contacts/{self.contact['id']}/partners", {"customerId": self.partner_of["id"]})
        self.target = self.post(
            "/targets",
            {
                "customerId": self.id,
                "locationId": self.location["id"],
                "contactId": self.contact["id"],
                "title": "Oven repair",
            },
        )
        start = h.clock.now().replace(microsecond=0) + timedelta(days=2)
        self.appointment = self.post(
            "/appointments",
            {
                "targetId": self.target["id"],
                "startsAt": start.isoformat(),
                "endsAt": (start + timedelta(hours=2)).isoformat(),
            },
        )
        self.plan = self.post(
            "/recurring-plans",
            {
                "locationId": self.location["id"],
                "title": "Oven maintenance",
                "rule": "FREQ=DAILY",
                "startsOn": (h.clock.now().date() + timedelta(days=1)).isoformat(),
                "windowStart": "09:00",
                "windowEnd": "11:00",
                "horizonWeeks": 1,
            },
        )
        self.report = self.post(
            "/reports",
            {
                "targetId": self.target["id"],
                "appointmentId": self.appointment["id"],
                "title": "Serviced",
                "summary": "Replaced the seal for Jana.",
                "followUpRequired": True,
                "followUpDescription": "Check the seal",
                "billable": True,
            },
        )
        attachment = h.internal.post(
            f"/reports/{self.report['id']}/attachments",
            params={"fileName": "sheet.pdf"},
            content=PDF,
            headers=admin | {"Content-Type": "application/pdf"},
        )
        assert attachment.status_code == 201, attachment.text
        self.attachment = attachment.json()
        for step, body in (
            ("submit", None),
            ("approve", None),
            ("publish", {"portalTitle": "Done", "portalSummary": "Fine.", "customerMessage": "Hi"}),
        ):
            done = h.internal.post(f"/reports/{self.report['id']}/{step}", json=body, headers=admin)
            assert done.status_code == 200, done.text
        released = h.internal.post(f"/attachments/{self.attachment['id']}/release", headers=admin)
        assert released.status_code == 200, released.text
        self.portal: dict[str, str] = {}
        if with_portal:
            self.open_portal()

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.h.internal.post(path, json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        return response.json()

    def open_portal(self) -> None:
        h = self.h
        self.invitation = self.post(
            "/portal/invitations",
            {
                "contactId": self.contact["id"],
                "grant": {
                    "customerId": self.id,
                    "canSubmitRequests": True,
                    "canSeeReports": True,
                    "canDownloadAttachments": True,
                    "locationIds": [self.location["id"]],
                },
            },
        )
        h.clock.advance(timedelta(minutes=1))
        accepted = h.portal.post(
            f"/invitations/{h.last_link_token(to=self.email)}/accept", json={"password": PASSWORD}
        )
        assert accepted.status_code == 200, accepted.text
        h.portal.cookies.clear()
        self.portal = {"Authorization": f"Bearer {accepted.json()['token']}"}
        request = h.portal.post(
            "/requests",
            json={
                "type": "service",
                "title": "Oven is cold",
                "description": "Jana here, please come.",
                "locationId": self.location["id"],
            },
            headers=self.portal | {"Idempotency-Key": f"request-key-{next(_n)}"},
        )
        assert request.status_code == 201, request.text
        self.request = request.json()
        comment = h.internal.post(
            f"/requests/{self.request['id']}/comments",
            json={"body": "On our way"},
            headers=self.admin,
        )
        assert comment.status_code == 201, comment.text
        upload = h.portal.post(
            f"/requests/{self.request['id']}/files",
            params={"fileName": "photo.pdf"},
            content=PDF,
            headers=self.portal | {"Content-Type": "application/pdf"},
        )
        assert upload.status_code == 201, upload.text
        feed = h.portal.post("/me/calendar-feed", headers=self.portal)
        assert feed.status_code == 201, feed.text
        export = h.portal.post("/me/export", headers=self.portal)
        assert export.status_code in (200, 201, 202), export.text
        choices = h.portal.patch(
            "/me/notifications",
            json={"preferences": [{"kind": "visit_reminder", "receive": False}]},
            headers=self.portal,
        )
        assert choices.status_code == 200, choices.text
        download = h.portal.get(f"/files/{self.attachment['id']}", headers=self.portal)
        assert download.status_code == 200, download.text

    def delete(self, number: str | None = None, mode: str = "delete") -> Any:
        return self.h.internal.post(
            f"/customers/{self.id}/delete",
            json={"confirmCustomerNumber": number or self.number, "mode": mode},
            headers=self.admin,
        )


@pytest.fixture
def world(fresh_harness: Harness) -> tuple[Harness, dict[str, str], dict[str, str]]:
    h = fresh_harness
    acme = h.staff(h.open_tenant("acme", "Acme"))
    globex = h.staff(h.open_tenant("globex", "Globex"))
    # A webhook endpoint for every kind of event: deliveries carry the customer's data.
    response = h.internal.post(
        "/webhooks",
        json={
            "url": "http://127.0.0.1:9/hooks",
            "eventTypes": ["report.published", "contact.added", "target.created"],
        },
        headers=acme,
    )
    assert response.status_code == 201, response.text
    enabled = h.internal.patch(
        "/tenant/settings", json={"portalAttachmentsEnabled": True}, headers=acme
    )
    assert enabled.status_code == 200, enabled.text
    return h, acme, globex


def _tenant_of(h: Harness, admin: dict[str, str]) -> UUID:
    return UUID(h.internal.get("/auth/me", headers=admin).json()["tenantId"])


def _files(h: Harness, tenant_id: UUID, customer_id: str) -> list[str]:
    folder = h.settings.data_dir / "attachments"
    root = folder if folder.exists() else h.settings.data_dir
    return [str(p) for p in root.rglob("*") if p.is_file() and customer_id in str(p)]


def _finish(h: Harness, tenant_id: UUID, customer_id: str, steps: int | None = None) -> bool:
    async def run() -> bool:
        task = await AsyncKicker(FINISH_CUSTOMER_DELETION, h.worker, {}).kiq(
            str(tenant_id), customer_id, steps
        )
        return (await task.wait_result(timeout=60)).raise_for_error().return_value

    return h.internal.blocking_portal.call(run)


def _erp_key(h: Harness, admin: dict[str, str]) -> dict[str, str]:
    """The connected system `erp` of the admin's tenant, and a key bound to it."""
    made = h.internal.post("/connect/sources", json={"key": "erp", "name": "ERP"}, headers=admin)
    assert made.status_code == 201, made.text
    key = h.internal.post(
        "/api-keys",
        json={"name": "erp sync", "scopes": ["connect:write"], "sourceSystem": "erp"},
        headers=admin,
    )
    assert key.status_code == 201, key.text
    return h.staff(key.json()["secret"])


def test_a_deleted_customer_leaves_no_row_and_no_file(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, globex = world
    erp = _erp_key(h, acme)
    # Both imported: links, results and the jobs' rows name their records by kind and id.
    doomed, neighbour = Bakery(h, acme, connect=erp), Bakery(h, acme, connect=erp)
    stranger = Bakery(h, globex, with_portal=False)
    h.run_worker()  # events relayed: webhook deliveries and mail exist
    tenant = _tenant_of(h, acme)
    before = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    owned = _owned(before, UUID(doomed.id))
    made = {name for name, ids in owned.items() if ids}
    related = {
        name
        for name, table in UUIDv7Base.metadata.tables.items()
        if set(_references(table).values()) & (made | {"customers"})
    }
    assert related - made - KEPT - NOT_MADE == set(), "make a row of the new table here"
    assert {"connect_links", "import_results"} <= made
    assert _files(h, tenant, doomed.id)

    assert doomed.delete().status_code == 204
    # At once: gone from the lists and the portal, its portal session refused.
    listed = h.internal.get("/customers", headers=acme).json()["items"]
    assert doomed.id not in {c["id"] for c in listed}
    assert h.internal.get(f"/customers/{doomed.id}", headers=acme).status_code == 404
    assert h.portal.get("/me", headers=doomed.portal).status_code == 401

    h.run_worker()
    after = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    for name, table in UUIDv7Base.metadata.tables.items():
        if name in KEPT:
            continue
        left = [r for r in after[name] if r.get("id") in owned[name] and name not in EMPTIED]
        assert left == [], f"{name} keeps rows of the deleted customer"
        for column, target in _references(table).items():
            pointing = [r for r in after[name] if r[column] in owned[target]]
            assert pointing == [], f"{name}.{column} still names the deleted customer's rows"
        by_kind = [r for r in after[name] if _kind_reference(r, owned)]
        assert by_kind == [], f"{name}.record_id still names the deleted customer's rows"
    # Its results keep their outcome only: not its external ids, nor what was said of it.
    erased = [r for r in after["import_results"] if r["id"] in owned["import_results"]]
    assert len(erased) == 5 and {r["record_id"] for r in erased} == {None}
    assert all(r["external_id"] == "" and r["warnings"] == [] for r in erased)
    assert not [r for r in after["connect_links"] if r["external_id"].startswith(doomed.ext)]
    assert not [r for r in after["import_results"] if r["external_id"].startswith(doomed.ext)]
    assert not any(r["recipient"] == doomed.email for r in after["outgoing_mail"])
    assert _files(h, tenant, doomed.id) == []
    audit = [r for r in after["audit_entries"] if r["object_id"] == UUID(doomed.id)]
    assert {"customer.deletion_started", "customer.deleted"} <= {r["action"] for r in audit}

    # The others are intact: the neighbour's rows, files and portal, the other tenant's customer.
    kept = _owned(after, UUID(neighbour.id))
    assert kept == _owned(before, UUID(neighbour.id))
    assert len(kept["connect_links"]) == 5
    assert _files(h, tenant, neighbour.id)
    assert h.portal.get("/me", headers=neighbour.portal).status_code == 200
    assert h.internal.get(f"/customers/{stranger.id}", headers=globex).status_code == 200


def test_a_worker_lost_halfway_is_finished_by_the_next_run(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, _ = world
    doomed = Bakery(h, acme)
    tenant = _tenant_of(h, acme)
    # The apps of the harness wake no worker: the job runs only when the test says so.
    assert doomed.delete().status_code == 204
    assert _finish(h, tenant, doomed.id, steps=4) is True  # the worker dies after four steps
    middle = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    assert [r for r in middle["customers"] if r["id"] == UUID(doomed.id)]
    assert not [r for r in middle["visit_reports"] if r["customer_id"] == UUID(doomed.id)]
    h.run_worker()  # the sweeper finds the customer still marked and runs the job again
    after = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    owned = _owned(middle, UUID(doomed.id))
    for name in UUIDv7Base.metadata.tables:
        if name not in KEPT:
            assert not [r for r in after[name] if r.get("id") in owned[name]], name
    assert _files(h, tenant, doomed.id) == []
    assert _finish(h, tenant, doomed.id) is False  # nothing left to do


def _listed(h: Harness, admin: dict[str, str], path: str, **query: str) -> set[str]:
    """Every id a staff list shows, page after page."""
    ids: set[str] = set()
    params: dict[str, Any] = {"limit": 100, **query}
    while True:
        response = h.internal.get(path, params=params, headers=admin)
        assert response.status_code == 200, f"{path}: {response.text}"
        body = response.json()
        ids |= {item["id"] for item in body["items"]}
        if not body.get("nextCursor"):
            return ids
        params["cursor"] = body["nextCursor"]


def _belongings(bakery: Bakery) -> dict[str, str]:
    """Staff list path: the id of the bakery's row in it."""
    return {
        "/locations": bakery.location["id"],
        "/contacts": bakery.contact["id"],
        "/targets": bakery.target["id"],
        "/appointments": bakery.appointment["id"],
        "/reports": bakery.report["id"],
        "/requests": bakery.request["id"],
        "/recurring-plans": bakery.plan["id"],
    }


@pytest.mark.parametrize("steps", [0, 3, 6])
def test_a_customer_being_deleted_shows_no_row_anywhere_while_the_job_runs(
    world: tuple[Harness, dict[str, str], dict[str, str]], steps: int
) -> None:
    h, acme, _ = world
    doomed, neighbour = Bakery(h, acme), Bakery(h, acme)
    h.run_worker()  # events relayed, so the event list has the customer's events to hide
    tenant = _tenant_of(h, acme)
    assert doomed.delete().status_code == 204
    if steps:
        # The worker stops after `steps` steps (0: not started): what is left must not show.
        assert _finish(h, tenant, doomed.id, steps=steps) is True

    for path, kept in _belongings(neighbour).items():
        gone = _belongings(doomed)[path]
        listed = _listed(h, acme, path)
        assert kept in listed, path
        assert gone not in listed, f"{path} lists a row of the customer being deleted"
        assert h.internal.get(f"{path}/{kept}", headers=acme).status_code == 200, path
        assert h.internal.get(f"{path}/{gone}", headers=acme).status_code == 404, path
        if path == "/recurring-plans":  # filtered by place, not by customer
            assert not _listed(h, acme, path, locationId=doomed.location["id"]), path
        else:
            assert not _listed(h, acme, path, customerId=doomed.id), path
    for path in ("/follow-ups", "/billing-triggers"):
        items = h.internal.get(path, params={"limit": 100}, headers=acme).json()["items"]
        assert {i["customerId"] for i in items} == {neighbour.id}, path
    events = h.internal.get("/events", params={"limit": 100}, headers=acme).json()["items"]
    assert doomed.id not in {e.get("customerId") for e in events}
    assert neighbour.id in {e.get("customerId") for e in events}
    for path in (
        f"/customers/{doomed.id}/timeline",
        f"/reports/{doomed.report['id']}/attachments",
        f"/attachments/{doomed.attachment['id']}/content",
        f"/requests/{doomed.request['id']}/comments",
        f"/requests/{doomed.request['id']}/attachments",
    ):
        assert h.internal.get(path, headers=acme).status_code == 404, path
    assert h.internal.get(f"/customers/{neighbour.id}/timeline", headers=acme).status_code == 200

    h.run_worker()  # the job still sees, and removes, every row it hid
    tenant_rows = _finish(h, tenant, doomed.id)
    assert tenant_rows is False  # nothing left: the customer's row went last


def test_a_wrong_confirmation_changes_nothing(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, globex = world
    doomed = Bakery(h, acme)
    tenant = _tenant_of(h, acme)
    before = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    assert doomed.delete("C-wrong").status_code == 422
    other = h.internal.post(
        f"/customers/{doomed.id}/delete",
        json={"confirmCustomerNumber": doomed.number, "mode": "delete"},
        headers=globex,
    )
    assert other.status_code == 404
    after = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    assert after == before
    assert h.portal.get("/me", headers=doomed.portal).status_code == 200


def test_an_anonymised_customer_keeps_its_visits_without_names(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, _ = world
    doomed = Bakery(h, acme)
    tenant = _tenant_of(h, acme)
    assert doomed.delete(mode="anonymise").status_code == 204
    assert h.portal.get("/me", headers=doomed.portal).status_code == 401
    customer = h.internal.get(f"/customers/{doomed.id}", headers=acme).json()
    assert customer["name"].startswith("Deleted customer ")
    contact = h.internal.get(f"/contacts/{doomed.contact['id']}", headers=acme).json()
    assert "Jana" not in str(contact) and doomed.email not in str(contact)
    visit = h.internal.get(f"/appointments/{doomed.appointment['id']}", headers=acme).json()
    assert visit["startsAt"] == doomed.appointment["startsAt"]
    report = h.internal.get(f"/reports/{doomed.report['id']}", headers=acme).json()
    assert report["status"] == "approved" and "Jana" not in str(report)
    after = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    assert not [r for r in after["portal_users"] if r["contact_id"] == UUID(doomed.contact["id"])]
    assert not [r for r in after["events"] if r["customer_id"] == UUID(doomed.id) and r["payload"]]
    assert _files(h, tenant, doomed.id) == []


def test_an_erased_contact_leaves_its_work_without_a_contact(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, _ = world
    bakery = Bakery(h, acme)
    erased = h.internal.post(f"/contacts/{bakery.contact['id']}/erase", headers=acme)
    assert erased.status_code == 204, erased.text
    assert h.portal.get("/me", headers=bakery.portal).status_code == 401
    assert h.internal.get(f"/contacts/{bakery.contact['id']}", headers=acme).status_code == 404
    work = h.internal.get(f"/targets/{bakery.target['id']}", headers=acme).json()
    assert work["title"] == "Oven repair" and work.get("contactId") is None
    after = h.internal.blocking_portal.call(_read_all, empty_database, _tenant_of(h, acme))
    assert not [
        r for r in after["contact_partners"] if r["contact_id"] == UUID(bakery.contact["id"])
    ]


def test_an_account_with_access_elsewhere_keeps_it_and_loses_only_this_customer(
    world: tuple[Harness, dict[str, str], dict[str, str]], empty_database: str
) -> None:
    h, acme, _ = world
    doomed, neighbour = Bakery(h, acme, with_portal=False), Bakery(h, acme)
    user_id = neighbour.invitation["portalUserId"]
    # A grant on another customer needs the contact recorded as a partner of it first.
    neighbour.post(f"/contacts/{neighbour.contact['id']}/partners", {"customerId": doomed.id})
    neighbour.post("/portal/grants", {"portalUserId": user_id, "customerId": doomed.id})
    assert doomed.delete().status_code == 204
    assert h.portal.get("/me", headers=neighbour.portal).status_code == 200
    h.run_worker()
    tenant = _tenant_of(h, acme)
    after = h.internal.blocking_portal.call(_read_all, empty_database, tenant)
    grants = {
        r["customer_id"] for r in after["portal_grants"] if r["portal_user_id"] == UUID(user_id)
    }
    assert grants == {UUID(neighbour.id)}
    # The neighbour's contact is no partner of a customer that is gone; its own one stays.
    partners = {
        r["customer_id"]
        for r in after["contact_partners"]
        if r["contact_id"] == UUID(neighbour.contact["id"])
    }
    assert partners == {UUID(neighbour.partner_of["id"])}
    assert h.portal.get("/me", headers=neighbour.portal).status_code == 200
