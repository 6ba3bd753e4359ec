"""Mail that leaves the system: what kinds exist, who may opt out of which, and when a message
that could not be sent is tried again.

Every mail is written to an outbox in the transaction that causes it and sent by the worker, so
a mail server that is down delays mail but never changes an answer. Sending is at least once: a
worker lost between handing a message to the server and recording it sends it once more, under
the same Message-ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ordinavo.domain.errors import InvalidValue


class MailKind(StrEnum):
    # Account mail: always sent, no preference.
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"
    # Portal notifications: each can be switched off by the portal user.
    REQUEST_RECEIVED = "request_received"
    REQUEST_UNDER_REVIEW = "request_under_review"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_DECLINED = "request_declined"
    REQUEST_PLANNED = "request_planned"
    VISIT_PLANNED = "visit_planned"
    VISIT_RESCHEDULED = "visit_rescheduled"
    VISIT_CANCELLED = "visit_cancelled"
    VISIT_REMINDER = "visit_reminder"
    REPORT_PUBLISHED = "report_published"
    FOLLOW_UP_PLANNED = "follow_up_planned"
    # Staff notifications: the tenant chooses which roles receive them.
    STAFF_NEW_REQUEST = "staff_new_request"
    STAFF_PORTAL_COMMENT = "staff_portal_comment"
    STAFF_WEBHOOK_DISABLED = "staff_webhook_disabled"


ACCOUNT_KINDS = frozenset({MailKind.INVITATION, MailKind.PASSWORD_RESET})
STAFF_KINDS = frozenset(
    {MailKind.STAFF_NEW_REQUEST, MailKind.STAFF_PORTAL_COMMENT, MailKind.STAFF_WEBHOOK_DISABLED}
)
# What a portal user may switch on and off.
NOTIFICATION_KINDS: tuple[MailKind, ...] = tuple(
    k for k in MailKind if k not in ACCOUNT_KINDS | STAFF_KINDS
)


def notification_kind(value: str) -> MailKind:
    """A kind a portal user may switch on or off, from its key; anything else is refused."""
    try:
        kind = MailKind(value)
    except ValueError:
        kind = None
    if kind is None or kind not in NOTIFICATION_KINDS:
        allowed = ", ".join(k.value for k in NOTIFICATION_KINDS)
        raise InvalidValue(f"'{value}' is not a kind of notification; use one of: {allowed}.")
    return kind


@dataclass(frozen=True, slots=True)
class NotificationPreferences:
    """What a portal user receives. Kinds without an explicit choice follow the tenant's
    default (`off_by_default`), so a tenant can keep reminders and report notices quiet."""

    choices: dict[MailKind, bool]

    def receives(self, kind: MailKind, off_by_default: frozenset[MailKind]) -> bool:
        if kind not in NOTIFICATION_KINDS:
            return True
        return self.choices.get(kind, kind not in off_by_default)


class MailStatus(StrEnum):
    QUEUED = "queued"  # waiting for its first or next attempt
    SENT = "sent"
    FAILED = "failed"  # given up


class MailErrorClass(StrEnum):
    CONNECTION = "connection"  # the server could not be reached
    TIMEOUT = "timeout"
    TEMPORARY = "temporary"  # the server answered 4xx: try again later
    REFUSED = "refused"  # the server answered 5xx for the message or recipient: give up
    AUTHENTICATION = "authentication"
    TLS = "tls"
    UNKNOWN = "unknown"


PERMANENT_ERRORS = frozenset({MailErrorClass.REFUSED})

# After the first attempt: quick retries for a hiccup, then spaced out over a day and a half,
# so an hour-long outage costs a few attempts and no mail.
RETRY_DELAYS: tuple[timedelta, ...] = tuple(
    timedelta(minutes=m) for m in (1, 2, 5, 10, 15, 30, 30, 60, 60, 120, 180, 240, 360, 480, 720)
)


@dataclass(frozen=True, slots=True)
class MailContent:
    """A rendered message. Kept sealed at rest: it may hold a one-time link."""

    subject: str
    text: str
    html: str | None = None
    unsubscribe_url: str | None = None


@dataclass(slots=True)
class OutgoingMail:
    id: UUID
    tenant_id: UUID
    kind: MailKind
    recipient: str
    language: str
    message_id: str  # fixed when queued, so a second send is recognisable as the same message
    created_at: datetime
    status: MailStatus = MailStatus.QUEUED
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error_class: MailErrorClass | None = None

    @classmethod
    def queue(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        kind: MailKind,
        recipient: str,
        language: str,
        domain: str,
        now: datetime,
    ) -> OutgoingMail:
        return cls(
            id=id,
            tenant_id=tenant_id,
            kind=kind,
            recipient=recipient,
            language=language,
            message_id=f"<{id}@{domain}>",
            created_at=now,
            next_attempt_at=now,
        )

    def sent(self, now: datetime) -> None:
        self.attempts += 1
        self.last_attempt_at = now
        self.status = MailStatus.SENT
        self.sent_at = now
        self.next_attempt_at = None
        self.last_error_class = None

    def not_sent(self, error: MailErrorClass, now: datetime) -> None:
        """A failed attempt: due again after the next delay, or given up."""
        self.attempts += 1
        self.last_attempt_at = now
        self.last_error_class = error
        retries_so_far = self.attempts - 1
        if error in PERMANENT_ERRORS or retries_so_far >= len(RETRY_DELAYS):
            self.status = MailStatus.FAILED
            self.next_attempt_at = None
            return
        self.status = MailStatus.QUEUED
        self.next_attempt_at = now + RETRY_DELAYS[retries_so_far]


def off_by_default(*, visit_reminders: bool, report_notices: bool) -> frozenset[MailKind]:
    """The kinds a tenant keeps quiet until a portal user asks for them."""
    off = set()
    if not visit_reminders:
        off.add(MailKind.VISIT_REMINDER)
    if not report_notices:
        off.add(MailKind.REPORT_PUBLISHED)
    return frozenset(off)


# Which domain event tells a portal user what. Appointment events of work that came from a
# portal request tell the request's story instead ("planned", not just "a visit").
NOTIFIED_EVENTS: dict[str, MailKind] = {
    "request.submitted": MailKind.REQUEST_RECEIVED,
    "request.review_started": MailKind.REQUEST_UNDER_REVIEW,
    "request.accepted": MailKind.REQUEST_ACCEPTED,
    "request.rejected": MailKind.REQUEST_DECLINED,
    "appointment.planned": MailKind.VISIT_PLANNED,
    "appointment.rescheduled": MailKind.VISIT_RESCHEDULED,
    "appointment.cancelled": MailKind.VISIT_CANCELLED,
    "report.published": MailKind.REPORT_PUBLISHED,
    "follow_up.planned": MailKind.FOLLOW_UP_PLANNED,
}

# The grant capability a kind's content needs, beyond seeing the record's location.
NEEDED_CAPABILITY: dict[MailKind, str] = {MailKind.REPORT_PUBLISHED: "see_reports"}


# Which domain event tells which staff, by the tenant setting naming the roles.
STAFF_EVENTS: dict[str, tuple[MailKind, str]] = {
    "request.submitted": (MailKind.STAFF_NEW_REQUEST, "new_request_mail_roles"),
    "request.commented": (MailKind.STAFF_PORTAL_COMMENT, "portal_comment_mail_roles"),
    "webhook_endpoint.disabled": (MailKind.STAFF_WEBHOOK_DISABLED, "webhook_disabled_mail_roles"),
}
