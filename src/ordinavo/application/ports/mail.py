"""Ports of mail on the backbone: the mail outbox (part of a unit of work, so a mail is queued in
the transaction that causes it), the renderer, notification preferences and unsubscribe tokens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.domain.mail import MailContent, MailKind, NotificationPreferences, OutgoingMail
from ordinavo.domain.paging import Page, PageRequest


@dataclass(frozen=True, slots=True)
class QueuedMail:
    tenant_id: UUID
    mail_id: UUID


@dataclass(frozen=True, slots=True)
class ClaimedMail:
    mail: OutgoingMail
    sealed: str  # the rendered content, encrypted at rest


class MailOutbox(Protocol):
    async def add(self, mail: OutgoingMail, sealed: str) -> None: ...

    def added(self) -> list[QueuedMail]:
        """Mail added in this transaction, to wake a worker after the commit; then forgotten."""
        ...

    async def claim(
        self, mail_id: UUID, now: datetime, lease_until: datetime, token: UUID
    ) -> ClaimedMail | None:
        """The mail if it is queued and due and no other worker holds it; it is then held
        until `lease_until` under `token`."""
        ...

    async def settle(self, mail: OutgoingMail, token: UUID) -> bool:
        """Record an attempt's result, if the lease is still ours; the content of a sent or
        failed mail is dropped (it may hold a one-time link)."""
        ...

    async def page(self, page: PageRequest, status: str | None) -> Page[OutgoingMail]:
        """The mail log, newest first."""
        ...

    async def to_recipient(self, email: str) -> list[OutgoingMail]:
        """Every mail to this address (compared without case), oldest first."""
        ...


class MailRenderer(Protocol):
    def render(self, kind: MailKind, language: str, values: Mapping[str, object]) -> MailContent:
        """Subject, text and HTML of a kind of mail in a language, from customer-facing
        values only (names, dates already formatted, links)."""
        ...

    def format_datetime(self, at: datetime, language: str) -> str: ...

    def format_date(self, at: datetime, language: str) -> str: ...

    def format_window(
        self, starts: datetime, ends: datetime, language: str, zone: str | None = None
    ) -> tuple[str, str]:
        """A visit's time for a sentence, and a short form for a subject line, in the zone
        (the location's), else the deployment's."""
        ...


class NotificationPreferenceRepository(Protocol):
    async def of_users(self, portal_user_ids: list[UUID]) -> dict[UUID, NotificationPreferences]:
        """Every user's choices (users without any choice are left out)."""
        ...

    async def choose(
        self, portal_user_id: UUID, kind: MailKind, receive: bool, now: datetime
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class UnsubscribeRequest:
    tenant_id: UUID
    portal_user_id: UUID
    kind: MailKind


class UnsubscribeTokens(Protocol):
    def issue(self, request: UnsubscribeRequest, now: datetime) -> str: ...

    def read(self, token: str, now: datetime) -> UnsubscribeRequest | None:
        """What the token stands for; None if it is not one of ours or has expired."""
        ...


@dataclass(frozen=True, slots=True)
class MailPolicy:
    message_id_domain: str  # the right-hand side of every Message-ID
    lease_seconds: float = 120.0  # a worker lost while sending frees its mail after this
    sweep_batch: int = 200
