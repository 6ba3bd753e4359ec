"""Small value checks shared by the entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ordinavo.domain.errors import InvalidValue

# No whitespace and no control characters (PostgreSQL refuses NUL in text).
_EMAIL = re.compile(
    r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]{1,255}\.[^@\s\x00-\x1f\x7f]{2,63}$"
)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    """A single-line text: trimmed, no control characters, bounded length."""
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidValue(f"{field} must not be empty.", field=field)
    if len(cleaned) > max_length:
        raise InvalidValue(f"{field} must be at most {max_length} characters.", field=field)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise InvalidValue(f"{field} must not contain control characters.", field=field)
    return cleaned


def optional_text(value: str | None, field: str, *, max_length: int) -> str | None:
    if value is None:
        return None
    cleaned = text(value, field, max_length=max_length, required=False)
    return cleaned or None


def long_text(value: str | None, field: str, *, max_length: int = 4000) -> str | None:
    """Multi-line free text (notes): line breaks allowed, other control characters not."""
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > max_length:
        raise InvalidValue(f"{field} must be at most {max_length} characters.", field=field)
    if any((ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127 for ch in cleaned):
        raise InvalidValue(f"{field} must not contain control characters.", field=field)
    return cleaned or None


def email(value: str | None, field: str = "email") -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower()
    if not cleaned:
        return None
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise InvalidValue(f"{field} is not a valid e-mail address.", field=field)
    return cleaned


def phone(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    cleaned = text(value, field, max_length=40, required=False)
    if cleaned and not re.fullmatch(r"[0-9+()./ -]{3,40}", cleaned):
        raise InvalidValue(f"{field} is not a valid phone number.", field=field)
    return cleaned or None


def time_zone(value: str | None, field: str) -> str | None:
    """An IANA time zone name, such as Europe/Berlin."""
    if value is None:
        return None
    cleaned = value.strip()
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            f"{field} is not a known time zone; use an IANA name such as Europe/Berlin.",
            field=field,
        ) from None
    return cleaned


def country(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().upper()
    if not _COUNTRY.match(cleaned):
        raise InvalidValue("country must be a two-letter ISO 3166 code.", field="country")
    return cleaned


def slug(value: str) -> str:
    cleaned = value.strip().lower()
    if not _SLUG.match(cleaned):
        raise InvalidValue(
            "slug must be 3 to 63 lower-case letters, digits or hyphens.", field="slug"
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class Coordinates:
    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not -90.0 <= self.latitude <= 90.0:
            raise InvalidValue("latitude must be between -90 and 90.", field="latitude")
        if not -180.0 <= self.longitude <= 180.0:
            raise InvalidValue("longitude must be between -180 and 180.", field="longitude")


@dataclass(frozen=True, slots=True)
class ExternalReference:
    """An identifier of this record in another system (ERP, CRM, ...)."""

    system: str
    reference: str

    @classmethod
    def of(cls, system: str, reference: str) -> ExternalReference:
        return cls(
            system=text(system, "external reference system", max_length=60),
            reference=text(reference, "external reference", max_length=120),
        )


def external_references(pairs: list[tuple[str, str]]) -> tuple[ExternalReference, ...]:
    if len(pairs) > 20:
        raise InvalidValue(
            "At most 20 external references are allowed.", field="externalReferences"
        )
    refs = tuple(ExternalReference.of(system, reference) for system, reference in pairs)
    systems = [ref.system.lower() for ref in refs]
    if len(set(systems)) != len(systems):
        raise InvalidValue("Each external system may appear only once.", field="externalReferences")
    return refs
