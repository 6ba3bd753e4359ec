"""A JSON body nested far too deep is refused with 400 on both apps, signed in or not: never a
500 with a RecursionError behind it (issue 20, item 7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.harness import Harness

DEEP = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000


@pytest.fixture
def h(shared_harness: Harness, empty_database: str) -> Iterator[Harness]:
    shared_harness.reset()
    yield shared_harness


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    ("app", "path"),
    [
        ("internal", "/auth/login"),
        ("portal", "/auth/login"),
        ("portal", "/password-reset"),
        ("portal", "/invitations/some-token/accept"),
    ],
)
def test_deep_json_is_refused_anonymously(h: Harness, app: str, path: str, body: bytes) -> None:
    answer = getattr(h, app).post(path, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "nested" in answer.json()["detail"]


def test_deep_json_is_refused_when_signed_in(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    answer = h.internal.post(
        "/customers", content=DEEP_OBJECT, headers={**admin, "Content-Type": "application/json"}
    )
    assert answer.status_code == 400, answer.text


def test_ordinary_nesting_still_works(h: Harness) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    answer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=admin
    )
    assert answer.status_code == 201, answer.text
