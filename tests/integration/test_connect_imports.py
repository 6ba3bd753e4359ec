"""Connect end to end: a connected system's key sends batches over the internal API, the
worker applies them, and the job and its per-record results tell what happened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.tasks.taskiq_queue import RUN_IMPORT
from tests.support.harness import Harness


class Connected:
    """A tenant with a connected system `erp` and a key bound to it."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.admin = h.staff(h.open_tenant("acme", "Acme"))
        for key in ("erp", "crm"):
            made = h.internal.post(
                "/connect/sources", json={"key": key, "name": key.upper()}, headers=self.admin
            )
            assert made.status_code == 201, made.text
        self.erp = self.key("erp")
        self.crm = self.key("crm")

    def key(self, source: str, scopes: tuple[str, ...] = ("connect:write",)) -> dict[str, str]:
        made = self.h.internal.post(
            "/api-keys",
            json={"name": f"{source} sync", "scopes": list(scopes), "sourceSystem": source},
            headers=self.admin,
        )
        assert made.status_code == 201, made.text
        assert made.json()["sourceSystem"] == source
        return self.h.staff(made.json()["secret"])

    def send(self, batch: dict[str, Any], key: dict[str, str] | None = None, **headers: str):
        return self.h.internal.post(
            "/connect/imports",
            json={"source": "erp", **batch},
            headers={**(key or self.erp), **headers},
        )

    def imported(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Send the batch, let the worker apply it, return the finished job."""
        sent = self.send(batch)
        assert sent.status_code == 202, sent.text
        assert sent.json()["state"] == "queued"
        self.h.run_worker()
        job = self.h.internal.get(f"/connect/imports/{sent.json()['id']}", headers=self.erp)
        assert job.status_code == 200, job.text
        return job.json()

    def results(self, job_id: str, **params: str) -> list[dict[str, Any]]:
        got = self.h.internal.get(
            f"/connect/imports/{job_id}/results", params=params, headers=self.erp
        )
        assert got.status_code == 200, got.text
        return got.json()["items"]


@pytest.fixture
def connected(fresh_harness: Harness) -> Connected:
    return Connected(fresh_harness)


BATCH = {
    "customers": [{"externalId": "C-1", "name": "Northwind", "email": "ops@northwind.example"}],
    "locations": [
        {
            "externalId": "L-1",
            "customerExternalId": "C-1",
            "name": "Depot",
            "addressLine": "Main Street 1",
            "city": "Berlin",
            "country": "DE",
        }
    ],
    "targets": [
        {
            "externalId": "T-1",
            "customerExternalId": "C-1",
            "locationExternalId": "L-1",
            "title": "Annual inspection",
        }
    ],
}


def test_a_batch_sent_twice_creates_once_and_then_changes_nothing(connected: Connected) -> None:
    first = connected.imported(BATCH)
    assert first["state"] == "done"
    assert first["counts"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    again = connected.imported(BATCH)
    assert again["counts"]["unchanged"] == 3 and again["unchanged"] is True
    customers = connected.h.internal.get("/customers", headers=connected.admin).json()["items"]
    assert [c["name"] for c in customers] == ["Northwind"]
    work = connected.h.internal.get("/targets", headers=connected.admin).json()["items"]
    assert len(work) == 1 and work[0]["origin"] == "import"


def test_a_changed_record_updates_the_one_it_created(connected: Connected) -> None:
    connected.imported(BATCH)
    changed = {"customers": [{**BATCH["customers"][0], "name": "Northwind Ltd"}]}
    job = connected.imported(changed)
    assert job["counts"]["updated"] == 1
    customers = connected.h.internal.get("/customers", headers=connected.admin).json()["items"]
    assert [c["name"] for c in customers] == ["Northwind Ltd"]


def test_unknown_values_and_references_are_skipped_with_warnings(connected: Connected) -> None:
    job = connected.imported(
        {
            "targets": [
                {"externalId": "T-9", "customerExternalId": "C-404", "title": "Lost"},
            ],
            "customers": [
                {"externalId": "C-2", "name": "Odd", "status": "70"},
                {"externalId": "C-3", "name": "Twice"},
                {"externalId": "C-3", "name": "Twice again"},
            ],
        }
    )
    assert job["counts"]["skipped"] == 4
    warnings = {
        r["externalId"]: r["warnings"][0] for r in connected.results(job["id"], outcome="skipped")
    }
    assert warnings["T-9"]["code"] == "unknown_reference"
    assert warnings["T-9"]["field"] == "customerExternalId"
    assert warnings["C-2"] == {
        "code": "unknown_value",
        "field": "status",
        "value": "70",
        "message": warnings["C-2"]["message"],
    }
    assert warnings["C-3"]["code"] == "duplicate_external_id"
    assert connected.h.internal.get("/customers", headers=connected.admin).json()["items"] == []


def test_a_value_mapping_turns_a_source_value_into_a_known_one(connected: Connected) -> None:
    mapped = connected.h.internal.post(
        "/connect/sources/erp/value-mappings",
        json={"field": "target.status", "externalValue": "70", "internalValue": "completed"},
        headers=connected.admin,
    )
    assert mapped.status_code == 200, mapped.text
    batch = {**BATCH, "targets": [{**BATCH["targets"][0], "status": "70"}]}
    job = connected.imported(batch)
    assert job["counts"]["created"] == 3
    work = connected.h.internal.get("/targets", headers=connected.admin).json()["items"]
    assert work[0]["status"] == "completed"


def test_a_failing_record_does_not_stop_the_rest(connected: Connected) -> None:
    job = connected.imported(
        {
            "customers": [
                {"externalId": "C-1", "name": "Good"},
                {"externalId": "C-2", "name": "Bad", "email": "not an address"},
            ]
        }
    )
    assert (job["counts"]["created"], job["counts"]["failed"]) == (1, 1)
    (failed,) = connected.results(job["id"], outcome="failed")
    assert failed["externalId"] == "C-2" and "e-mail" in failed["message"]


def _customers(connected: Connected) -> list[dict[str, Any]]:
    return connected.h.internal.get("/customers", headers=connected.admin).json()["items"]


def test_a_deleted_customer_is_not_brought_back_by_a_waiting_batch_but_by_a_new_one(
    connected: Connected,
) -> None:
    h = connected.h
    first = connected.imported(BATCH)
    (customer,) = _customers(connected)
    # A change sent before the deletion, still waiting for the worker when it happens.
    waiting = connected.send(
        {"customers": [{**BATCH["customers"][0], "email": "new@northwind.example"}]}
    )
    assert waiting.status_code == 202, waiting.text
    deleted = h.internal.post(
        f"/customers/{customer['id']}/delete",
        json={"confirmCustomerNumber": "C-1", "mode": "delete"},
        headers=connected.admin,
    )
    assert deleted.status_code == 204, deleted.text
    h.run_worker()
    assert _customers(connected) == []
    (result,) = connected.results(waiting.json()["id"])
    assert result["outcome"] == "skipped" and result["warnings"][0]["code"] == "erased"
    assert "northwind" not in str(result).lower()
    # The results of the first job keep their outcome, not whose records they were.
    kept = connected.results(first["id"])
    assert [r["outcome"] for r in kept] == ["created"] * 3
    assert {r["externalId"] for r in kept} == {""} and {r.get("recordId") for r in kept} == {None}
    # The system sends the customer again: it asked for it, so it is created anew.
    again = connected.imported(BATCH)
    assert again["counts"]["created"] == 3
    (anew,) = _customers(connected)
    assert anew["id"] != customer["id"]


def test_an_anonymised_customer_is_not_filled_again_by_the_next_import(
    connected: Connected,
) -> None:
    h = connected.h
    connected.imported(BATCH)
    (customer,) = _customers(connected)
    anonymised = h.internal.post(
        f"/customers/{customer['id']}/delete",
        json={"confirmCustomerNumber": "C-1", "mode": "anonymise"},
        headers=connected.admin,
    )
    assert anonymised.status_code == 204, anonymised.text
    batch = {"customers": [{**BATCH["customers"][0], "customerNumber": "C-1-new"}]}
    assert connected.imported(batch)["counts"]["created"] == 1
    kept = h.internal.get(f"/customers/{customer['id']}", headers=connected.admin).json()
    assert kept["name"].startswith("Deleted customer ") and kept.get("email") is None


def test_an_erased_contact_leaves_no_link_and_a_re_import_creates_it_anew(
    connected: Connected,
) -> None:
    h = connected.h
    contact = {
        "externalId": "P-1",
        "customerExternalId": "C-1",
        "name": "Jana Baker",
        "email": "jana@northwind.example",
    }
    first = connected.imported({**BATCH, "contacts": [contact]})
    (made,) = [r for r in connected.results(first["id"]) if r["kind"] == "contact"]
    erased = h.internal.post(f"/contacts/{made['recordId']}/erase", headers=connected.admin)
    assert erased.status_code == 204, erased.text
    results = connected.results(first["id"])
    assert "P-1" not in {r["externalId"] for r in results}
    again = connected.imported({**BATCH, "contacts": [contact]})
    assert (again["counts"]["created"], again["counts"]["unchanged"]) == (1, 3)
    (anew,) = [r for r in connected.results(again["id"]) if r["kind"] == "contact"]
    assert anew["recordId"] != made["recordId"]


RECORD_EVENTS = [
    "customer.changed",
    "location.changed",
    "contact.changed",
    "appointment.rescheduled",
]


def _endpoint(connected: Connected, events: list[str] = RECORD_EVENTS, **options: Any) -> str:
    made = connected.h.internal.post(
        "/webhooks",
        json={"url": "http://127.0.0.1:9/hooks", "eventTypes": events, **options},
        headers=connected.admin,
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _payloads(connected: Connected, endpoint_id: str) -> list[dict[str, Any]]:
    h = connected.h
    listed = h.internal.get(
        f"/webhooks/{endpoint_id}/deliveries", params={"limit": 100}, headers=connected.admin
    )
    assert listed.status_code == 200, listed.text
    return [
        h.internal.get(f"/webhook-deliveries/{d['id']}", headers=connected.admin).json()["payload"]
        for d in listed.json()["items"]
    ]


def test_payloads_of_imported_records_carry_the_systems_id_and_an_endpoint_may_hear_only_them(
    connected: Connected,
) -> None:
    h, admin = connected.h, connected.admin
    everyone = _endpoint(connected)
    erp_only = _endpoint(connected, sourceSystem="erp", sourceEventsOnly=True)
    start = h.clock.now().replace(microsecond=0) + timedelta(days=3)
    visit = {
        "externalId": "V-1",
        "targetExternalId": "T-1",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=1)).isoformat(),
    }
    contact = {
        "externalId": "P-1",
        "customerExternalId": "C-1",
        "name": "Jana",
        "email": "jana@northwind.example",
    }
    first = connected.imported({**BATCH, "contacts": [contact], "appointments": [visit]})
    results = connected.results(first["id"])
    assert first["counts"]["created"] == 5, [r for r in results if r["outcome"] != "created"]
    ids = {r["kind"]: r["recordId"] for r in results}
    by_hand = h.internal.post(
        "/customers", json={"name": "Walk-in", "customerNumber": "W-1"}, headers=admin
    ).json()
    for path, body in (
        (f"/customers/{ids['customer']}", {"name": "Northwind Ltd"}),
        (f"/customers/{by_hand['id']}", {"name": "Walk-in Ltd"}),
        (f"/locations/{ids['location']}", {"name": "Main depot"}),
        (f"/contacts/{ids['contact']}", {"name": "Jana B."}),
    ):
        changed = h.internal.patch(path, json=body, headers=admin)
        assert changed.status_code == 200, changed.text
    later = {**visit, "startsAt": (start + timedelta(hours=2)).isoformat()}
    later["endsAt"] = (start + timedelta(hours=3)).isoformat()
    assert connected.imported({"appointments": [later]})["counts"]["updated"] == 1
    h.run_worker()

    def carried(endpoint_id: str) -> dict[tuple[str, str], tuple[str, str] | None]:
        return {
            (p["type"], p["data"]["id"]): (p["data"]["source"], p["data"]["externalId"])
            if "externalId" in p["data"]
            else None
            for p in _payloads(connected, endpoint_id)
        }

    imported = {
        ("customer.changed", ids["customer"]): ("erp", "C-1"),
        ("location.changed", ids["location"]): ("erp", "L-1"),
        ("contact.changed", ids["contact"]): ("erp", "P-1"),
        ("appointment.rescheduled", ids["appointment"]): ("erp", "V-1"),
    }
    assert carried(everyone) == imported | {("customer.changed", by_hand["id"]): None}
    assert carried(erp_only) == imported
    # The test event is about no record: a limited endpoint is sent it all the same.
    tested = h.internal.post(f"/webhooks/{erp_only}/test", headers=admin)
    assert tested.status_code in (200, 201, 202), tested.text
    assert "webhook.test" in {p["type"] for p in _payloads(connected, erp_only)}
    # Limiting the events needs the system whose records they are about.
    refused = h.internal.post(
        "/webhooks",
        json={
            "url": "http://127.0.0.1:9/x",
            "eventTypes": ["customer.changed"],
            "sourceEventsOnly": True,
        },
        headers=admin,
    )
    assert refused.status_code == 422, refused.text


def test_a_key_of_one_system_reads_and_writes_only_its_systems_references(
    connected: Connected,
) -> None:
    h, admin = connected.h, connected.admin
    connected.imported(BATCH)
    crm = connected.key("crm", ("core:read", "core:write", "work:read", "work:write"))
    (customer,) = _customers(connected)
    (work,) = h.internal.get("/targets", headers=admin).json()["items"]
    path = f"/customers/{customer['id']}"
    assert h.internal.get(path, headers=crm).json()["externalReferences"] == []
    assert h.internal.get(f"/targets/{work['id']}", headers=crm).json()["externalReference"] is None
    # Its list stands for its own system's references: the ERP's one stays.
    changed = h.internal.patch(
        path, json={"externalReferences": [{"system": "crm", "reference": "N-1"}]}, headers=crm
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["externalReferences"] == [{"system": "crm", "reference": "N-1"}]
    seen = h.internal.get(path, headers=admin).json()["externalReferences"]
    assert sorted((r["system"], r["reference"]) for r in seen) == [("crm", "N-1"), ("erp", "C-1")]
    # Another system's references are not its to write, nor to replace on work.
    for method, url, body in (
        ("PATCH", path, {"externalReferences": [{"system": "erp", "reference": "X"}]}),
        (
            "POST",
            "/customers",
            {
                "name": "Other",
                "customerNumber": "O-1",
                "externalReferences": [{"system": "erp", "reference": "O"}],
            },
        ),
        (
            "PATCH",
            f"/targets/{work['id']}",
            {"externalReference": {"system": "crm", "reference": "W"}},
        ),
    ):
        refused = h.internal.request(method, url, json=body, headers=crm)
        assert refused.status_code == 403, f"{method} {url}: {refused.text}"
    kept = h.internal.get(f"/targets/{work['id']}", headers=admin).json()["externalReference"]
    assert kept == {"system": "erp", "reference": "T-1"}


def test_the_same_idempotency_key_returns_the_same_job(connected: Connected) -> None:
    first = connected.send(BATCH, **{"Idempotency-Key": "batch-0001"})
    second = connected.send(BATCH, **{"Idempotency-Key": "batch-0001"})
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]


def test_a_key_of_one_system_neither_writes_nor_sees_another_systems_imports(
    connected: Connected,
) -> None:
    job = connected.imported(BATCH)
    crm_writing_erp = connected.send(BATCH, key=connected.crm)
    assert crm_writing_erp.status_code == 403
    seen = connected.h.internal.get(f"/connect/imports/{job['id']}", headers=connected.crm)
    assert seen.status_code == 404
    listed = connected.h.internal.get("/connect/imports", headers=connected.crm)
    assert listed.status_code == 200 and listed.json()["items"] == []


def test_a_key_without_the_write_scope_cannot_import(connected: Connected) -> None:
    reader = connected.key("erp", ("connect:read",))
    assert connected.send(BATCH, key=reader).status_code == 403


def test_a_batch_over_the_limit_is_refused_before_anything_is_queued(
    connected: Connected,
) -> None:
    many = [{"externalId": f"C-{i}", "name": "x"} for i in range(1001)]
    assert connected.send({"customers": many}).status_code == 400
    split = {
        "customers": many[:600],
        "contacts": [
            {"externalId": f"P-{i}", "customerExternalId": "C-1", "name": "x"} for i in range(401)
        ],
    }
    assert connected.send(split).status_code == 422
    listed = connected.h.internal.get("/connect/imports", headers=connected.erp)
    assert listed.json()["items"] == []


def test_a_worker_lost_halfway_leaves_a_job_the_next_run_finishes(connected: Connected) -> None:
    customers = [{"externalId": f"C-{i}", "name": f"Customer {i}"} for i in range(450)]
    sent = connected.send({"customers": customers})
    job_id = sent.json()["id"]
    tenant = connected.h.internal.get("/auth/me", headers=connected.admin).json()["tenantId"]

    async def lose_worker() -> None:
        task = await AsyncKicker(RUN_IMPORT, connected.h.worker, {}).kiq(tenant, job_id, 1)
        (await task.wait_result(timeout=60)).raise_for_error()

    connected.h.internal.blocking_portal.call(lose_worker)
    half = connected.h.internal.get(f"/connect/imports/{job_id}", headers=connected.erp).json()
    assert half["state"] == "running"
    connected.h.run_worker()  # the lease has not run out: nobody takes the job over yet
    assert (
        connected.h.internal.get(f"/connect/imports/{job_id}", headers=connected.erp).json()[
            "state"
        ]
        == "running"
    )
    connected.h.clock.advance(timedelta(minutes=6))
    connected.h.run_worker()
    done = connected.h.internal.get(f"/connect/imports/{job_id}", headers=connected.erp).json()
    assert done["state"] == "done" and done["counts"]["created"] == 450
    customers_seen = connected.h.internal.get(
        "/customers", params={"limit": 100}, headers=connected.admin
    ).json()
    assert len(customers_seen["items"]) == 100


def _ten_thousand() -> list[dict[str, Any]]:
    """Ten batches of 1,000: customers, a location and a contact of each, work at each."""
    batches = []
    for b in range(10):
        ids = range(b * 250, (b + 1) * 250)
        batches.append(
            {
                "customers": [{"externalId": f"C-{i}", "name": f"Customer {i}"} for i in ids],
                "locations": [
                    {
                        "externalId": f"L-{i}",
                        "customerExternalId": f"C-{i}",
                        "name": "Depot",
                        "addressLine": f"Main Street {i}",
                        "city": "Berlin",
                        "country": "DE",
                    }
                    for i in ids
                ],
                "contacts": [
                    {"externalId": f"P-{i}", "customerExternalId": f"C-{i}", "name": "Jana"}
                    | {"email": f"jana{i}@example.com"}
                    for i in ids
                ],
                "targets": [
                    {"externalId": f"T-{i}", "customerExternalId": f"C-{i}"}
                    | {"locationExternalId": f"L-{i}", "title": "Annual inspection"}
                    for i in ids
                ],
            }
        )
    return batches


def _all_done(connected: Connected, jobs: list[str]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for job_id in jobs:
        job = connected.h.internal.get(f"/connect/imports/{job_id}", headers=connected.erp).json()
        assert job["state"] == "done", job
        for outcome, count in job["counts"].items():
            totals[outcome] = totals.get(outcome, 0) + count
    return totals


def test_ten_thousand_records_through_the_worker_and_again(connected: Connected) -> None:
    batches = _ten_thousand()
    jobs = []
    for batch in batches:
        sent = connected.send(batch)
        assert sent.status_code == 202, sent.text
        jobs.append(sent.json()["id"])
    connected.h.run_worker()
    assert _all_done(connected, jobs) == {
        "created": 10_000,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    again = [connected.send(batch).json()["id"] for batch in batches]
    connected.h.run_worker()
    assert _all_done(connected, again)["unchanged"] == 10_000
    page = connected.h.internal.get(
        "/targets", params={"limit": 100}, headers=connected.admin
    ).json()
    assert len(page["items"]) == 100 and page["nextCursor"]


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(connected: Connected) -> None:
    from ordinavo.entrypoints.internal_api.connect import MAX_IMPORT_BYTES

    too_big = b'{"source": "erp", "customers": [' + b" " * MAX_IMPORT_BYTES + b"]}"
    refused = connected.h.internal.post(
        "/connect/imports",
        content=too_big,
        headers={**connected.erp, "Content-Type": "application/json"},
    )
    assert refused.status_code == 413
    listed = connected.h.internal.get("/connect/imports", headers=connected.erp)
    assert listed.json()["items"] == []


def test_the_audit_trail_records_the_job_and_each_change_under_the_integration(
    connected: Connected,
) -> None:
    connected.imported(BATCH)
    key_id = connected.h.internal.get("/auth/me", headers=connected.erp).json()["id"]
    entries = connected.h.internal.get(
        "/audit-entries", params={"actorId": key_id, "limit": 100}, headers=connected.admin
    ).json()["items"]
    actions = sorted(e["action"] for e in entries)
    assert actions == sorted(
        [
            "import.queued",
            "import.done",
            "customer.imported",
            "location.imported",
            "target.imported",
        ]
    ), actions


def test_what_follows_imported_work_carries_the_works_id_in_the_system(
    connected: Connected,
) -> None:
    """A report approved, its follow-up and its billing trigger: the connected system matches
    them to its own work by the work's id there."""
    h, admin = connected.h, connected.admin
    endpoint = _endpoint(connected, ["report.approved", "billing.triggered", "follow_up.needed"])
    first = connected.imported(BATCH)
    work_id = next(r["recordId"] for r in connected.results(first["id"]) if r["kind"] == "target")
    report = h.internal.post(
        "/reports",
        json={
            "targetId": work_id,
            "title": "Inspected",
            "billable": True,
            "followUpRequired": True,
            "followUpDescription": "Replace the seal",
        },
        headers=admin,
    )
    assert report.status_code == 201, report.text
    for step in ("submit", "approve"):
        done = h.internal.post(f"/reports/{report.json()['id']}/{step}", headers=admin)
        assert done.status_code == 200, done.text
    h.run_worker()
    carried = {
        p["type"]: (p["data"].get("source"), p["data"].get("workExternalId"))
        for p in _payloads(connected, endpoint)
    }
    assert carried == {
        "report.approved": ("erp", "T-1"),
        "billing.triggered": ("erp", "T-1"),
        "follow_up.needed": ("erp", "T-1"),
    }
