"""Ports of portal access: accounts, invitations, grants, sessions, mail, throttling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.domain.calendar_feeds import CalendarFeed
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.portal_access import (
    Grant,
    Invitation,
    PartnerRelation,
    PasswordReset,
    PortalUser,
)
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.security_events import SecurityEvent, SecurityEventQuery
from ordinavo.domain.throttling import LoginThrottle
from ordinavo.domain.visibility import NO_SESSION, PortalScope, PortalSubject


class PortalUserRepository(Protocol):
    async def add(self, user: PortalUser) -> None: ...

    async def get(self, user_id: UUID) -> PortalUser | None: ...

    async def find_by_email(self, email: str) -> PortalUser | None: ...

    async def find_by_contact(self, contact_id: UUID) -> PortalUser | None: ...

    async def save(self, user: PortalUser) -> None: ...

    async def list(self, page: PageRequest) -> Page[PortalUser]: ...


class InvitationRepository(Protocol):
    async def add(self, invitation: Invitation) -> None: ...

    async def get(self, invitation_id: UUID) -> Invitation | None: ...

    async def latest_for_user(self, portal_user_id: UUID) -> Invitation | None: ...

    async def of_user(self, portal_user_id: UUID) -> list[Invitation]: ...

    async def save(self, invitation: Invitation) -> None: ...

    async def list(self, page: PageRequest) -> Page[Invitation]: ...


class GrantRepository(Protocol):
    async def add(self, grant: Grant) -> None: ...

    async def get(self, grant_id: UUID) -> Grant | None: ...

    async def save(self, grant: Grant) -> None: ...

    async def active_for_user(self, portal_user_id: UUID) -> list[Grant]: ...

    async def active_for_customer(self, customer_id: UUID) -> list[Grant]:
        """Every active grant on the customer (whole or some of its locations)."""
        ...

    async def list_for_user(self, portal_user_id: UUID, page: PageRequest) -> Page[Grant]: ...


class PartnerRelationRepository(Protocol):
    """The customers, other than its own, that staff recorded a contact as a partner of."""

    async def add(self, relation: PartnerRelation) -> None: ...

    async def get(self, contact_id: UUID, customer_id: UUID) -> PartnerRelation | None: ...

    async def customers_of(self, contact_id: UUID) -> frozenset[UUID]: ...

    async def list_for_contact(
        self, contact_id: UUID, page: PageRequest
    ) -> Page[PartnerRelation]: ...

    async def remove(self, relation: PartnerRelation) -> None: ...


class PortalSessionRepository(Protocol):
    async def add(self, session: PortalSession) -> None: ...

    async def touch(self, session_id: UUID, at: datetime) -> None: ...

    async def of_user(self, portal_user_id: UUID) -> list[PortalSession]:
        """Every session of the user, ended ones included, oldest first."""
        ...

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None: ...

    async def revoke_all_of_user(
        self, portal_user_id: UUID, at: datetime, reason: str, *, except_id: UUID | None = None
    ) -> int:
        """End every open session of the user; returns how many were open."""
        ...


class PasswordResetRepository(Protocol):
    async def add(self, reset: PasswordReset) -> None: ...

    async def mark_used(self, reset_id: UUID, at: datetime) -> None: ...


class SecurityEventLog(Protocol):
    def append(self, event: SecurityEvent) -> None: ...

    async def list(
        self, page: PageRequest, where: SecurityEventQuery = SecurityEventQuery()
    ) -> Page[SecurityEvent]: ...


class PortalLocationReader(Protocol):
    """Locations a portal subject may list, turned into SQL from the policy's scope."""

    async def list_in_scope(self, scope: PortalScope, page: PageRequest) -> Page[LocationView]: ...

    async def customers_named(self, customer_ids: frozenset[UUID]) -> dict[UUID, str]: ...


@dataclass(frozen=True, slots=True)
class LocationView:
    """What the portal may know of a location: no notes, no coordinates of other sites."""

    id: UUID
    customer_id: UUID
    customer_name: str
    name: str
    address_line: str
    postal_code: str | None
    city: str
    country: str


@dataclass(frozen=True, slots=True)
class PortalCredential:
    tenant_id: UUID
    session: PortalSession
    user: PortalUser


@dataclass(frozen=True, slots=True)
class PortalPrincipal:
    """Who sent a portal request, as one statement found them: the session, its user, the
    user's active (unrevoked) grants and the names of their customers, and how the tenant
    wants the portal to speak. Read afresh on every request, so a revoked grant, a disabled
    user or an ended session apply at once."""

    tenant_id: UUID
    session: PortalSession | None  # None: staff previewing what this user sees, no session
    user: PortalUser
    grants: tuple[Grant, ...]
    customer_names: dict[UUID, str]
    display: DisplayPreferences

    @property
    def subject(self) -> PortalSubject:
        return PortalSubject(
            user_id=self.user.id,
            tenant_id=self.tenant_id,
            session_id=self.session.id if self.session is not None else NO_SESSION,
            grants=self.grants,
            language=self.user.language.value,
        )


@dataclass(frozen=True, slots=True)
class FeedPrincipal:
    """Whose calendar feed a secret address is, read as the portal principal is: the feed,
    its user's principal (without a session) and the tenant's name (the calendar's title)."""

    feed: CalendarFeed
    principal: PortalPrincipal
    tenant_name: str


class PortalCredentialReader(Protocol):
    """The principal behind a session secret's digest, in one statement, before the tenant is
    known (and without a unit of work: nothing is written)."""

    async def read(self, digest: str) -> PortalPrincipal | None: ...

    async def read_feed(self, digest: str) -> FeedPrincipal | None:
        """The same for a calendar feed's secret address."""
        ...


class SessionIdleTimer(Protocol):
    """Moves a portal session's idle timer, outside any unit of work (authentication writes
    nothing else)."""

    async def touch(self, tenant_id: UUID, session_id: UUID, at: datetime) -> None: ...


class PortalDirectory(Protocol):
    """Lookups by secret digest, before the tenant is known."""

    async def find_session(self, digest: str) -> PortalCredential | None: ...

    async def find_invitation(self, digest: str) -> Invitation | None: ...

    async def find_password_reset(self, digest: str) -> PasswordReset | None: ...


class LoginThrottleStore(Protocol):
    async def get(self, key: str) -> LoginThrottle: ...

    async def save(self, throttle: LoginThrottle) -> None: ...


class RateLimiter(Protocol):
    async def hit(
        self, key: str, *, limit: int, window: timedelta, now: datetime
    ) -> timedelta | None:
        """Count one request; return how long to wait if the limit is exceeded."""
        ...


@dataclass(frozen=True, slots=True)
class MailMessage:
    to: str
    subject: str
    text: str
    language: str
    html: str | None = None
    message_id: str | None = None  # `<id@domain>`; the same on every attempt
    date: datetime | None = None
    # RFC 8058 one-click unsubscribe: the link the mail program posts to.
    unsubscribe_url: str | None = None
    reply_to: str | None = None
    sender_name: str | None = None


class MailNotSent(Exception):
    """A mail server did not take the message; `error_class` says how (a MailErrorClass value)."""

    def __init__(self, error_class: str, detail: str = "") -> None:
        super().__init__(detail or error_class)
        self.error_class = error_class


class Mailer(Protocol):
    async def send(self, message: MailMessage) -> None:
        """Hands the message to the mail server; raises MailNotSent if it did not take it."""
        ...


class PortalLinks(Protocol):
    """Where the customer opens a one-time link (the portal's public address)."""

    def invitation(self, token: str) -> str: ...

    def password_reset(self, token: str) -> str: ...

    def unsubscribe(self, token: str) -> str:
        """Where a mail program posts a one-click unsubscribe (RFC 8058)."""
        ...

    def request(self, request_id: UUID) -> str: ...

    def report(self, report_id: UUID) -> str: ...

    def visits(self) -> str: ...

    def calendar_feed(self, token: str) -> str:
        """The address a calendar program subscribes to."""
        ...


@dataclass(frozen=True, slots=True)
class AskedReset:
    """What someone typed into the reset form, before anyone looks whether it is an account."""

    id: UUID
    tenant_slug: str
    email: str
    client_address: str | None
    asked_at: datetime


class AskedResets(Protocol):
    """Reset requests waiting for the worker (shared by all tenants, like the throttles)."""

    async def add(self, asked: AskedReset) -> None: ...

    async def take(self, asked_id: UUID) -> AskedReset | None:
        """Remove and return it, within the transaction: handled once, or not at all."""
        ...

    async def waiting(self, limit: int) -> list[UUID]: ...
