"""How step phrases are matched.

A quoted placeholder ("{name}") never spans a quote, so "a customer "A" with the number "B""
cannot be mistaken for "a customer "{customer}"" with a name of 'A" with the number "B'.
"""

from __future__ import annotations

import re

from parse import with_pattern
from pytest_bdd import parsers


@with_pattern(r'[^"]+')
def _quoted(text: str) -> str:
    return text


@with_pattern(r"tenant admin|manager|dispatcher|employee")
def _role(text: str) -> str:
    return text


@with_pattern(r"an?")
def _article(text: str) -> str:
    return text


@with_pattern(r"draft|submitted|approved|changes requested")
def _report_status(text: str) -> str:
    return text


@with_pattern(r"work|visit|report|file|follow_up|request|billing|customer")
def _entry_kind(text: str) -> str:
    return text


TYPES = {
    "EntryKind": _entry_kind,
    "Q": _quoted,
    "Role": _role,
    "A": _article,
    "ReportStatus": _report_status,
}


def P(phrase: str) -> parsers.parse:
    """A step phrase; "{x}" inside quotes matches any text without a quote."""
    typed = re.sub(r'"\{(\w+)\}"', r'"{\1:Q}"', phrase)
    return parsers.parse(typed, extra_types=TYPES)
