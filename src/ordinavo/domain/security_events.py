"""Login and security events: what tenant admins review when something looks wrong."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class SecurityEventKind(StrEnum):
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_THROTTLED = "login.throttled"
    LOCKOUT = "lockout"
    LOGOUT = "logout"
    INVITATION_ISSUED = "invitation.issued"
    INVITATION_RESENT = "invitation.resent"
    INVITATION_ACCEPTED = "invitation.accepted"
    INVITATION_REVOKED = "invitation.revoked"
    GRANT_ADDED = "grant.added"
    GRANT_CHANGED = "grant.changed"
    GRANT_REVOKED = "grant.revoked"
    SESSION_REVOKED = "session.revoked"
    SESSIONS_ENDED = "sessions.ended"  # every session of a user at once
    PASSWORD_CHANGED = "password.changed"
    PASSWORD_RESET_REQUESTED = "password_reset.requested"
    PASSWORD_RESET_COMPLETED = "password_reset.completed"
    PORTAL_USER_DISABLED = "portal_user.disabled"
    PORTAL_USER_ENABLED = "portal_user.enabled"
    ACCOUNT_CLOSE_REQUESTED = "account_close.requested"  # by the portal user themselves
    CALENDAR_FEED_ISSUED = "calendar_feed.issued"
    CALENDAR_FEED_REVOKED = "calendar_feed.revoked"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint.disabled"  # by the system, after failures


@dataclass(frozen=True, slots=True)
class SecurityEvent:
    """No passwords, tokens or typed e-mail addresses: ids and the kind of event only."""

    id: UUID
    tenant_id: UUID
    occurred_at: datetime
    kind: SecurityEventKind
    portal_user_id: UUID | None = None
    internal_user_id: UUID | None = None
    actor_id: UUID | None = None
    client_address: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityEventQuery:
    """Which security events to list: every field set narrows; `until` is exclusive."""

    kind: SecurityEventKind | None = None
    portal_user_id: UUID | None = None
    internal_user_id: UUID | None = None
    actor_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None

    def matches(self, event: SecurityEvent) -> bool:
        return (
            (self.kind is None or event.kind is self.kind)
            and (self.portal_user_id is None or event.portal_user_id == self.portal_user_id)
            and (self.internal_user_id is None or event.internal_user_id == self.internal_user_id)
            and (self.actor_id is None or event.actor_id == self.actor_id)
            and (self.since is None or event.occurred_at >= self.since)
            and (self.until is None or event.occurred_at < self.until)
        )
