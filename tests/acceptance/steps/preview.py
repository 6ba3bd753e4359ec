"""Steps about staff previewing the portal as a customer contact sees it ("view as")."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

from litestar.handlers import HTTPRouteHandler
from litestar.utils import join_paths
from pytest_bdd import then, when

from ordinavo.entrypoints.internal_api.portal_preview import CONTACT_PREVIEW, USER_PREVIEW
from ordinavo.entrypoints.portal_api.reads import ACCOUNT_READS, RECORD_READS
from tests.acceptance.steps.phrases import P
from tests.acceptance.vocabulary import LANGUAGES, ScenarioMistake
from tests.acceptance.world import World

_PLACEHOLDER = re.compile(r"{(\w+)(?::\w+)?}")


def _filled(template: str, value: str) -> str:
    return _PLACEHOLDER.sub(value, template)


def _gets(reads: tuple[Any, ...]) -> Iterator[tuple[str, HTTPRouteHandler]]:
    """(path, handler) of every GET among the portal's reads, as the portal mounts them."""
    for read in reads:
        if isinstance(read, HTTPRouteHandler):
            owner, handlers = "/", [read]
        else:
            owner = read.path
            handlers = [h for n in dir(read) if isinstance(h := getattr(read, n), HTTPRouteHandler)]
        for handler in handlers:
            if "GET" in handler.http_methods:
                for path in handler.paths:
                    yield join_paths([owner, path]), handler


def _remember(world: World, contact: str, person: str, prefix: str, **query: Any) -> None:
    reads = (*ACCOUNT_READS, *RECORD_READS) if prefix.startswith("/portal/users/") else RECORD_READS
    world.remembered[f"preview of {contact}"] = {
        "by": person,
        "prefix": prefix,
        "query": query,
        "reads": reads,
    }


def _preview(world: World, contact: str) -> dict[str, Any]:
    preview = world.remembered.get(f"preview of {contact}")
    if preview is None:
        raise ScenarioMistake(
            f'Nobody has previewed the portal of "{contact}" yet; start with '
            f'When "Max" previews the portal of "{contact}".'
        )
    return preview


def _read(world: World, contact: str, path: str, language: str = "en", **query: Any) -> Any:
    """One answer of the preview, as the person who previewed it reads it."""
    preview = _preview(world, contact)
    return world.h.internal.get(
        preview["prefix"] + path,
        params=preview["query"] | query,
        headers=world.as_person(preview["by"]) | {"Accept-Language": language},
    )


def _items(world: World, contact: str, path: str) -> list[dict[str, Any]]:
    answer = _read(world, contact, path, limit=100)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


@when(P('"{person}" previews the portal of "{contact}"'))
def previews_portal_user(world: World, person: str, contact: str) -> None:
    """Staff open the portal as the contact's own portal account shows it, without signing in."""
    user_id = world.record("invitation", contact)["portalUserId"]
    _remember(world, contact, person, _filled(USER_PREVIEW, user_id))
    world.response = _read(world, contact, "/me")


@when(P('"{person}" previews the portal of "{contact}" with a grant on the location "{location}"'))
def previews_contact_with_location_grant(
    world: World, person: str, contact: str, location: str
) -> None:
    """Before inviting: what a grant on that location would show the contact; nothing is given."""
    record = world.record("contact", contact)
    _remember(
        world,
        contact,
        person,
        _filled(CONTACT_PREVIEW, record["id"]),
        grantCustomerId=record["customerId"],
        grantLocationId=[world.id_of("location", location)],
        grantCanSubmitRequests="true",
        grantCanSeeReports="true",
    )
    world.response = _read(world, contact, "/locations")


@then(P('the preview of "{contact}" shows the visit for "{work}" at "{location}"'))
def preview_shows_visit(world: World, contact: str, work: str, location: str) -> None:
    """The previewed portal lists the upcoming visit, at that location."""
    found = [v for v in _items(world, contact, "/appointments") if v["workTitle"] == work]
    assert [v["location"]["name"] for v in found] == [location], found


@then(P('the preview of "{contact}" shows no visit for "{work}"'))
def preview_shows_no_visit(world: World, contact: str, work: str) -> None:
    """No appointment of the work is in the previewed list, nor reachable by its address."""
    assert work not in [v["workTitle"] for v in _items(world, contact, "/appointments")]
    if ("visit", work) in world.records:
        direct = _read(world, contact, f"/appointments/{world.id_of('visit', work)}")
        assert direct.status_code == 404, direct.text


@then(P('the preview of "{contact}" shows the work "{work}"'))
def preview_shows_work(world: World, contact: str, work: str) -> None:
    """The work item is in the previewed list of active work."""
    assert work in [w["title"] for w in _items(world, contact, "/work")]


@then(P('the preview of "{contact}" shows "{text}" on the request "{title}"'))
def preview_shows_message(world: World, contact: str, text: str, title: str) -> None:
    """The previewed conversation on the request holds the message, as the customer reads it."""
    request_id = world.id_of("request", title)
    bodies = [c["body"] for c in _items(world, contact, f"/requests/{request_id}/comments")]
    assert text in bodies, bodies


@then(P('nothing the preview of "{contact}" shows mentions "{text}"'))
def preview_never_mentions(world: World, contact: str, text: str) -> None:
    """Each read the portal offers, previewed in every language, lists followed, lacks the text."""
    for path, body in everything_in_the_preview(world, contact):
        assert text not in body, path


def everything_in_the_preview(world: World, contact: str) -> list[tuple[str, str]]:
    """(address, text) of every answer the last preview of the contact offers."""
    routes = sorted(_gets(_preview(world, contact)["reads"]))
    assert routes, "the portal offers no reads"
    seen: list[tuple[str, str]] = []

    def read(path: str, handler: HTTPRouteHandler, language: str) -> Any:
        pages = "limit" in inspect.signature(handler.fn).parameters
        answer = _read(world, contact, path, language, **({"limit": 100} if pages else {}))
        # A read that documents "not found" (no data export yet) may answer it.
        allowed = {200} | ({404} if 404 in (handler.responses or {}) else set())
        assert answer.status_code in allowed, (path, answer.status_code, answer.text)
        seen.append((path, answer.text))
        return answer.json()

    for language in LANGUAGES.values():
        ids: dict[str, list[str]] = {}
        for path, handler in routes:  # the lists first: their items open the pages
            if "{" not in path:
                body = read(path, handler, language)
                if isinstance(body, dict) and "items" in body:
                    ids[path] = [item["id"] for item in body["items"] if "id" in item]
        for path, handler in routes:
            if "{" in path:
                listed_at = path.partition("/{")[0]
                for item_id in ids[listed_at]:
                    read(_filled(path, item_id), handler, language)
    return seen


@then(P('"{contact}" has no portal access'))
def has_no_portal_access(world: World, contact: str) -> None:
    """No portal account and no invitation names the contact (so no grant does either)."""
    contact_id = world.id_of("contact", contact)
    headers = world.admin(world.record("contact", contact)["tenant"])
    for listing in ("/portal/users", "/portal/invitations"):
        answer = world.h.internal.get(listing, params={"limit": 100}, headers=headers)
        assert answer.status_code == 200, answer.text
        assert contact_id not in [x["contactId"] for x in answer.json()["items"]], listing
