"""Steps about portal requests: submitting, following, reviewing and talking about them."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from pytest_bdd import given, then, when

from tests.acceptance.steps.phrases import P, for_engineers, past
from tests.acceptance.steps.work import _at, _plan, work_exists
from tests.acceptance.vocabulary import (
    LANGUAGES,
    MY_REQUEST_STATUSES,
    REQUEST_STATUSES,
    REQUEST_TYPES,
    WINDOW_SYNTAX,
    ScenarioMistake,
)
from tests.acceptance.world import World


def _windows(world: World, text: str) -> list[dict[str, str]]:
    """'3 days from now, 9 to 12 o'clock', '2 days ago, 9 to 12 o'clock' or '6 windows'."""
    many = re.fullmatch(r"(\d+) windows", text)
    if many:
        return [
            {
                "startsAt": _at(world, 2 + n, 9).isoformat(),
                "endsAt": _at(world, 2 + n, 10).isoformat(),
            }
            for n in range(int(many.group(1)))
        ]
    one = re.fullmatch(r"(\d+) days (from now|ago), (\d+) to (\d+) o'clock", text)
    if not one:
        raise ScenarioMistake(f"'{text}' is not a time window; {WINDOW_SYNTAX}")
    days = int(one.group(1)) * (1 if one.group(2) == "from now" else -1)
    return [
        {
            "startsAt": _at(world, days, int(one.group(3))).isoformat(),
            "endsAt": _at(world, days, int(one.group(4))).isoformat(),
        }
    ]


def _submit(
    world: World,
    contact: str,
    title: str,
    body: dict[str, Any],
    key: str | None = None,
) -> Any:
    headers = world.as_person(contact) | ({"Idempotency-Key": key} if key else {})
    response = world.h.portal.post(
        "/requests",
        json={"title": title, "description": f"Please help: {title}.", **body},
        headers=headers,
    )
    if response.status_code == 201:
        world.remember("request", title, response.json() | {"tenant": world.person(contact).tenant})
    return response


def _service(
    world: World, location: str, windows: list[dict[str, str]] | None = None, kind: str = "service"
) -> dict:
    body: dict[str, Any] = {"type": kind, "locationId": world.id_of("location", location)}
    if windows:
        body["preferredWindows"] = windows
    return body


def _staff_on(world: World, person: str, title: str, action: str, body: Any = None) -> None:
    kwargs: dict[str, Any] = {"headers": world.as_person(person)}
    if body is not None:
        kwargs["json"] = body
    world.response = world.h.internal.post(
        f"/requests/{world.id_of('request', title)}/{action}", **kwargs
    )


def _tenant_admin_of(world: World, customer: str) -> dict[str, str]:
    return world.admin(world.record("customer", customer)["tenant"])


# --- the portal side -------------------------------------------------------------------------


@when(P('"{contact}" asks for {kind:W} "{title}" at "{location}"'))
def asks_for_service(world: World, contact: str, kind: str, title: str, location: str) -> None:
    """A portal user asks for service, maintenance, an appointment or support at a location."""
    body = _service(world, location, kind=REQUEST_TYPES[kind])
    world.response = _submit(world, contact, title, body)


@given(P('"{contact}" has asked for service "{title}" at "{location}"'))
def has_asked_for_service(world: World, contact: str, title: str, location: str) -> None:
    """A portal user submitted a service request for one of their locations."""
    asks_for_service(world, contact, "service", title, location)
    assert world.status == 201, world.response.text


@when(P('"{contact}" asks for service "{title}" at "{location}" preferring {windows}'))
def asks_with_windows(world: World, contact: str, title: str, location: str, windows: str) -> None:
    """A service request with preferred times, e.g. "3 days from now, 9 to 12 o'clock"."""
    world.response = _submit(
        world, contact, title, _service(world, location, _windows(world, windows))
    )


@when(P('"{contact}" asks to reschedule the visit of "{work}"'))
def asks_to_reschedule(world: World, contact: str, work: str) -> None:
    """A portal user asks for another time for an upcoming visit."""
    world.response = _submit(
        world,
        contact,
        f"Another time for {work}",
        {"type": "reschedule", "appointmentId": world.id_of("visit", work)},
    )


@for_engineers
@when(P('"{contact}" sends the request "{title}" at "{location}" with the key "{key}"'))
def sends_with_key(world: World, contact: str, title: str, location: str, key: str) -> None:
    """A submission with an Idempotency-Key, as an app that may retry sends it."""
    world.response = _submit(world, contact, title, _service(world, location), key)


@for_engineers
@when(P('"{contact}" sends the request "{title}" at "{location}" twice with the same key'))
def sends_twice(world: World, contact: str, title: str, location: str) -> None:
    """The same submission, with the same Idempotency-Key, sent again (a retry)."""
    key = f"retry-{uuid.uuid4().hex}"
    first = _submit(world, contact, title, _service(world, location), key)
    second = _submit(world, contact, title, _service(world, location), key)
    world.remembered["both answers"] = (first, second)
    world.response = second


@then(P("both answers describe the same request"))
def same_request(world: World) -> None:
    """The retry got the first result back, marked as a replay."""
    first, second = world.remembered["both answers"]
    assert first.status_code == second.status_code == 201, (first.text, second.text)
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers


@past('"{contact}" has withdrawn the request "{title}"')
@when(P('"{contact}" withdraws the request "{title}"'))
def withdraws(world: World, contact: str, title: str) -> None:
    """The author takes a request back."""
    world.response = world.h.portal.post(
        f"/requests/{world.id_of('request', title)}/withdraw", headers=world.as_person(contact)
    )


def _portal_request(
    world: World, contact: str, title: str, language: str = "English"
) -> dict[str, Any]:
    headers = world.as_person(contact) | {"Accept-Language": LANGUAGES[language]}
    answer = world.h.portal.get(f"/requests/{world.id_of('request', title)}", headers=headers)
    assert answer.status_code == 200, answer.text
    listed = world.h.portal.get("/requests", headers=headers)
    # The request's own page also names its files; the list leaves them out.
    assert {k: v for k, v in answer.json().items() if k != "files"} in listed.json()["items"]
    return answer.json()


@then(P('"{contact}" sees the request "{title}" as "{label}" in {language}'))
@then(P('"{contact}" sees the request "{title}" as "{label}"'))
def sees_request_as(
    world: World, contact: str, title: str, label: str, language: str = "English"
) -> None:
    """The customer-facing status of the request in the portal (in English unless told)."""
    assert _portal_request(world, contact, title, language)["status"]["label"] == label


@then(P('"{contact}" sees the request "{title}" as "{label}" with the reason "{reason}"'))
def sees_declined(world: World, contact: str, title: str, label: str, reason: str) -> None:
    """A declined request shows the reason written for the customer."""
    seen = _portal_request(world, contact, title)
    assert seen["status"]["label"] == label
    assert seen["declineReason"] == reason
    assert [m["reason"] for m in seen["milestones"] if m["key"] == "declined"] == [reason]


@then(P('"{contact}" sees the planned visit date of "{title}"'))
def sees_planned_date(world: World, contact: str, title: str) -> None:
    """The 'planned' milestone carries the visit's start, the first preferred window's."""
    seen = _portal_request(world, contact, title)
    wanted = world.record("request", title)["preferredWindows"][0]["startsAt"]
    planned = [m for m in seen["milestones"] if m["key"] == "planned"]
    assert len(planned) == 1, seen["milestones"]
    assert datetime.fromisoformat(planned[0]["visitStartsAt"]) == datetime.fromisoformat(wanted)
    assert [m["key"] for m in seen["milestones"]] == [
        "received",
        "under_review",
        "accepted",
        "planned",
    ]


@then(P('nothing "{contact}" can read about "{title}" mentions "{text}"'))
def nothing_mentions(world: World, contact: str, title: str, text: str) -> None:
    """Every portal answer about the request (list, detail, comments, work) lacks the text."""
    request_id = world.id_of("request", title)
    headers = world.as_person(contact)
    for path in (
        "/requests",
        f"/requests/{request_id}",
        f"/requests/{request_id}/comments",
        "/work",
        "/appointments",
    ):
        answer = world.h.portal.get(path, headers=headers)
        assert answer.status_code == 200, (path, answer.text)
        assert text not in answer.text, path


@past('"{contact}" has written "{text}" on the request "{title}"')
@when(P('"{contact}" writes "{text}" on the request "{title}"'))
def customer_writes(world: World, contact: str, text: str, title: str) -> None:
    """The customer writes a message on the request."""
    world.response = world.h.portal.post(
        f"/requests/{world.id_of('request', title)}/comments",
        json={"body": text},
        headers=world.as_person(contact),
    )
    assert world.status == 201, world.response.text
    world.remember("comment", text, world.body() | {"requestId": world.id_of("request", title)})


@then(P('"{contact}" reads "{first}" and "{second}" on the request "{title}"'))
def customer_reads(world: World, contact: str, first: str, second: str, title: str) -> None:
    """The conversation in the portal, oldest first, with who wrote what."""
    answer = world.h.portal.get(
        f"/requests/{world.id_of('request', title)}/comments", headers=world.as_person(contact)
    )
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [(c["body"], c["by"]) for c in items] == [(first, "customer"), (second, "staff")]


# --- the internal side -----------------------------------------------------------------------


@past('"{person}" has started reviewing the request "{title}"')
@when(P('"{person}" starts reviewing the request "{title}"'))
def starts_review(world: World, person: str, title: str) -> None:
    """Staff take a request into review."""
    _staff_on(world, person, title, "review")


@past('"{person}" has accepted the request "{title}"')
@when(P('"{person}" accepts the request "{title}"'))
def accepts_request(world: World, person: str, title: str) -> None:
    """Staff accept a request under review."""
    _staff_on(world, person, title, "accept")


@past('"{person}" has turned the request "{title}" into work')
@when(P('"{person}" turns the request "{title}" into work'))
def converts(world: World, person: str, title: str) -> None:
    """Staff convert the request into a work item for its customer, location and contact."""
    _staff_on(world, person, title, "convert", {})
    if world.status == 200:
        world.remember("work from request", title, world.body()["target"])


@when(P('"{person}" turns the request "{title}" into work with a visit in the preferred window'))
def converts_with_visit(world: World, person: str, title: str) -> None:
    """Staff convert the request and plan a visit in its first preferred window."""
    _staff_on(world, person, title, "convert", {"planWindow": 0})
    if world.status == 200:
        world.remember("work from request", title, world.body()["target"])
        world.remember("work", title, world.body()["target"])


@past('"{person}" has declined the request "{title}" because "{reason}" noting internally "{note}"')
@when(P('"{person}" declines the request "{title}" because "{reason}" noting internally "{note}"'))
def declines(world: World, person: str, title: str, reason: str, note: str) -> None:
    """Staff decline with a reason for the customer and an internal comment for colleagues."""
    _staff_on(world, person, title, "reject", {"reason": reason, "internalComment": note})


@past('"{person}" has answered "{text}" on the request "{title}"')
@when(P('"{person}" answers "{text}" on the request "{title}"'))
def staff_answers(world: World, person: str, text: str, title: str) -> None:
    """Staff write a message the customer reads."""
    _staff_on(world, person, title, "comments", {"body": text})
    assert world.status == 201, world.response.text
    world.remember("comment", text, world.body())


@past('"{person}" has noted internally "{text}" on the request "{title}"')
@when(P('"{person}" notes internally "{text}" on the request "{title}"'))
def staff_notes(world: World, person: str, text: str, title: str) -> None:
    """Staff write an internal comment the portal never shows."""
    _staff_on(world, person, title, "comments", {"body": text, "internal": True})
    assert world.status == 201, world.response.text
    world.remember("comment", text, world.body())


@then(P('"{person}" reads "{text}" on the request "{title}"'))
def staff_reads(world: World, person: str, text: str, title: str) -> None:
    """Staff see the whole conversation, internal comments included."""
    answer = world.h.internal.get(
        f"/requests/{world.id_of('request', title)}/comments", headers=world.as_person(person)
    )
    assert answer.status_code == 200, answer.text
    assert text in [c["body"] for c in answer.json()["items"]]


@when(P('"{person}" lists the {status:W} requests'))
def lists_queue(world: World, person: str, status: str) -> None:
    """The review queue filtered by status: submitted, under review, rejected, ..."""
    world.response = world.h.internal.get(
        "/requests",
        params={"status": REQUEST_STATUSES[status]},
        headers=world.as_person(person),
    )


@then(P('the queue shows "{title}"'))
def queue_shows(world: World, title: str) -> None:
    """The last queue holds the request."""
    assert world.status == 200, world.response.text
    assert title in [r["title"] for r in world.body()["items"]]


@then(P('the queue does not show "{title}"'))
def queue_hides(world: World, title: str) -> None:
    """The last queue does not hold the request."""
    assert world.status == 200, world.response.text
    assert title not in [r["title"] for r in world.body()["items"]]


@then(P('the review queue of "{tenant}" shows a reschedule request'))
def queue_has_reschedule(world: World, tenant: str) -> None:
    """One reschedule request waits for review."""
    answer = world.h.internal.get(
        "/requests", params={"type": "reschedule"}, headers=world.admin(tenant)
    )
    assert answer.status_code == 200
    [waiting] = answer.json()["items"]
    assert waiting["status"] == "submitted"
    assert waiting["appointmentId"] is not None


@then(P('"{customer}" has no requests'))
def has_no_requests(world: World, customer: str) -> None:
    """Staff find no request of the customer."""
    has_requests(world, customer, 0)


@then(P('"{customer}" has {count:d} request'))
def has_requests(world: World, customer: str, count: int) -> None:
    """Staff find this many requests of the customer."""
    answer = world.h.internal.get(
        "/requests",
        params={"customerId": world.id_of("customer", customer)},
        headers=_tenant_admin_of(world, customer),
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["items"]) == count


@then(P('"{customer}" has no work'))
def has_no_work(world: World, customer: str) -> None:
    """Staff find no work item of the customer."""
    answer = world.h.internal.get(
        "/targets",
        params={"customerId": world.id_of("customer", customer)},
        headers=_tenant_admin_of(world, customer),
    )
    assert answer.status_code == 200
    assert answer.json()["items"] == []


@then(
    P(
        'the work made from "{title}" is at "{location}" for "{customer}" '
        'with the contact "{contact}"'
    )
)
def converted_context(world: World, title: str, location: str, customer: str, contact: str) -> None:
    """The converted work item carries the request's customer, location and contact."""
    work = world.record("work from request", title)
    assert work["customerId"] == world.id_of("customer", customer)
    assert work["locationId"] == world.id_of("location", location)
    assert work["contactId"] == world.id_of("contact", contact)
    assert work["origin"] == "portal_request"


@given(P('the work "{work}" at "{location}" with an unassigned visit in {days:d} days'))
def work_with_unassigned_visit(world: World, work: str, location: str, days: int) -> None:
    """A work item with one visit from 9 to 11 o'clock, nobody assigned yet."""
    work_exists(world, work, location)
    tenant = world.record("location", location)["tenant"]
    start, end = _at(world, days, 9), _at(world, days, 11)
    window = {"startsAt": start.isoformat(), "endsAt": end.isoformat()}
    response = _plan(world, world.admin(tenant), work, window)
    assert response.status_code == 201, response.text


@past('"{contact}" has attached "{file_name}" to the request "{title}"')
@when(P('"{contact}" attaches "{file_name}" to the request "{title}"'))
def attaches_file(world: World, contact: str, file_name: str, title: str) -> None:
    """A portal user adds a photo or a document (jpg, png, pdf, txt) to their request."""
    from tests.acceptance.steps.reports import _sample

    kind, data = _sample(file_name)
    world.response = world.h.portal.post(
        f"/requests/{world.id_of('request', title)}/files",
        params={"fileName": file_name},
        content=data,
        headers=world.as_person(contact) | {"Content-Type": kind},
    )
    if world.status == 201:
        world.remember("file", file_name, world.body())


@when(P('"{person}" attaches "{file_name}" to the message "{text}"'))
def attaches_file_to_message(world: World, person: str, file_name: str, text: str) -> None:
    """Staff add a document or a photo to a message they wrote on a request."""
    from tests.acceptance.steps.reports import _sample

    kind, data = _sample(file_name)
    comment = world.record("comment", text)
    world.response = world.h.internal.post(
        f"/requests/{comment['requestId']}/comments/{comment['id']}/files",
        params={"fileName": file_name},
        content=data,
        headers=world.as_person(person) | {"Content-Type": kind},
    )
    if world.status == 201:
        world.remember("file", file_name, world.body())


@when(P('"{contact}" lists the files of the request "{title}"'))
def looks_at_files(world: World, contact: str, title: str) -> None:
    """A portal user opens the list of files of a request."""
    world.response = world.h.portal.get(
        f"/requests/{world.id_of('request', title)}/files", headers=world.as_person(contact)
    )


def _files_seen(world: World, contact: str, title: str) -> list[dict[str, Any]]:
    """The request's files as the portal lists them; its page names the same ones."""
    looks_at_files(world, contact, title)
    assert world.status == 200, world.response.text
    listed = world.body()["items"]
    detail = world.h.portal.get(
        f"/requests/{world.id_of('request', title)}", headers=world.as_person(contact)
    )
    assert detail.status_code == 200, detail.text
    assert detail.json()["files"] == listed
    return listed


def _finds_file(
    world: World, contact: str, file_name: str, title: str, by: str, mine: bool
) -> None:
    seen = [f for f in _files_seen(world, contact, title) if f["fileName"] == file_name]
    assert len(seen) == 1, seen
    assert set(seen[0]) == {"id", "fileName", "mediaType", "size", "uploadedAt", "by", "mine"}
    assert (seen[0]["id"], seen[0]["by"], seen[0]["mine"]) == (
        world.id_of("file", file_name),
        by,
        mine,
    )


@then(P('"{contact}" finds the file "{file_name}" they sent with the request "{title}"'))
def finds_own_file(world: World, contact: str, file_name: str, title: str) -> None:
    """Listed with the request's files (and named on its page) as sent by this contact."""
    _finds_file(world, contact, file_name, title, "customer", True)


@then(P('"{contact}" finds the file "{file_name}" of a colleague with the request "{title}"'))
def finds_colleagues_file(world: World, contact: str, file_name: str, title: str) -> None:
    """Listed with the request's files as sent by the customer's side, not by this contact."""
    _finds_file(world, contact, file_name, title, "customer", False)


@then(P('"{contact}" finds the file "{file_name}" of the service team with the request "{title}"'))
def finds_staff_file(world: World, contact: str, file_name: str, title: str) -> None:
    """Listed with the request's files as sent by the service team, who stay anonymous."""
    _finds_file(world, contact, file_name, title, "staff", False)


@then(P('"{contact}" finds the file "{file_name}" on the message "{text}"'))
def finds_file_on_message(world: World, contact: str, file_name: str, text: str) -> None:
    """In the portal's conversation, the message carries the file (name, type and size)."""
    comment = world.record("comment", text)
    answer = world.h.portal.get(
        f"/requests/{comment['requestId']}/comments", headers=world.as_person(contact)
    )
    assert answer.status_code == 200, answer.text
    [message] = [c for c in answer.json()["items"] if c["id"] == comment["id"]]
    assert [(f["id"], f["fileName"]) for f in message["files"]] == [
        (world.id_of("file", file_name), file_name)
    ]


@then(P('"{contact}" finds no files with the request "{title}"'))
def finds_no_files(world: World, contact: str, title: str) -> None:
    """Neither the request's files nor its page name any file."""
    assert _files_seen(world, contact, title) == []


@then(P('staff find the file "{file_name}" on the request "{title}"'))
def staff_find_file(world: World, file_name: str, title: str) -> None:
    """The request's files, as the tenant admin sees them, include this one."""
    tenant = world.record("request", title)["tenant"]
    answer = world.h.internal.get(
        f"/requests/{world.id_of('request', title)}/attachments", headers=world.admin(tenant)
    )
    assert answer.status_code == 200, answer.text
    assert file_name in [f["fileName"] for f in answer.json()["items"]]


@when(P('"{contact}" lists their {status:W} requests'))
def lists_my_requests(world: World, contact: str, status: str) -> None:
    """The portal's request list filtered by what the customer reads: received, under review,
    accepted (turned into work included), declined, withdrawn."""
    world.response = world.h.portal.get(
        "/requests",
        params={"status": MY_REQUEST_STATUSES[status]},
        headers=world.as_person(contact),
    )
