"""A tenant is one company's isolated workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from ordinavo.domain import values


@dataclass(frozen=True, slots=True)
class TenantSettings:
    """Per-tenant switches. Later capabilities add theirs here, each with a safe default."""

    invitation_valid_days: int = 7
    portal_idle_timeout_minutes: int = 30
    portal_absolute_timeout_hours: int = 12
    internal_token_hours: int = 12

    def as_dict(self) -> dict[str, int]:
        return {
            "invitation_valid_days": self.invitation_valid_days,
            "portal_idle_timeout_minutes": self.portal_idle_timeout_minutes,
            "portal_absolute_timeout_hours": self.portal_absolute_timeout_hours,
            "internal_token_hours": self.internal_token_hours,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> TenantSettings:
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


@dataclass(slots=True)
class Tenant:
    id: UUID
    slug: str
    name: str
    created_at: datetime
    settings: TenantSettings = field(default_factory=TenantSettings)

    @classmethod
    def open(cls, *, id: UUID, slug: str, name: str, now: datetime) -> Tenant:
        return cls(
            id=id,
            slug=values.slug(slug),
            name=values.text(name, "name", max_length=200),
            created_at=now,
        )
