"""Portal sessions: server-side, with idle and absolute timeouts, revocable at any time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from ordinavo.domain.tenants import TenantSettings

# Writing "last seen" on every request would turn each read into a write; a minute is precise
# enough for a 30-minute idle timeout. The idle window runs from the stored `last_seen_at`,
# which trails the last request by less than TOUCH_INTERVAL: a skipped touch can shorten the
# window by less than a minute, and never lengthen it (no expiry is ever computed from a time
# later than a request that really came).
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(slots=True)
class PortalSession:
    id: UUID
    tenant_id: UUID
    portal_user_id: UUID
    token_hash: str
    created_at: datetime
    last_seen_at: datetime
    idle_timeout: timedelta
    absolute_expiry: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @classmethod
    def start(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        portal_user_id: UUID,
        token_hash: str,
        settings: TenantSettings,
        now: datetime,
    ) -> PortalSession:
        return cls(
            id=id,
            tenant_id=tenant_id,
            portal_user_id=portal_user_id,
            token_hash=token_hash,
            created_at=now,
            last_seen_at=now,
            idle_timeout=timedelta(minutes=settings.portal_idle_timeout_minutes),
            absolute_expiry=now + timedelta(hours=settings.portal_absolute_timeout_hours),
        )

    def is_valid_at(self, now: datetime) -> bool:
        return (
            self.revoked_at is None
            and now < self.absolute_expiry
            and now < self.last_seen_at + self.idle_timeout
        )

    def needs_touch(self, now: datetime) -> bool:
        return now - self.last_seen_at >= TOUCH_INTERVAL
