"""The scenario language itself: one phrase per line, plain words, plain mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd.steps import step_function_context_registry

import tests.acceptance.conftest  # noqa: F401  (registers every step definition)

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
ANNEX = FEATURES / "engineering"


def _steps(path: Path) -> list[tuple[str, str, int]]:
    """(kind, text, line number) of every step, with Scenario Outline rows filled in."""
    found: list[tuple[str, str, int]] = []
    kind = "given"
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        keyword, _, rest = raw.strip().partition(" ")
        if keyword in ("Given", "When", "Then"):
            kind = keyword.lower()
        elif keyword not in ("And", "But"):
            continue
        found.append((kind, rest, number))
    return found


def _matching(kind: str, text: str) -> list[object]:
    return [
        context
        for context in list(step_function_context_registry.values())
        if context.type == kind and context.parser.is_matching(text)
    ]


def test_every_line_of_every_scenario_means_exactly_one_phrase() -> None:
    ambiguous = []
    for path in sorted(FEATURES.rglob("*.feature")):
        for kind, text, number in _steps(path):
            if "<" in text:  # an outline's placeholder, filled in from its examples
                continue
            count = len(_matching(kind, text))
            if count != 1:
                ambiguous.append(f"{path.relative_to(ROOT)}:{number}: {count} phrases: {text}")
    assert ambiguous == []


# Words of the wire, not of the product: they belong in the engineers' annex only.
TRANSPORT_WORDS = [
    r"\bJSON\b",
    r"\bHTTP\b",
    r"\bkilobytes?\b",
    r"\bcursors?\b",
    r"\bidempotency\b",
    r"\bwith the (same )?key\b",
    r"\bunknown field\b",
    r"\bprefix\b",
    r"\bordv_",
    r"\binternal routes?\b",  # of the API; a daily route is product language
    r"^\s*(Then|And) the request is (accepted|refused)",
    r"\bstatus code\b",
    r"\b(GET|POST|PATCH|PUT|DELETE)\b",
    r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates
    r'(records|security event) "[a-z_]+\.[a-z_]+"',  # audit action and security event codes
]


@pytest.mark.parametrize("pattern", TRANSPORT_WORDS)
def test_no_scenario_outside_the_annex_uses_a_transport_word(pattern: str) -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(FEATURES.rglob("*.feature"))
        if ANNEX not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line, flags=re.IGNORECASE if pattern.islower() else 0)
    ]
    assert offending == []


def test_the_annex_exists_and_holds_the_bad_input_rules() -> None:
    assert (ANNEX / "rejecting_bad_input.feature").is_file()
