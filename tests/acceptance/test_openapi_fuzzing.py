"""schemathesis over both OpenAPI documents, signed in: no server error, every answer as
documented (status, content type, schema), invalid data refused, and schema-valid data never
refused as malformed (400): what validation enforces is in the documents.

Schema-valid data may still break a business rule the schema cannot state (a unique number, a
contact's location belonging to its customer, a cursor this API issued): that is 422, or 404
and 409, and counts as accepted. Left out on purpose: the Allow header of OPTIONS (Litestar
answers OPTIONS itself; it is not part of the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support.harness import Harness, harness

# ignored_auth sends its own requests over the network, which the in-process test client does
# not serve; test_every_protected_operation_refuses_a_stranger checks the same for every operation.
EXCLUDED = [schemathesis.checks.allow_header_conformance, schemathesis.checks.ignored_auth]
# Refused as malformed (400), too large (413) or of the wrong type (415) is what must not
# happen to schema-valid data; everything else is an answer the document promises.
ACCEPTED = ["2xx", "401", "403", "404", "409", "422", "429"]
# Requests that would end the very session the fuzzer signs in with.
SESSION_ENDING = {"/auth/logout", "/auth/logout-everywhere", "/me/password"}


@pytest.fixture(scope="module")
def fuzz_world(database_url: str) -> Iterator[dict]:
    import asyncio

    from tests.support.database import wipe

    asyncio.run(wipe(database_url))
    with harness(database_url) as h:
        yield _seed(h)


def _seed(h: Harness) -> dict[str, Any]:
    token = h.open_tenant("fuzz", "Fuzz")
    auth = h.staff(token)
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "F-1"}, headers=auth
    ).json()
    h.internal.post(
        "/locations",
        json={
            "customerId": customer["id"],
            "name": "Main",
            "addressLine": "Main 1",
            "city": "Berlin",
            "country": "DE",
        },
        headers=auth,
    )
    contact = h.internal.post(
        "/contacts",
        json={"customerId": customer["id"], "name": "Jana", "email": "jana@fuzz.example"},
        headers=auth,
    ).json()
    h.internal.post(
        "/portal/invitations",
        json={"contactId": contact["id"], "grant": {"customerId": customer["id"]}},
        headers=auth,
    )
    portal_token = h.portal.post(
        f"/invitations/{h.last_link_token()}/accept", json={"password": "Fuzzing-password-1"}
    ).json()["token"]
    h.portal.cookies.clear()
    return {"h": h, "internal": token, "portal": portal_token}


def _fuzz(client: Any, token: str, skip: set[str]) -> tuple[list[str], int]:
    """Run every operation of the app's document; return the failures and how many ran.

    Requests go through the test's own client, on the app's own event loop, so the database
    pool (asyncpg) is never shared between loops.
    """
    schema = schemathesis.openapi.from_dict(client.get("/schema/openapi.json").json())
    schema.config.checks.positive_data_acceptance.expected_statuses = ACCEPTED
    auth = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in skip:
            continue

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case: Any) -> None:
            kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=auth)
            response = client.request(**_httpx_arguments(kwargs))
            case.validate_response(
                response, excluded_checks=EXCLUDED, headers=auth, transport_kwargs=kwargs
            )

        tried += 1
        try:
            run()
        except Exception as error:
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
        except BaseExceptionGroup as group:  # schemathesis reports several failures at once
            details = "; ".join(str(e) for e in group.exceptions)
            failures.append(f"{operation.method.upper()} {operation.path}: {group} {details}")
    return failures, tried


def _httpx_arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis speaks `requests`; the test client speaks httpx."""
    arguments = {
        k: v
        for k, v in kwargs.items()
        if k in ("method", "url", "headers", "params", "json", "content")
    }
    if "data" in kwargs and kwargs["data"] is not None:
        arguments["content"] = kwargs["data"]
    return arguments


# The same examples on every run (derandomize): CI must not pass or fail by luck.
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)


def test_the_internal_api_keeps_its_contract(fuzz_world: dict[str, Any]) -> None:
    # Ending the fuzzer's own session or keys would lock it out; the scenarios cover those.
    skip = SESSION_ENDING | {
        "/users/{user_id}/disable",
        "/users/{user_id}/end-sessions",
        "/portal/users/{user_id}/end-sessions",
        "/api-keys/{key_id}/revoke",
    }
    failures, tried = _fuzz(fuzz_world["h"].internal, fuzz_world["internal"], skip)
    assert failures == []
    assert tried >= 30


def test_the_portal_api_keeps_its_contract(fuzz_world: dict[str, Any]) -> None:
    # Wrong logins would throttle the account under test; the security tests cover login.
    failures, tried = _fuzz(
        fuzz_world["h"].portal, fuzz_world["portal"], SESSION_ENDING | {"/auth/login"}
    )
    assert failures == []
    assert tried >= 7


@pytest.mark.parametrize("app", ["internal", "portal"])
def test_every_protected_operation_refuses_a_stranger(
    fuzz_world: dict[str, Any], app: str
) -> None:
    """What the document declares: an operation with security schemes answers 401 without
    credentials, before it looks at anything else; one without (security: []) does not."""
    client = getattr(fuzz_world["h"], app)
    client.cookies.clear()
    document = client.get("/schema/openapi.json").json()
    protected = public = 0
    for path, item in document["paths"].items():
        url = re.sub(r"\{[^}]+\}", "00000000-0000-7000-8000-000000000000", path)
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            answer = client.request(method.upper(), url)
            if operation["security"]:
                protected += 1
                assert answer.status_code == 401, (method, path, answer.status_code)
                assert set(operation["security"][0]) <= set(
                    document["components"]["securitySchemes"]
                )
            else:
                public += 1
                assert answer.status_code != 401, (method, path)
    assert protected > 30 if app == "internal" else protected > 20
    assert public >= 3


@pytest.mark.parametrize("app", ["internal", "portal"])
def test_operation_ids_say_what_the_operation_does(fuzz_world: dict[str, Any], app: str) -> None:
    client = getattr(fuzz_world["h"], app)
    document = client.get("/schema/openapi.json").json()
    ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
    ]
    assert len(ids) == len(set(ids))
    one_word = {i for i in ids if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", i)}
    assert one_word <= {"health", "ready", "unsubscribe"}
    assert "listAppointments" in ids


@pytest.mark.parametrize("app", ["internal", "portal"])
def test_the_docs_page_needs_no_internet(fuzz_world: dict[str, Any], app: str) -> None:
    client = getattr(fuzz_world["h"], app)
    page = client.get("/schema")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assets = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', page.text)
    assert len(assets) >= 3
    assert not re.search(r"https?://", page.text.split("<body>")[0])
    for asset in assets:
        assert asset.startswith("/schema/assets/"), asset
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        assert len(answer.content) > 10_000, asset


def test_upload_routes_name_the_file_types_they_take(fuzz_world: dict[str, Any]) -> None:
    document = fuzz_world["h"].portal.get("/schema/openapi.json").json()
    body = document["paths"]["/requests/{request_id}/files"]["post"]["requestBody"]
    assert {"application/pdf", "image/png", "image/jpeg"} <= set(body["content"])
