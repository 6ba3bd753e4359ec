"""Keyset pagination values shared by every list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from ordinavo.domain.errors import InvalidValue

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Items after `after` (an id; ids are time-ordered UUIDv7), at most `size` of them."""

    size: int = DEFAULT_PAGE_SIZE
    after: UUID | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}.", field="limit")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_after: UUID | None


@dataclass(frozen=True, slots=True, order=True)
class TimeKey:
    """Position in a list ordered by time, ties broken by id."""

    at: datetime
    id: UUID


@dataclass(frozen=True, slots=True)
class TimedPageRequest:
    """Items after `after` in (time, id) order, at most `size` of them."""

    size: int = DEFAULT_PAGE_SIZE
    after: TimeKey | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise InvalidValue(f"limit must be between 1 and {MAX_PAGE_SIZE}.", field="limit")


@dataclass(frozen=True, slots=True)
class TimedPage(Generic[T]):
    items: list[T]
    next_after: TimeKey | None
