"""schemathesis over both OpenAPI documents, signed in: no server error, every answer as
documented (status, content type, schema), and invalid data refused.

Left out on purpose: "positive data acceptance" (business rules such as unique numbers or a
contact's location belonging to its customer cannot be written into a JSON schema) and the
Allow header of OPTIONS (Litestar answers OPTIONS itself; it is not part of the API).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.support.harness import Harness, harness

EXCLUDED = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.allow_header_conformance,
]
# Requests that would end the very session the fuzzer signs in with.
SESSION_ENDING = {"/auth/logout", "/me/password"}


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
    skip = SESSION_ENDING | {"/users/{user_id}/disable", "/api-keys/{key_id}/revoke"}
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
