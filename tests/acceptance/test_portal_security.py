"""The session, login and invitation tests of QUALITY-BAR.md, against both apps over HTTP.

Time is a movable clock inside the apps, so timeouts are tested without waiting.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from tests.support.database import owner_connection
from tests.support.harness import Harness, harness

PASSWORD = "Sunny-terrace-42"


@pytest.fixture
def h(fresh_harness: Harness) -> Harness:
    return fresh_harness


def _seed(h: Harness, slug: str = "acme") -> dict[str, Any]:
    """A tenant with a customer, two locations and a contact at the first location."""
    token = h.open_tenant(slug, slug.title())
    auth = h.staff(token)
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=auth
    ).json()
    locations = [
        h.internal.post(
            "/locations",
            json={
                "customerId": customer["id"],
                "name": name,
                "addressLine": "Main 1",
                "city": "Berlin",
                "country": "DE",
            },
            headers=auth,
        ).json()
        for name in ("North", "South")
    ]
    contact = h.internal.post(
        "/contacts",
        json={
            "customerId": customer["id"],
            "locationId": locations[0]["id"],
            "name": "Jana Berg",
            "email": f"jana@{slug}.example",
        },
        headers=auth,
    ).json()
    return {"auth": auth, "customer": customer, "locations": locations, "contact": contact}


def _request_at(
    h: Harness, seed: dict[str, Any], location: dict[str, Any], title: str
) -> tuple[dict, dict]:
    """A request at the location, submitted by a fresh contact with a whole-customer grant,
    with a photo the contact attached to it; (request, file)."""
    contact = h.internal.post(
        "/contacts",
        json={
            "customerId": location["customerId"],
            "name": "Other Contact",
            "email": f"{title.split()[0].lower()}@{uuid.uuid4().hex[:8]}.example",
        },
        headers=seed["auth"],
    ).json()
    h.internal.post(
        "/portal/invitations",
        json={
            "contactId": contact["id"],
            "grant": {"customerId": location["customerId"], "canSubmitRequests": True},
        },
        headers=seed["auth"],
    )
    token = _accept(h, h.last_link_token()).json()["token"]
    h.portal.cookies.clear()
    response = h.portal.post(
        "/requests",
        json={
            "type": "service",
            "title": title,
            "description": "Please come.",
            "locationId": location["id"],
        },
        headers=_bearer(token),
    )
    assert response.status_code == 201, response.text
    photo = h.portal.post(
        f"/requests/{response.json()['id']}/files",
        params={"fileName": f"{title}.png"},
        content=b"\x89PNG\r\n\x1a\n" + title.encode(),
        headers=_bearer(token) | {"Content-Type": "image/png"},
    )
    assert photo.status_code == 201, photo.text
    return response.json(), photo.json()


def _visit_at(h: Harness, seed: dict[str, Any], location: dict[str, Any], title: str) -> dict:
    """Work with one visit in two days at the location; returns the appointment."""
    target = h.internal.post(
        "/targets",
        json={"customerId": location["customerId"], "locationId": location["id"], "title": title},
        headers=seed["auth"],
    ).json()
    start = h.clock.now().replace(microsecond=0) + timedelta(days=2)
    response = h.internal.post(
        "/appointments",
        json={
            "targetId": target["id"],
            "startsAt": start.isoformat(),
            "endsAt": (start + timedelta(hours=1)).isoformat(),
        },
        headers=seed["auth"],
    )
    assert response.status_code == 201, response.text
    return response.json()


def _published_report_at(
    h: Harness, seed: dict[str, Any], location: dict[str, Any], title: str
) -> tuple[dict, dict]:
    """A published report on work at the location, with one released file; (report, file).
    The tenant lets portal users download files, so only the scope can refuse them."""
    auth = seed["auth"]
    assert h.internal.patch(
        "/tenant/settings", json={"portalAttachmentsEnabled": True}, headers=auth
    ).is_success
    target = h.internal.post(
        "/targets",
        json={"customerId": location["customerId"], "locationId": location["id"], "title": title},
        headers=auth,
    ).json()
    report = h.internal.post(
        "/reports", json={"targetId": target["id"], "title": title}, headers=auth
    ).json()
    for step, body in (
        ("submit", None),
        ("approve", None),
        ("publish", {"portalTitle": title, "portalSummary": title, "customerMessage": title}),
    ):
        answer = h.internal.post(f"/reports/{report['id']}/{step}", json=body, headers=auth)
        assert answer.status_code == 200, answer.text
    file = h.internal.post(
        f"/reports/{report['id']}/attachments",
        params={"fileName": f"{title}.pdf"},
        content=b"%PDF-1.7\n" + title.encode(),
        headers=auth | {"Content-Type": "application/pdf"},
    ).json()
    assert h.internal.post(f"/attachments/{file['id']}/release", headers=auth).is_success
    return report, file


def _invite(h: Harness, seed: dict[str, Any], *, locations: list[str] | None = None) -> dict:
    response = h.internal.post(
        "/portal/invitations",
        json={
            "contactId": seed["contact"]["id"],
            "grant": {
                "customerId": seed["customer"]["id"],
                "locationIds": locations if locations is not None else [],
                "canSubmitRequests": True,
                "canSeeReports": True,
                "canDownloadAttachments": True,
            },
        },
        headers=seed["auth"],
    )
    assert response.status_code == 201, response.text
    return response.json()


def _accept(h: Harness, token: str, password: str = PASSWORD) -> Any:
    return h.portal.post(f"/invitations/{token}/accept", json={"password": password})


def _login(h: Harness, email: str, password: str = PASSWORD, slug: str = "acme", **kw: Any):
    return h.portal.post(
        "/auth/login", json={"tenant": slug, "email": email, "password": password}, **kw
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _portal_user(h: Harness) -> tuple[dict[str, Any], str]:
    seed = _seed(h)
    _invite(h, seed)
    accepted = _accept(h, h.last_link_token())
    assert accepted.status_code == 200, accepted.text
    h.portal.cookies.clear()
    return seed, accepted.json()["token"]


# --- tokens --------------------------------------------------------------------------------


def test_only_the_sha256_of_session_and_invitation_tokens_is_stored(
    h: Harness, empty_database: str
) -> None:
    seed = _seed(h)
    _invite(h, seed)
    invitation_token = h.last_link_token()
    session_token = _accept(h, invitation_token).json()["token"]
    assert len(session_token) >= 43  # 256 bits, URL-safe base64

    stored = _stored_strings(h, empty_database)
    for secret in (invitation_token, session_token):
        assert secret not in stored
        assert hashlib.sha256(secret.encode()).hexdigest() in stored


def _stored_strings(h: Harness, url: str) -> str:
    """Every token-hash column of the database, joined. Read as the owner: every tenant's rows,
    which the application's role sees only through a tenant (row-level security)."""

    async def read() -> str:
        async with owner_connection(url) as connection:
            parts = []
            for table in (
                "portal_sessions",
                "portal_invitations",
                "portal_password_resets",
                "access_tokens",
                "api_keys",
            ):
                column = "key_hash" if table == "api_keys" else "token_hash"
                rows = await connection.execute(text(f"SELECT {column} FROM {table}"))
                parts.extend(str(r[0]) for r in rows)
            return "\n".join(parts)

    return h.portal.blocking_portal.call(read)


# --- cookies and caching -------------------------------------------------------------------


def test_the_session_cookie_is_httponly_lax_host_wide_and_without_domain(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    response = _accept(h, h.last_link_token())
    cookie = response.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith("ordinavo_portal=")
    assert "httponly" in attributes
    assert "samesite=lax" in cookie.lower()
    assert "path=/" in cookie.lower()
    assert "domain" not in attributes


def test_over_https_the_cookie_is_secure_and_host_prefixed(empty_database: str) -> None:
    with harness(empty_database, portal_public_url="https://portal.example") as hx:
        seed = _seed(hx)
        _invite(hx, seed)
        cookie = _accept(hx, hx.last_link_token()).headers["set-cookie"]
    assert cookie.startswith("__Host-ordinavo_portal=")
    assert "secure" in cookie.lower()


def test_authenticated_portal_responses_are_not_cached(h: Harness) -> None:
    _, token = _portal_user(h)
    response = h.portal.get("/me", headers=_bearer(token))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


# --- login, logout, rotation ---------------------------------------------------------------


def test_login_issues_a_new_session_and_the_one_held_before_fails(h: Harness) -> None:
    seed, first = _portal_user(h)
    second = _login(h, seed["contact"]["email"], headers=_bearer(first))
    assert second.status_code == 200
    assert second.json()["token"] != first
    assert h.portal.get("/me", headers=_bearer(first)).status_code == 401
    assert h.portal.get("/me", headers=_bearer(second.json()["token"])).status_code == 200


def test_logout_ends_the_session(h: Harness) -> None:
    _, token = _portal_user(h)
    assert h.portal.post("/auth/logout", headers=_bearer(token)).status_code == 204
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 401


def test_disabling_the_user_ends_every_session(h: Harness) -> None:
    seed, token = _portal_user(h)
    other = _login(h, seed["contact"]["email"]).json()["token"]
    user_id = h.internal.get("/portal/users", headers=seed["auth"]).json()["items"][0]["id"]
    response = h.internal.post(f"/portal/users/{user_id}/disable", headers=seed["auth"])
    assert response.status_code == 200
    for session in (token, other):
        assert h.portal.get("/me", headers=_bearer(session)).status_code == 401
    assert _login(h, seed["contact"]["email"]).status_code == 401


def test_revoking_the_grant_ends_the_open_session(h: Harness) -> None:
    seed, token = _portal_user(h)
    user_id = h.internal.get("/portal/users", headers=seed["auth"]).json()["items"][0]["id"]
    grant = h.internal.get(f"/portal/users/{user_id}", headers=seed["auth"]).json()["grants"][0]
    assert (
        h.internal.post(f"/portal/grants/{grant['id']}/revoke", headers=seed["auth"]).status_code
        == 200
    )
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 401


def test_revoking_an_accepted_invitation_ends_every_session(h: Harness) -> None:
    seed, token = _portal_user(h)
    invitation = h.internal.get("/portal/invitations", headers=seed["auth"]).json()["items"][0]
    assert invitation["status"] == "accepted"
    response = h.internal.post(
        f"/portal/invitations/{invitation['id']}/revoke", headers=seed["auth"]
    )
    assert response.status_code == 200
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 401
    assert _login(h, seed["contact"]["email"]).status_code == 401


def test_narrowing_a_grant_applies_to_the_next_request_of_an_open_session(h: Harness) -> None:
    seed, token = _portal_user(h)
    names = {x["name"] for x in h.portal.get("/locations", headers=_bearer(token)).json()["items"]}
    assert names == {"North", "South"}
    user_id = h.internal.get("/portal/users", headers=seed["auth"]).json()["items"][0]["id"]
    grant = h.internal.get(f"/portal/users/{user_id}", headers=seed["auth"]).json()["grants"][0]
    response = h.internal.patch(
        f"/portal/grants/{grant['id']}",
        json={"locationIds": [seed["locations"][1]["id"]]},
        headers=seed["auth"],
    )
    assert response.status_code == 200, response.text
    names = {x["name"] for x in h.portal.get("/locations", headers=_bearer(token)).json()["items"]}
    assert names == {"South"}


# --- timeouts (movable clock) -----------------------------------------------------------------


def test_a_session_idle_for_thirty_minutes_ends(h: Harness) -> None:
    _, token = _portal_user(h)
    h.clock.advance(timedelta(minutes=29))
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 200
    h.clock.advance(timedelta(minutes=29))  # activity above restarted the idle period
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 200
    h.clock.advance(timedelta(minutes=30, seconds=1))
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 401


def test_a_busy_session_still_ends_after_twelve_hours(h: Harness) -> None:
    _, token = _portal_user(h)
    for _ in range(11 * 4 + 3):  # every 15 minutes for 11 h 45 min
        h.clock.advance(timedelta(minutes=15))
        assert h.portal.get("/me", headers=_bearer(token)).status_code == 200
    h.clock.advance(timedelta(minutes=15))
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 401


def test_timeouts_follow_the_tenant_settings(h: Harness) -> None:
    seed, token = _portal_user(h)
    response = h.internal.patch(
        "/tenant/settings", json={"portalIdleTimeoutMinutes": 5}, headers=seed["auth"]
    )
    assert response.status_code == 200
    fresh = _login(h, seed["contact"]["email"]).json()["token"]
    h.clock.advance(timedelta(minutes=6))
    assert h.portal.get("/me", headers=_bearer(fresh)).status_code == 401
    # A session opened under the old setting keeps the timeout it started with.
    assert h.portal.get("/me", headers=_bearer(token)).status_code == 200


# --- passwords -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["short1!", "password123", "aaaaaaaaaaaa", "x" * 129, "jana-berg-2026"]
)
def test_weak_passwords_are_refused_at_acceptance(h: Harness, password: str) -> None:
    seed = _seed(h)
    _invite(h, seed)
    token = h.last_link_token()
    response = _accept(h, token, password)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == "application/problem+json"
    # Nothing was used up: the link still works with a good password.
    assert _accept(h, token).status_code == 200


def test_a_64_character_passphrase_is_accepted(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    phrase = "correct horse battery staple and a long walk by the river " + "x" * 6
    assert len(phrase) == 64
    assert _accept(h, h.last_link_token(), phrase).status_code == 200


# --- brute force and enumeration ----------------------------------------------------------


def _failure_signature(response: Any) -> tuple[int, str, tuple[str, ...]]:
    headers = tuple(
        sorted(
            f"{k}: {v}"
            for k, v in response.headers.items()
            if k not in ("x-request-id", "content-length", "date")
        )
    )
    body = response.json()
    body.pop("instance", None)
    return response.status_code, str(body), headers


def test_unknown_wrong_disabled_and_uninvited_accounts_look_the_same(h: Harness) -> None:
    seed, _ = _portal_user(h)
    email = seed["contact"]["email"]
    # An invited contact who never accepted.
    other = h.internal.post(
        "/contacts",
        json={
            "customerId": seed["customer"]["id"],
            "name": "Uwe Pending",
            "email": "uwe@acme.example",
        },
        headers=seed["auth"],
    ).json()
    h.internal.post(
        "/portal/invitations",
        json={"contactId": other["id"], "grant": {"customerId": seed["customer"]["id"]}},
        headers=seed["auth"],
    )
    signatures = {
        "wrong password": _failure_signature(_login(h, email, "Wrong-password-99")),
        "unknown address": _failure_signature(_login(h, "nobody@acme.example")),
        "unknown tenant": _failure_signature(_login(h, email, slug="globex")),
        "not yet accepted": _failure_signature(_login(h, "uwe@acme.example")),
    }
    user_id = next(
        u["id"]
        for u in h.internal.get("/portal/users", headers=seed["auth"]).json()["items"]
        if u["email"] == email
    )
    h.internal.post(f"/portal/users/{user_id}/disable", headers=seed["auth"])
    signatures["disabled"] = _failure_signature(_login(h, email))
    assert len(set(signatures.values())) == 1, signatures
    assert next(iter(signatures.values()))[0] == 401


def test_repeated_failures_slow_down_one_account_with_429_and_retry_after(h: Harness) -> None:
    seed, _ = _portal_user(h)
    email = seed["contact"]["email"]
    statuses = [_login(h, email, "Wrong-password-99").status_code for _ in range(5)]
    assert statuses == [401] * 5
    blocked = _login(h, email, "Wrong-password-99")
    assert blocked.status_code == 401  # the sixth failure itself is answered, then blocks
    refused = _login(h, email)  # even the right password waits now
    assert refused.status_code == 429
    first_wait = int(refused.headers["retry-after"])
    assert first_wait >= 1
    h.clock.advance(timedelta(seconds=first_wait))
    assert _login(h, email, "Wrong-password-99").status_code == 401
    second = _login(h, email)
    assert second.status_code == 429
    assert int(second.headers["retry-after"]) > first_wait  # the delay grows
    # Other accounts are not affected.
    assert _login(h, "someone-else@acme.example").status_code == 401


def test_unknown_accounts_are_throttled_exactly_like_real_ones(h: Harness) -> None:
    _seed(h)
    for _ in range(6):
        _login(h, "ghost@acme.example", "Wrong-password-99")
    response = _login(h, "ghost@acme.example", "Wrong-password-99")
    assert response.status_code == 429
    assert "retry-after" in response.headers


def test_spreading_attempts_over_many_addresses_does_not_evade_the_account_limit(
    h: Harness,
) -> None:
    seed, _ = _portal_user(h)
    email = seed["contact"]["email"]
    for n in range(6):
        _login(h, email, "Wrong-password-99", headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert _login(h, email, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429


@pytest.fixture
def production_hashing(empty_database: str) -> Iterator[Harness]:
    """The apps with the password hasher they provide themselves (the other tests use the
    harness's quick one)."""
    with harness(empty_database, quick_passwords=False) as hx:
        yield hx


def test_outdated_password_hashes_are_upgraded_at_login(production_hashing: Harness) -> None:
    from argon2 import PasswordHasher as Argon2

    h = production_hashing
    seed, _ = _portal_user(h)
    weak = Argon2(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)

    async def set_and_read(new_hash: str | None) -> str:
        # As the owner: the one portal user, whichever tenant (row-level security).
        async with owner_connection(h.settings.database_url) as connection:
            if new_hash is not None:
                await connection.execute(
                    text("UPDATE portal_users SET password_hash = :h"), {"h": new_hash}
                )
            return (
                await connection.execute(text("SELECT password_hash FROM portal_users"))
            ).scalar_one()

    h.portal.blocking_portal.call(set_and_read, weak)
    assert _login(h, seed["contact"]["email"]).status_code == 200
    upgraded = h.portal.blocking_portal.call(set_and_read, None)
    assert upgraded != weak
    assert "$argon2id$" in upgraded and "m=19456" in upgraded and "t=2" in upgraded


# --- invitations ---------------------------------------------------------------------------


def test_opening_an_invitation_link_uses_nothing(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    token = h.last_link_token()
    for _ in range(3):  # a mail scanner, the customer, the customer again
        preview = h.portal.get(f"/invitations/{token}")
        assert preview.status_code == 200
        assert preview.headers["referrer-policy"] == "no-referrer"
    assert preview.json()["email"] == "jana@acme.example"
    assert _accept(h, token).status_code == 200


def test_an_invitation_is_single_use(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    token = h.last_link_token()
    assert _accept(h, token).status_code == 200
    again = _accept(h, token)
    assert again.status_code == 404
    assert h.portal.get(f"/invitations/{token}").status_code == 404


def test_an_invitation_expires_after_seven_days(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    token = h.last_link_token()
    h.clock.advance(timedelta(days=7))
    assert _accept(h, token).status_code == 404
    auth = h.staff(h.log_in_admin("acme"))
    invitation = h.internal.get("/portal/invitations", headers=auth).json()["items"][0]
    assert invitation["status"] == "expired"


def test_resending_kills_the_old_link(h: Harness) -> None:
    seed = _seed(h)
    invitation = _invite(h, seed)
    old = h.last_link_token()
    response = h.internal.post(
        f"/portal/invitations/{invitation['id']}/resend", headers=seed["auth"]
    )
    assert response.status_code == 200
    new = h.last_link_token()
    assert new != old
    assert _accept(h, old).status_code == 404
    assert _accept(h, new).status_code == 200


def test_revoking_kills_a_pending_link(h: Harness) -> None:
    seed = _seed(h)
    invitation = _invite(h, seed)
    token = h.last_link_token()
    h.internal.post(f"/portal/invitations/{invitation['id']}/revoke", headers=seed["auth"])
    assert _accept(h, token).status_code == 404


def test_nobody_signs_up_without_an_invitation(h: Harness) -> None:
    _seed(h)
    portal_paths = h.portal.get("/schema/openapi.json").json()["paths"]
    assert not any("signup" in p or "register" in p for p in portal_paths)
    assert _accept(h, "made-up-token").status_code == 404


# --- CSRF ----------------------------------------------------------------------------------


def test_cross_site_and_foreign_origin_requests_with_the_cookie_are_refused(h: Harness) -> None:
    seed = _seed(h)
    _invite(h, seed)
    assert _accept(h, h.last_link_token()).status_code == 200  # the cookie is now set
    cross = h.portal.post("/auth/logout", headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    foreign = h.portal.post("/auth/logout", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert h.portal.get("/me").status_code == 200  # neither request logged us out
    same = h.portal.post("/auth/logout", headers={"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 204


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"tenant=acme&email=a%40b.c&password=x", "application/x-www-form-urlencoded"),
        (b'{"tenant": "acme"}', "text/plain"),
    ],
)
def test_json_endpoints_refuse_form_and_text_bodies(
    h: Harness, content: bytes, content_type: str
) -> None:
    response = h.portal.post("/auth/login", content=content, headers={"content-type": content_type})
    assert response.status_code == 415


def test_no_portal_get_route_changes_state(h: Harness) -> None:
    seed, token = _portal_user(h)
    before = h.internal.get("/security-events", headers=seed["auth"]).json()["items"]
    paths = h.portal.get("/schema/openapi.json").json()["paths"]
    for path, item in paths.items():
        if "get" in item and "{" not in path:
            h.portal.get(path, headers=_bearer(token))
    after = h.internal.get("/security-events", headers=seed["auth"]).json()["items"]
    assert after == before


# --- the two apps stay apart ---------------------------------------------------------------


def test_internal_tokens_open_nothing_on_the_portal_and_portal_sessions_nothing_inside(
    h: Harness,
) -> None:
    seed, token = _portal_user(h)
    assert h.portal.get("/me", headers=seed["auth"]).status_code == 401
    assert h.portal.get("/locations", headers=seed["auth"]).status_code == 401
    for path in ("/customers", "/auth/me", "/portal/users"):
        assert h.internal.get(path, headers=_bearer(token)).status_code == 401


# --- the sweep: nothing about another location, customer or tenant ------------------------


def test_a_location_grant_never_receives_anything_about_other_locations(h: Harness) -> None:
    """Every portal route, as a user with a grant on one location, with foreign ids wherever a
    route takes one. A new route with an unknown parameter fails here until it is swept."""
    seed = _seed(h)  # locations North (granted) and South (not)
    other = _seed(h, "globex")  # another tenant with the same shape
    _invite(h, seed, locations=[seed["locations"][0]["id"]])
    token = _accept(h, h.last_link_token()).json()["token"]
    h.portal.cookies.clear()
    _invite(h, other)  # a pending invitation of the other tenant, for the token parameter
    foreign_token = h.last_link_token()
    own_visit = _visit_at(h, seed, seed["locations"][0], "Visible visit")
    south_visit = _visit_at(h, seed, seed["locations"][1], "Hidden South visit")
    other_visit = _visit_at(h, other, other["locations"][0], "Hidden Globex visit")
    south_request, south_photo = _request_at(
        h, seed, seed["locations"][1], "Hidden South request"
    )
    other_request, other_photo = _request_at(
        h, other, other["locations"][0], "Hidden Globex request"
    )
    south_report, south_file = _published_report_at(
        h, seed, seed["locations"][1], "Hidden South report"
    )
    other_report, other_file = _published_report_at(
        h, other, other["locations"][0], "Hidden Globex report"
    )
    own_report, own_file = _published_report_at(h, seed, seed["locations"][0], "North report")

    foreign = {
        south_report["id"],
        south_file["id"],
        other_report["id"],
        other_file["id"],
        "Hidden South report",
        "Hidden Globex report",
        seed["locations"][1]["id"],
        seed["locations"][1]["name"],
        other["customer"]["id"],
        other["locations"][0]["id"],
        other["locations"][1]["id"],
        other["contact"]["id"],
        "Globex",
        south_visit["id"],
        other_visit["id"],
        "Hidden South visit",
        "Hidden Globex visit",
        south_request["id"],
        other_request["id"],
        "Hidden South request",
        "Hidden Globex request",
        south_photo["id"],
        other_photo["id"],
    }
    values_for = {
        "token": [foreign_token, "made-up-token"],
        "location_id": [seed["locations"][1]["id"], other["locations"][0]["id"]],
        "customer_id": [other["customer"]["id"]],
        "appointment_id": [south_visit["id"], other_visit["id"]],
        "request_id": [south_request["id"], other_request["id"]],
        "feed": ["made-up-feed-secret-0000000000.ics", other_visit["id"] + ".ics"],
        "report_id": [south_report["id"], other_report["id"]],
        "file_id": [south_file["id"], other_file["id"], south_photo["id"], other_photo["id"]],
    }
    paths = h.portal.get("/schema/openapi.json").json()["paths"]
    checked = 0
    for path, item in paths.items():
        params = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
        unknown = [p for p in params if p not in values_for]
        assert not unknown, f"{path}: add {unknown} to the sweep"
        for method in ("get",):
            if method not in item:
                continue
            if not params:
                response = h.portal.get(path, headers=_bearer(token))
                assert not any(value in response.text for value in foreign), path
                checked += 1
                continue
            for value in values_for[params[0]]:
                concrete = path.replace("{" + params[0] + "}", value)
                response = h.portal.get(concrete, headers=_bearer(token))
                checked += 1
                if params[0] == "token" and value == foreign_token:
                    # An invitation link works for whoever holds it, on its own tenant only;
                    # it reveals the invitee, never the caller's or other locations.
                    assert seed["locations"][1]["id"] not in response.text
                    continue
                assert response.status_code == 404, (concrete, response.status_code)
    assert checked >= 5
    # Filters that name another location, or a date range, never widen what is listed.
    for query in (
        f"/appointments?locationId={seed['locations'][1]['id']}",
        f"/appointments?locationId={other['locations'][0]['id']}",
        f"/work?locationId={seed['locations'][1]['id']}",
        f"/work?locationId={other['locations'][0]['id']}",
        f"/reports?locationId={seed['locations'][1]['id']}",
        f"/reports?locationId={other['locations'][0]['id']}",
        f"/follow-ups?locationId={seed['locations'][1]['id']}",
        f"/timeline?locationId={seed['locations'][1]['id']}",
        f"/timeline?locationId={other['locations'][0]['id']}",
    ):
        response = h.portal.get(query, headers=_bearer(token))
        assert response.status_code == 200, response.text
        assert response.json()["items"] == [], query
    # Writes that name a request or place out of reach answer like a missing one.
    for foreign_request in (south_request["id"], other_request["id"]):
        for path, body in (("withdraw", None), ("comments", {"body": "Hello"})):
            response = h.portal.post(
                f"/requests/{foreign_request}/{path}", json=body, headers=_bearer(token)
            )
            assert response.status_code == 404, (path, response.text)
        response = h.portal.post(
            f"/requests/{foreign_request}/files",
            params={"fileName": "photo.png"},
            content=b"\x89PNG\r\n\x1a\n" + b"0" * 32,
            headers=_bearer(token) | {"Content-Type": "image/png"},
        )
        assert response.status_code == 404, response.text
    for place in (seed["locations"][1]["id"], other["locations"][0]["id"]):
        response = h.portal.post(
            "/requests",
            json={"type": "service", "title": "X", "description": "Y", "locationId": place},
            headers=_bearer(token),
        )
        assert response.status_code == 404, response.text
    # The same routes do answer for what the grant covers: the sweep above is not vacuous.
    listed = h.portal.get("/reports", headers=_bearer(token)).json()["items"]
    assert [r["id"] for r in listed] == [own_report["id"]]
    assert h.portal.get(f"/files/{own_file['id']}", headers=_bearer(token)).status_code == 200
    mine = h.portal.get("/appointments", headers=_bearer(token)).json()["items"]
    assert [v["id"] for v in mine] == [own_visit["id"]]
    own_request = h.portal.post(
        "/requests",
        json={
            "type": "service",
            "title": "Visible request",
            "description": "Please come.",
            "locationId": seed["locations"][0]["id"],
        },
        headers=_bearer(token),
    ).json()
    own_photo = h.portal.post(
        f"/requests/{own_request['id']}/files",
        params={"fileName": "oven.png"},
        content=b"\x89PNG\r\n\x1a\n" + b"0" * 32,
        headers=_bearer(token) | {"Content-Type": "image/png"},
    ).json()
    files = h.portal.get(f"/requests/{own_request['id']}/files", headers=_bearer(token)).json()
    assert [f["id"] for f in files["items"]] == [own_photo["id"]]
    assert h.portal.get(f"/files/{own_photo['id']}", headers=_bearer(token)).status_code == 200


def test_oversized_portal_bodies_are_refused_before_they_are_read(h: Harness) -> None:
    response = h.portal.post(
        "/auth/login",
        content=b'{"tenant": "' + b"a" * 200_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_no_password_token_or_key_reaches_the_logs(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    seed = _seed(h)
    key = h.internal.post(
        "/api-keys", json={"name": "ERP", "scopes": ["core:read"]}, headers=seed["auth"]
    ).json()["secret"]
    h.internal.get("/customers", headers=_bearer(key))
    _invite(h, seed)
    invitation_token = h.last_link_token()
    h.portal.get(f"/invitations/{invitation_token}")
    session = _accept(h, invitation_token).json()["token"]
    h.portal.get("/me", headers=_bearer(session))
    _login(h, seed["contact"]["email"], "Wrong-canary-password-1")
    h.internal.get("/customers", headers=_bearer("canary-token-that-is-wrong"))
    # The test's own HTTP client (httpx) logs the URLs it calls; only the server's logs count.
    server = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    logged = "\n".join(f"{r.getMessage()} {r.args}" for r in server)
    assert "ordinavo.access" in {r.name for r in caplog.records}  # the access log did run
    for secret in (
        key,
        invitation_token,
        session,
        PASSWORD,
        "Wrong-canary-password-1",
        "canary-token-that-is-wrong",
        seed["auth"]["Authorization"],
    ):
        assert secret not in logged


@pytest.mark.parametrize(
    ("app", "path", "body"),
    [
        (
            "internal",
            "/auth/login",
            {"tenant": "ac\x00me", "email": "a@b.example", "password": "x"},
        ),
        ("portal", "/auth/login", {"tenant": "acme", "email": "a\x00@b.example", "password": "x"}),
        ("portal", "/password-reset", {"tenant": "acme", "email": "a\x00@b.example"}),
    ],
)
def test_nul_bytes_in_sign_in_fields_are_refused_as_bad_requests(
    h: Harness, app: str, path: str, body: dict[str, str]
) -> None:
    _seed(h)
    client = h.internal if app == "internal" else h.portal
    response = client.post(path, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
