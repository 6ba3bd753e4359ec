"""Steps about visit reports: writing and reviewing them, publishing them to the portal, their
files, follow-ups and billing triggers. A report is named by its internal title; the customer
sees it under the portal title it was published with."""

from __future__ import annotations

import hashlib
from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import HOSTILE_NAMES, LANGUAGES, REPORT_STATUSES
from tests.acceptance.world import World

# A few bytes that really are of each type (the server checks the content against the type).
SAMPLES = {
    "pdf": ("application/pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64),
    "txt": ("text/plain", "Messprotokoll: 21,5 °C — in Ordnung.\n".encode() * 20),
}


def _sample(file_name: str) -> tuple[str, bytes]:
    return SAMPLES[file_name.rsplit(".", 1)[-1]]


def _report_id(world: World, report: str) -> str:
    return world.id_of("report", report)


def _tenant_of_report(world: World, report: str) -> str:
    return world.record("report", report)["tenant"]


def _admin_of_report(world: World, report: str) -> dict[str, str]:
    return world.admin(_tenant_of_report(world, report))


def _write(world: World, headers: dict[str, str], report: str, work: str, **fields: Any) -> Any:
    record = world.record("work", work)
    body: dict[str, Any] = {
        "targetId": record["id"],
        "title": report,
        "summary": f"Internal summary of {report}",
        "problems": f"Internal problems of {report}",
        **fields,
    }
    visit = world.records.get(("visit", work))
    if visit:
        body["appointmentId"] = visit["id"]
    response = world.h.internal.post("/reports", json=body, headers=headers)
    if response.status_code == 201:
        world.remember("report", report, response.json() | {"tenant": record["tenant"]})
    return response


def _act(world: World, person: str, report: str, action: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"headers": world.as_person(person)}
    if body is not None:
        kwargs["json"] = body
    world.response = world.h.internal.post(
        f"/reports/{_report_id(world, report)}/{action}", **kwargs
    )
    return world.response


def _as_admin(world: World, report: str, action: str, body: Any = None) -> None:
    answer = world.h.internal.post(
        f"/reports/{_report_id(world, report)}/{action}",
        headers=_admin_of_report(world, report),
        **({"json": body} if body is not None else {}),
    )
    assert answer.status_code == 200, answer.text


def _texts(portal_title: str) -> dict[str, str]:
    return {
        "portalTitle": portal_title,
        "portalSummary": f"What we did: {portal_title}.",
        "customerMessage": "Thank you for letting us in.",
    }


def _upload(
    world: World, headers: dict[str, str], path: str, file_name: str, kind: str, data: bytes
) -> Any:
    return world.h.internal.post(
        path,
        params={"fileName": file_name},
        content=data,
        headers=headers | {"Content-Type": kind},
    )


def _portal_reports(
    world: World, contact: str, language: str = "English"
) -> list[dict[str, Any]]:
    headers = world.as_person(contact) | {"Accept-Language": LANGUAGES[language]}
    answer = world.h.portal.get("/reports", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _portal_follow_ups(world: World, contact: str) -> list[dict[str, Any]]:
    answer = world.h.portal.get("/follow-ups", headers=world.as_person(contact))
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


# --- setup -----------------------------------------------------------------------------------


@given(P('"{person}" has written the report "{report}" on "{work}"'))
def has_written(world: World, person: str, report: str, work: str) -> None:
    """A draft report on the work (and its visit, if it has one)."""
    response = _write(world, world.as_person(person), report, work)
    assert response.status_code == 201, response.text


@given(P('the report "{report}" on "{work}" has been approved'))
def approved_report(world: World, report: str, work: str) -> None:
    """The work's assigned employee wrote and submitted it; the tenant admin approved it."""
    _write_submit_approve(world, report, work)


@given(P('the billable report "{report}" on "{work}" has been approved'))
def approved_billable(world: World, report: str, work: str) -> None:
    """As above, with the billable signal set."""
    _write_submit_approve(world, report, work, billable=True)


@given(P('the report "{report}" on "{work}" asking for the follow-up "{need}" has been approved'))
def approved_with_follow_up(world: World, report: str, work: str, need: str) -> None:
    """As above; the report says a follow-up is required and describes it (internally)."""
    _write_submit_approve(world, report, work, followUpRequired=True, followUpDescription=need)


@given(
    P(
        'the billable report "{report}" on "{work}" asking for the follow-up "{need}" '
        "has been approved"
    )
)
def approved_billable_with_follow_up(world: World, report: str, work: str, need: str) -> None:
    """Billable, and a follow-up is required (described internally)."""
    _write_submit_approve(
        world, report, work, billable=True, followUpRequired=True, followUpDescription=need
    )


def _write_submit_approve(world: World, report: str, work: str, **fields: Any) -> None:
    admin = world.admin(world.record("work", work)["tenant"])
    response = _write(world, admin, report, work, **fields)
    assert response.status_code == 201, response.text
    _as_admin(world, report, "submit")
    _as_admin(world, report, "approve")


@given(P('the report "{report}" has been published as "{portal_title}"'))
def has_been_published(world: World, report: str, portal_title: str) -> None:
    """The tenant admin published the report with texts written for the customer."""
    _as_admin(world, report, "publish", _texts(portal_title))


@given(P('the report "{report}" has the file "{file_name}"'))
def report_has_file(world: World, report: str, file_name: str) -> None:
    """The tenant admin uploaded a small file of the type its name says (pdf, jpg, png, txt)."""
    kind, data = _sample(file_name)
    answer = _upload(
        world,
        _admin_of_report(world, report),
        f"/reports/{_report_id(world, report)}/attachments",
        file_name,
        kind,
        data,
    )
    assert answer.status_code == 201, answer.text
    world.remember("file", file_name, answer.json() | {"tenant": _tenant_of_report(world, report)})


@given(P('the file "{file_name}" has been released'))
def file_released(world: World, file_name: str) -> None:
    """The tenant admin released the file for the portal."""
    tenant = world.record("file", file_name)["tenant"]
    answer = world.h.internal.post(
        f"/attachments/{world.id_of('file', file_name)}/release", headers=world.admin(tenant)
    )
    assert answer.status_code == 200, answer.text


@given(P('"{tenant}" lets portal users download files'))
def tenant_allows_downloads(world: World, tenant: str) -> None:
    """The tenant admin switched on portal attachment access for the tenant."""
    answer = world.h.internal.patch(
        "/tenant/settings", json={"portalAttachmentsEnabled": True}, headers=world.admin(tenant)
    )
    assert answer.status_code == 200, answer.text


@given(P('"{tenant}" no longer lets portal users download files'))
def tenant_stops_downloads(world: World, tenant: str) -> None:
    """The tenant admin switched portal attachment access off again."""
    answer = world.h.internal.patch(
        "/tenant/settings", json={"portalAttachmentsEnabled": False}, headers=world.admin(tenant)
    )
    assert answer.status_code == 200, answer.text


@given(P('every internal field of the report "{report}" holds a marker'))
def report_markers(world: World, report: str) -> None:
    """Writes a unique marker into the report's internal texts (before it is approved again)."""
    marks: dict[str, str] = world.remembered.setdefault("markers", {})
    for field in ("summary", "problems", "internalNotes"):
        marks[f"report-{field}"] = f"CANARY-report-{field}-{len(marks)}"
    answer = world.h.internal.patch(
        f"/reports/{_report_id(world, report)}",
        json={f: marks[f"report-{f}"] for f in ("summary", "problems", "internalNotes")},
        headers=_admin_of_report(world, report),
    )
    assert answer.status_code == 200, answer.text
    _as_admin(world, report, "approve")


# --- internal acts ---------------------------------------------------------------------------


@when(P('"{person}" writes the report "{report}" on "{work}"'))
def writes_report(world: World, person: str, report: str, work: str) -> None:
    """Someone starts a visit report (a draft) on the work."""
    world.response = _write(world, world.as_person(person), report, work)


@past('"{person}" has submitted the report "{report}"')
@when(P('"{person}" submits the report "{report}"'))
def submits(world: World, person: str, report: str) -> None:
    """The author hands the report in for review."""
    _act(world, person, report, "submit")


@past('"{person}" has approved the report "{report}"')
@when(P('"{person}" approves the report "{report}"'))
def approves(world: World, person: str, report: str) -> None:
    """A manager approves a submitted report."""
    _act(world, person, report, "approve")


@past('"{person}" has sent the report "{report}" back asking "{comment}"')
@when(P('"{person}" sends the report "{report}" back asking "{comment}"'))
def sends_back(world: World, person: str, report: str, comment: str) -> None:
    """A manager asks the author for changes."""
    _act(world, person, report, "request-changes", {"comment": comment})


@past('"{person}" has published the report "{report}" as "{portal_title}"')
@when(P('"{person}" publishes the report "{report}" as "{portal_title}"'))
def publishes(world: World, person: str, report: str, portal_title: str) -> None:
    """Someone publishes the report with a portal title, summary and message for the customer."""
    _act(world, person, report, "publish", _texts(portal_title))


@when(P('"{person}" publishes the report "{report}" without texts for the customer'))
def publishes_without_texts(world: World, person: str, report: str) -> None:
    """Someone tries to publish with empty portal texts."""
    _act(
        world,
        person,
        report,
        "publish",
        {"portalTitle": "", "portalSummary": "", "customerMessage": ""},
    )


@past('"{person}" has unpublished the report "{report}"')
@when(P('"{person}" unpublishes the report "{report}"'))
def unpublishes(world: World, person: str, report: str) -> None:
    """Someone takes the report off the portal."""
    _act(world, person, report, "unpublish")


@when(P('"{person}" changes the summary of the report "{report}"'))
def changes_summary(world: World, person: str, report: str) -> None:
    """Someone edits the internal summary of the report."""
    world.response = world.h.internal.patch(
        f"/reports/{_report_id(world, report)}",
        json={"summary": "Corrected after a call with the customer."},
        headers=world.as_person(person),
    )


@past('"{person}" has released the file "{file_name}"')
@when(P('"{person}" releases the file "{file_name}"'))
def releases(world: World, person: str, file_name: str) -> None:
    """Someone releases one file of a report for the portal."""
    world.response = world.h.internal.post(
        f"/attachments/{world.id_of('file', file_name)}/release", headers=world.as_person(person)
    )


@past('"{person}" has withdrawn the release of the file "{file_name}"')
@when(P('"{person}" withdraws the release of the file "{file_name}"'))
def withdraws_release(world: World, person: str, file_name: str) -> None:
    """Someone takes one file off the portal again."""
    world.response = world.h.internal.post(
        f"/attachments/{world.id_of('file', file_name)}/withdraw-release",
        headers=world.as_person(person),
    )


@past('"{person}" has uploaded "{file_name}" to the report "{report}"')
@when(P('"{person}" uploads "{file_name}" to the report "{report}"'))
def uploads(world: World, person: str, file_name: str, report: str) -> None:
    """Someone uploads a small file of the type its name says."""
    kind, data = _sample(file_name)
    world.response = _upload(
        world,
        world.as_person(person),
        f"/reports/{_report_id(world, report)}/attachments",
        file_name,
        kind,
        data,
    )
    if world.status == 201:
        world.remember(
            "file", file_name, world.body() | {"tenant": _tenant_of_report(world, report)}
        )


@when(P('"{person}" uploads a file named with {hostile} to the report "{report}"'))
def uploads_hostile(world: World, person: str, hostile: str, report: str) -> None:
    """Someone uploads a PDF under a harmful name (a path, a line break, a NUL byte, ...)."""
    kind, data = SAMPLES["pdf"]
    world.response = _upload(
        world,
        world.as_person(person),
        f"/reports/{_report_id(world, report)}/attachments",
        HOSTILE_NAMES[hostile],
        kind,
        data,
    )


@when(P('"{person}" uploads a text file declared as a PDF to the report "{report}"'))
def uploads_mismatch(world: World, person: str, report: str) -> None:
    """The declared type does not match the bytes."""
    world.response = _upload(
        world,
        world.as_person(person),
        f"/reports/{_report_id(world, report)}/attachments",
        "notes.pdf",
        "application/pdf",
        SAMPLES["txt"][1],
    )


@when(P('"{person}" uploads a file larger than the limit to the report "{report}"'))
def uploads_too_large(world: World, person: str, report: str) -> None:
    """One byte over the configured limit."""
    data = b"%PDF-1.7\n" + b"0" * world.h.settings.max_attachment_bytes
    world.response = _upload(
        world,
        world.as_person(person),
        f"/reports/{_report_id(world, report)}/attachments",
        "big.pdf",
        "application/pdf",
        data,
    )


@when(P('"{person}" plans the follow-up of "{report}" as the work "{work}" telling "{note}"'))
def plans_follow_up(world: World, person: str, report: str, work: str, note: str) -> None:
    """Someone answers the report's follow-up need with new work, and a note for the customer."""
    listed = world.h.internal.get("/follow-ups", headers=world.as_person(person))
    assert listed.status_code == 200, listed.text
    need = next(f for f in listed.json()["items"] if f["reportId"] == _report_id(world, report))
    world.response = world.h.internal.post(
        f"/follow-ups/{need['id']}/plan",
        json={"title": work, "customerNote": note},
        headers=world.as_person(person),
    )
    if world.status == 201:
        world.remember("work", work, world.body()["work"] | {"tenant": world.person(person).tenant})


@when(P('"{person}" deletes the report "{report}"'))
def deletes_report(world: World, person: str, report: str) -> None:
    """Someone deletes the report for good, with its files."""
    world.response = world.h.internal.delete(
        f"/reports/{_report_id(world, report)}", headers=world.as_person(person)
    )


@when(P('"{person}" lists the billing triggers'))
def lists_billing(world: World, person: str) -> None:
    """Someone asks for the billing triggers of the tenant."""
    world.response = world.h.internal.get("/billing-triggers", headers=world.as_person(person))


# --- internal outcomes -----------------------------------------------------------------------


@then(P('the report "{report}" is {status:W}'))
def report_status(world: World, report: str, status: str) -> None:
    """The report's workflow status: draft, submitted, approved or changes requested."""
    answer = world.h.internal.get(
        f"/reports/{_report_id(world, report)}", headers=_admin_of_report(world, report)
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == REPORT_STATUSES[status]


@then(P('the report "{report}" is not published'))
def report_not_published(world: World, report: str) -> None:
    """Staff see no publication on the report."""
    answer = world.h.internal.get(
        f"/reports/{_report_id(world, report)}", headers=_admin_of_report(world, report)
    )
    assert answer.status_code == 200, answer.text
    assert answer.json().get("publication") is None


@then(P('the list shows a billing trigger for "{report}" with the billing details'))
def trigger_with_details(world: World, report: str) -> None:
    """The billing trigger of the report is listed, billing details included."""
    trigger = _trigger_of(world, report)
    assert "billingDetails" in trigger


@then(P('the list shows a billing trigger for "{report}" without the billing details'))
def trigger_without_details(world: World, report: str) -> None:
    """The billing trigger of the report is listed, but the billing details are left out."""
    trigger = _trigger_of(world, report)
    assert "billingDetails" not in trigger


def _trigger_of(world: World, report: str) -> dict[str, Any]:
    assert world.status == 200, world.response.text
    found = [t for t in world.body()["items"] if t["reportId"] == _report_id(world, report)]
    assert len(found) == 1, world.body()
    return found[0]


@then(P('the stored files of "{tenant}" are gone'))
def stored_files_gone(world: World, tenant: str) -> None:
    """Nothing remains in file storage for the tenant."""
    root = world.h.settings.attachment_dir
    leftovers = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert leftovers == []


@then(P('the file "{file_name}" is stored'))
def file_is_stored(world: World, file_name: str) -> None:
    """Staff can download the file, byte for byte as uploaded."""
    record = world.record("file", file_name)
    answer = world.h.internal.get(
        f"/attachments/{record['id']}/content", headers=world.admin(record["tenant"])
    )
    assert answer.status_code == 200, answer.text
    assert hashlib.sha256(answer.content).hexdigest() == record["checksumSha256"]


# --- the portal side -------------------------------------------------------------------------


@then(P('"{contact}" sees the published report "{portal_title}"'))
def sees_report(world: World, contact: str, portal_title: str) -> None:
    """The report is listed and readable with the texts written for the customer."""
    found = [r for r in _portal_reports(world, contact) if r["title"] == portal_title]
    assert len(found) == 1
    detail = world.h.portal.get(f"/reports/{found[0]['id']}", headers=world.as_person(contact))
    assert detail.status_code == 200, detail.text
    assert detail.json() == found[0]
    assert found[0]["summary"] == f"What we did: {portal_title}."
    assert found[0]["message"] == "Thank you for letting us in."


@then(P('"{contact}" sees no published report'))
def sees_no_report(world: World, contact: str) -> None:
    """The portal lists no report, and none of the scenario's reports can be opened."""
    assert _portal_reports(world, contact) == []
    for (kind, _name), record in world.records.items():
        if kind == "report":
            answer = world.h.portal.get(
                f"/reports/{record['id']}", headers=world.as_person(contact)
            )
            assert answer.status_code == 404, answer.text


@then(P('"{contact}" sees the report "{portal_title}" as "{label}" in {language}'))
@then(P('"{contact}" sees the report "{portal_title}" as "{label}"'))
def sees_report_as(
    world: World, contact: str, portal_title: str, label: str, language: str = "English"
) -> None:
    """The report's customer-facing status label (in English unless told)."""
    reports = _portal_reports(world, contact, language)
    found = [r for r in reports if r["title"] == portal_title]
    assert [r["status"]["label"] for r in found] == [label]


@then(P('"{contact}" sees the file "{file_name}" on the report "{portal_title}"'))
def sees_file(world: World, contact: str, file_name: str, portal_title: str) -> None:
    """The released file's name, type and size are listed on the report."""
    report = next(r for r in _portal_reports(world, contact) if r["title"] == portal_title)
    record = world.record("file", file_name)
    assert {
        "id": record["id"],
        "fileName": file_name,
        "mediaType": record["mediaType"],
        "size": record["size"],
    } in report["files"]


@then(P('"{contact}" does not see the file "{file_name}" on the report "{portal_title}"'))
def does_not_see_file(world: World, contact: str, file_name: str, portal_title: str) -> None:
    """The file is not listed on the report."""
    report = next(r for r in _portal_reports(world, contact) if r["title"] == portal_title)
    assert file_name not in [f["fileName"] for f in report["files"]]


@when(P('"{contact}" downloads the file "{file_name}"'))
def downloads(world: World, contact: str, file_name: str) -> None:
    """The contact fetches the file through the portal."""
    world.response = world.h.portal.get(
        f"/files/{world.id_of('file', file_name)}", headers=world.as_person(contact)
    )


def _downloads(world: World, person: str, file_name: str) -> list[dict[str, Any]]:
    answer = world.h.internal.get(
        f"/attachments/{world.id_of('file', file_name)}/downloads",
        headers=world.as_person(person),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


@then(P('"{person}" sees that "{contact}" downloaded the file "{file_name}"'))
def sees_download(world: World, person: str, contact: str, file_name: str) -> None:
    """The file's download log names the contact, with the time of the download."""
    downloads = _downloads(world, person, file_name)
    portal_user = world.record("invitation", contact)["portalUserId"]
    assert [d["portalUserId"] for d in downloads] == [portal_user]
    assert downloads[0]["downloadedAt"]


@then(P('"{person}" sees no download of the file "{file_name}"'))
def sees_no_download(world: World, person: str, file_name: str) -> None:
    """Nobody has downloaded the file through the portal."""
    assert _downloads(world, person, file_name) == []


@then(P('the download is the file "{file_name}"'))
def download_is(world: World, file_name: str) -> None:
    """The bytes are the uploaded ones, sent as an attachment with safe headers."""
    assert world.status == 200, world.response.text
    kind, data = _sample(file_name)
    assert world.response.content == data
    headers = world.response.headers
    assert headers["content-type"].startswith(kind), dict(headers)
    assert headers["content-disposition"].startswith("attachment;")
    assert f'filename="{file_name}"' in headers["content-disposition"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert headers["content-security-policy"] == "sandbox"


@then(P('"{contact}" sees a follow-up needed for "{work}"'))
def sees_follow_up_needed(world: World, contact: str, work: str) -> None:
    """The portal lists the need, in the customer's words, without a planned visit yet."""
    found = [f for f in _portal_follow_ups(world, contact) if f["workTitle"] == work]
    assert len(found) == 1
    assert found[0]["status"]["key"] == "follow_up_needed"
    assert found[0]["plannedVisit"] is None


@then(P('"{contact}" sees the follow-up for "{work}" planned with a visit and the note "{note}"'))
def sees_follow_up_planned(world: World, contact: str, work: str, note: str) -> None:
    """The portal shows the planned follow-up visit and the note written for the customer."""
    found = [f for f in _portal_follow_ups(world, contact) if f["workTitle"] == work]
    assert len(found) == 1
    assert found[0]["status"]["key"] == "follow_up_planned"
    assert found[0]["note"] == note
    assert found[0]["plannedVisit"] is not None


@then(P('"{contact}" sees no follow-up'))
def sees_no_follow_up(world: World, contact: str) -> None:
    """The portal lists no follow-up need."""
    assert _portal_follow_ups(world, contact) == []


@then(P('nothing "{contact}" can read on the portal mentions "{text}"'))
def portal_never_mentions(world: World, contact: str, text: str) -> None:
    """Every portal answer the contact can reach lacks the text: profile, locations, visits
    (in every language), work, requests and their conversations, reports and their files,
    follow-ups, the timeline and the calendar feed."""
    for url, body in everything_on_the_portal(world, contact):
        assert text not in body, url


def everything_on_the_portal(world: World, contact: str) -> list[tuple[str, str]]:
    """(address, text) of every answer the contact can read, following each list to its items."""
    headers = world.as_person(contact)
    portal = world.h.portal
    seen: list[tuple[str, str]] = []

    def read(path: str, language: str = "en") -> Any:
        answer = portal.get(path, headers=headers | {"Accept-Language": language})
        assert answer.status_code == 200, (path, answer.text)
        seen.append((path, answer.text))
        return answer.json() if "json" in answer.headers["content-type"] else None

    read("/me")
    read("/me/notifications")
    read("/locations?limit=100")
    read("/locations/recurring-visits")
    for language in ("en", "de", "ar"):
        for visit in read("/appointments?limit=100", language)["items"]:
            read(f"/appointments/{visit['id']}", language)
        read("/work?limit=100", language)
        read("/timeline?limit=100", language)
        for request in read("/requests?limit=100", language)["items"]:
            read(f"/requests/{request['id']}", language)
            read(f"/requests/{request['id']}/comments?limit=100", language)
        for report in read("/reports?limit=100", language)["items"]:
            read(f"/reports/{report['id']}", language)
        read("/follow-ups?limit=100", language)
    feed = world.remembered.get(f"feed of {contact}")
    if feed:  # a calendar program needs no sign-in: only the address
        answer = portal.get(feed)
        seen.append((feed, answer.text))
    return seen


@past('"{person}" has written the internal note "{note}" on the report "{report}"')
@when(P('"{person}" writes the internal note "{note}" on the report "{report}"'))
def note_on_report(world: World, person: str, note: str, report: str) -> None:
    """Someone writes an internal note on a report (never part of what a customer reads)."""
    world.response = world.h.internal.patch(
        f"/reports/{_report_id(world, report)}",
        json={"internalNotes": note},
        headers=world.as_person(person),
    )


@when(P('"{person}" lists the reports'))
def lists_reports(world: World, person: str) -> None:
    """Someone opens the list of visit reports (employees get their own only)."""
    world.response = world.h.internal.get("/reports?limit=100", headers=world.as_person(person))
