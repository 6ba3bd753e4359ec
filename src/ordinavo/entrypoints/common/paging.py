"""Keyset cursors on the wire: opaque strings that carry the last id seen."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Annotated, Generic, TypeVar
from uuid import UUID

import msgspec
from litestar.params import Parameter

from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.paging import DEFAULT_PAGE_SIZE, PageRequest, TimedPageRequest, TimeKey

T = TypeVar("T")

# "o1" + 16 id bytes, base64url without padding: always 24 characters starting with "bz[E-H]".
CURSOR_PATTERN = r"^bz[E-H][A-Za-z0-9_-]{21}$"

Limit = Annotated[int, Parameter(ge=1, le=100, description="Page size (default 50, at most 100)")]
Cursor = Annotated[
    str | None,
    Parameter(pattern=CURSOR_PATTERN, description="The nextCursor of the previous page"),
]


def _not_a_cursor() -> InvalidValue:
    # The pattern (400 when it does not match) is all a schema can say; a cursor of the right
    # shape that this API did not issue breaks the rule that cursors come from a previous page.
    return InvalidValue(
        "cursor is not one this API issued; use the nextCursor of a previous page.",
        field="cursor",
    )


def _unpadded(cursor: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        return b""


def encode_cursor(after: UUID | None) -> str | None:
    if after is None:
        return None
    return base64.urlsafe_b64encode(b"o1" + after.bytes).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> UUID | None:
    if not cursor:
        return None
    raw = _unpadded(cursor)
    if len(raw) != 18 or not raw.startswith(b"o1"):
        raise _not_a_cursor()
    return UUID(bytes=raw[2:])


def page_request(limit: int | None, cursor: str | None) -> PageRequest:
    return PageRequest(
        size=DEFAULT_PAGE_SIZE if limit is None else limit, after=decode_cursor(cursor)
    )


class PageOf(msgspec.Struct, Generic[T], rename="camel"):
    items: list[T]
    next_cursor: str | None


# Lists in time order: "t1" + microseconds since 1970 (8 bytes, signed) + 16 id bytes.
TIME_CURSOR_PATTERN = r"^dD[A-Za-z0-9_-]{33}$"
TimeCursor = Annotated[
    str | None,
    Parameter(pattern=TIME_CURSOR_PATTERN, description="The nextCursor of the previous page"),
]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _time_key_bytes(key: TimeKey) -> bytes:
    """Microseconds since 1970 (8 bytes, signed), then the 16 id bytes."""
    micros = (key.at - _EPOCH) // timedelta(microseconds=1)
    return micros.to_bytes(8, "big", signed=True) + key.id.bytes


def _time_key(raw: bytes) -> TimeKey:
    try:
        at = _EPOCH + timedelta(microseconds=int.from_bytes(raw[:8], "big", signed=True))
    except OverflowError:
        raise _not_a_cursor() from None
    return TimeKey(at, UUID(bytes=raw[8:24]))


def encode_time_cursor(after: TimeKey | None) -> str | None:
    if after is None:
        return None
    raw = b"t1" + _time_key_bytes(after)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_time_cursor(cursor: str | None) -> TimeKey | None:
    if not cursor:
        return None
    raw = _unpadded(cursor)
    if len(raw) != 26 or not raw.startswith(b"t1"):
        raise _not_a_cursor()
    return _time_key(raw[2:26])


def timed_page_request(limit: int | None, cursor: str | None) -> TimedPageRequest:
    return TimedPageRequest(
        size=DEFAULT_PAGE_SIZE if limit is None else limit, after=decode_time_cursor(cursor)
    )


# Timelines, newest first: "l1" + microseconds (8 bytes) + id (16) + a fingerprint (8) of who
# asked and with which filters, so a cursor only continues the list it came from.
TIMELINE_CURSOR_PATTERN = r"^bD[A-Za-z0-9_-]{44}$"
TimelineCursor = Annotated[
    str | None,
    Parameter(pattern=TIMELINE_CURSOR_PATTERN, description="The nextCursor of the previous page"),
]


def list_fingerprint(*parts: object) -> bytes:
    """Who reads which list: a cursor from another reader or other filters does not fit."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()[:8]


def encode_timeline_cursor(after: TimeKey | None, fingerprint: bytes) -> str | None:
    if after is None:
        return None
    raw = b"l1" + _time_key_bytes(after) + fingerprint
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_timeline_cursor(cursor: str | None, fingerprint: bytes) -> TimeKey | None:
    if not cursor:
        return None
    raw = _unpadded(cursor)
    if len(raw) != 34 or not raw.startswith(b"l1"):
        raise _not_a_cursor()
    if not hmac.compare_digest(raw[26:], fingerprint):
        raise InvalidValue(
            "cursor belongs to another list: it was issued to another reader or with other "
            "filters. Ask for the first page again.",
            field="cursor",
        )
    return _time_key(raw[2:26])
