"""Steps about timelines: the customer-safe one on the portal and the customer's internal one.
Portal entries are named by their label (as the customer reads it in English) and by what they
are about (a request's title, a work item's title, a report's portal title, a file's name)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from tests.acceptance.steps.phrases import P, for_engineers
from tests.acceptance.steps.requests import _staff_on
from tests.acceptance.vocabulary import FIELD_UPDATES, LANGUAGES, TIMELINE_KINDS
from tests.acceptance.world import World

# What a customer may ever find on the portal timeline.
CUSTOMER_SAFE = {
    "request_received",
    "request_accepted",
    "request_planned",
    "request_declined",
    "visit_planned",
    "visit_rescheduled",
    "visit_cancelled",
    "visit_completed",
    "report_published",
    "file_released",
    "follow_up_needed",
    "follow_up_planned",
}


def _portal_timeline(world: World, contact: str, **params: Any) -> list[dict[str, Any]]:
    answer = world.h.portal.get(
        "/timeline",
        params={"limit": 100, **params},
        headers=world.as_person(contact) | {"Accept-Language": "en"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _lines(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["label"]["label"], e["title"] or "") for e in entries]


@when(P('"{person}" turns the request "{title}" into the work "{work}"'))
def converts_into(world: World, person: str, title: str, work: str) -> None:
    """Staff convert the request into a work item, known from then on by the given name."""
    _staff_on(world, person, title, "convert", {"title": work})
    assert world.status == 200, world.response.text
    tenant = world.person(person).tenant
    world.remember("work", work, world.body()["target"] | {"tenant": tenant})


@then(parsers.parse('the timeline of "{contact}" reads, newest first:'))
def timeline_reads(world: World, contact: str, datatable: list[list[str]]) -> None:
    """The whole portal timeline, entry by entry: its label and what it is about."""
    expected = [(row[0], row[1]) for row in datatable[1:]]
    assert _lines(_portal_timeline(world, contact)) == expected


@then(P('the timeline of "{contact}" shows "{label}" about "{about}"'))
def timeline_shows(world: World, contact: str, label: str, about: str) -> None:
    """One entry with this label is about this request, work, report or file."""
    assert (label, about) in _lines(_portal_timeline(world, contact))


@then(P('the timeline of "{contact}" does not show "{label}" about "{about}"'))
def timeline_lacks(world: World, contact: str, label: str, about: str) -> None:
    """No entry with this label is about this request, work, report or file."""
    assert (label, about) not in _lines(_portal_timeline(world, contact))


@then(P('the timeline of "{contact}" shows nothing about "{about}"'))
def timeline_nothing_about(world: World, contact: str, about: str) -> None:
    """No entry at all is about this request, work, report or file."""
    assert about not in [title for _, title in _lines(_portal_timeline(world, contact))]


@then(P('the timeline of "{contact}" holds only customer-safe entries'))
def timeline_customer_safe(world: World, contact: str) -> None:
    """Every entry is of a customer-safe kind and names no internal object or field."""
    entries = _portal_timeline(world, contact)
    assert entries
    assert {e["kind"] for e in entries} <= CUSTOMER_SAFE
    text = str(entries).lower()
    for word in ("billing", "webhook", "routing", "internal", "planning", "mapping"):
        assert word not in text, word


@then(P('the timeline of "{contact}" in {language} shows "{label}" first'))
def timeline_in_language(world: World, contact: str, language: str, label: str) -> None:
    """Labels come from the status translation table, in the language asked for."""
    answer = world.h.portal.get(
        "/timeline", headers=world.as_person(contact) | {"Accept-Language": LANGUAGES[language]}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"][0]["label"]["label"] == label


@for_engineers
@when(P('"{contact}" continues the timeline with a cursor issued to "{other}"'))
def continues_with_foreign_cursor(world: World, contact: str, other: str) -> None:
    """The contact sends the next-page cursor another person received."""
    first = world.h.portal.get(
        "/timeline", params={"limit": 1}, headers=world.as_person(other)
    ).json()
    assert first["nextCursor"], first
    world.response = world.h.portal.get(
        "/timeline",
        params={"limit": 1, "cursor": first["nextCursor"]},
        headers=world.as_person(contact),
    )


@for_engineers
@when(P('"{contact}" continues the timeline with a cursor issued for other kinds of entry'))
def continues_with_other_filter(world: World, contact: str) -> None:
    """The contact changes the filter but keeps the cursor of the unfiltered list."""
    first = world.h.portal.get(
        "/timeline", params={"limit": 1}, headers=world.as_person(contact)
    ).json()
    assert first["nextCursor"], first
    world.response = world.h.portal.get(
        "/timeline",
        params={"limit": 1, "cursor": first["nextCursor"], "kind": "visit_planned"},
        headers=world.as_person(contact),
    )


@for_engineers
@when(P('"{contact}" continues the timeline with a cursor that was tampered with'))
def continues_with_tampered_cursor(world: World, contact: str) -> None:
    """One character of a real cursor changed."""
    first = world.h.portal.get(
        "/timeline", params={"limit": 1}, headers=world.as_person(contact)
    ).json()
    cursor = first["nextCursor"]
    assert cursor, first
    changed = cursor[:-3] + ("A" if cursor[-3] != "A" else "B") + cursor[-2:]
    world.response = world.h.portal.get(
        "/timeline", params={"limit": 1, "cursor": changed}, headers=world.as_person(contact)
    )


@for_engineers
@when(P('"{contact}" asks for the timeline from {since} to {until}'))
def timeline_range(world: World, contact: str, since: str, until: str) -> None:
    """A date range (ISO dates)."""
    world.response = world.h.portal.get(
        "/timeline",
        params={"from": f"{since}T00:00:00+00:00", "to": f"{until}T00:00:00+00:00"},
        headers=world.as_person(contact),
    )


@then(P('every page of the timeline of "{contact}" taken {size:d} at a time adds up to it'))
def pages_add_up(world: World, contact: str, size: int) -> None:
    """Following nextCursor from the first page yields the whole list, once each."""
    whole = _portal_timeline(world, contact)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": size, **({"cursor": cursor} if cursor else {})}
        page = world.h.portal.get(
            "/timeline", params=params, headers=world.as_person(contact)
        ).json()
        seen += page["items"]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert [e["id"] for e in seen] == [e["id"] for e in whole]


# --- the internal timeline -----------------------------------------------------------------------


def _internal_timeline(world: World, person: str, customer: str) -> Any:
    return world.h.internal.get(
        f"/customers/{world.id_of('customer', customer)}/timeline",
        params={"limit": 100},
        headers=world.as_person(person),
    )


@when(P('"{person}" reads the timeline of "{customer}"'))
def reads_internal_timeline(world: World, person: str, customer: str) -> None:
    """Staff open the customer's history."""
    world.response = _internal_timeline(world, person, customer)


@then(P('the timeline shows entries about the work "{work}"'))
def internal_shows_work(world: World, work: str) -> None:
    """Some entries of the last timeline read are about this work item."""
    assert world.status == 200, world.response.text
    ids = {e.get("workId") for e in world.body()["items"]}
    assert world.id_of("work", work) in ids


@then(P('the timeline shows nothing about the work "{work}"'))
def internal_lacks_work(world: World, work: str) -> None:
    """No entry of the last timeline read is about this work item."""
    assert world.status == 200, world.response.text
    work_id = world.id_of("work", work)
    assert all(e.get("workId") != work_id for e in world.body()["items"])
    assert work_id not in world.response.text


@then(P("the timeline shows {kind:W} entries"))
def internal_shows_kind(world: World, kind: str) -> None:
    """Some entries of the last timeline read are of this kind (work, visit, report, billing...)."""
    assert world.status == 200, world.response.text
    assert TIMELINE_KINDS[kind] in {e["kind"] for e in world.body()["items"]}


@then(P("the timeline shows no {kind:W} entries"))
def internal_lacks_kind(world: World, kind: str) -> None:
    """No entry of the last timeline read is of this kind."""
    assert world.status == 200, world.response.text
    assert TIMELINE_KINDS[kind] not in {e["kind"] for e in world.body()["items"]}


@given(P('"{person}" has reported "{status}" on the visit of "{work}"'))
def has_reported(world: World, person: str, status: str, work: str) -> None:
    """The assigned employee posted a field update (started, done, ...)."""
    answer = world.h.internal.post(
        f"/appointments/{world.id_of('visit', work)}/field-status",
        json={"status": FIELD_UPDATES[status]},
        headers=world.as_person(person),
    )
    assert answer.status_code == 200, answer.text
