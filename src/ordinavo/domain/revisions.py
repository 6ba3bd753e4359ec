"""Partial changes to a frozen details value, validated as a whole."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Protocol, Self, TypeVar


class Details(Protocol):
    def validated(self) -> Self: ...


D = TypeVar("D", bound=Details)


def revise(details: D, changes: Mapping[str, object]) -> tuple[D, list[str]]:
    """Return the revised details and the names of the fields whose value really changed."""
    revised = dataclasses.replace(details, **changes).validated()  # type: ignore[type-var]
    changed = [
        f.name
        for f in dataclasses.fields(details)  # type: ignore[arg-type]
        if getattr(revised, f.name) != getattr(details, f.name)
    ]
    return revised, changed
