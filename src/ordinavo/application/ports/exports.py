"""Ports of personal-data exports: the stored self-service exports, what goes into them, and the
encoder that turns a portal user's data into the document they download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.application.ports.portal import LocationView
from ordinavo.application.use_cases.portal.following import FollowedRequest
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.audit import AuditEntry
from ordinavo.domain.contacts import Contact
from ordinavo.domain.data_exports import DataExport
from ordinavo.domain.mail import MailKind, OutgoingMail
from ordinavo.domain.portal_access import Capabilities, Grant, Invitation, PortalUser
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.requests import PortalRequest, RequestComment
from ordinavo.domain.security_events import SecurityEvent


class DataExportRepository(Protocol):
    async def add(self, export: DataExport) -> None: ...

    async def get(self, export_id: UUID) -> DataExport | None: ...

    async def save(self, export: DataExport) -> None: ...

    async def latest_for_user(self, portal_user_id: UUID) -> DataExport | None: ...

    async def remove_of_user(self, portal_user_id: UUID) -> None:
        """Every export of the user (a new one replaces the old)."""
        ...


# What a portal user's own export holds: the portal's own views, nothing more.


@dataclass(frozen=True, slots=True)
class GrantSeen:
    customer_name: str
    whole_customer: bool
    locations: list[LocationView]  # those of this customer the user can see
    capabilities: Capabilities


@dataclass(frozen=True, slots=True)
class CommentSeen:
    by_customer: bool
    mine: bool
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RequestSeen:
    request: FollowedRequest
    comments: list[CommentSeen]


@dataclass(frozen=True, slots=True)
class FileUploaded:
    request_id: UUID | None
    file_name: str
    media_type: str
    size: int
    uploaded_at: datetime


@dataclass(frozen=True, slots=True)
class SessionSeen:
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class SignIn:
    """Sessions keep no address; the sign-in that opened one does."""

    at: datetime
    kind: str
    client_address: str | None


@dataclass(frozen=True, slots=True)
class MyData:
    generated_at: datetime
    name: str
    email: str
    language: str
    grants: list[GrantSeen]
    requests: list[RequestSeen]
    files: list[FileUploaded]
    sessions: list[SessionSeen]
    sign_ins: list[SignIn]
    notifications: list[tuple[MailKind, bool]]


class MyDataEncoder(Protocol):
    """Turns the data into the downloadable document (an allow-list of fields, nothing else)."""

    def encode(self, data: MyData) -> bytes: ...

    media_type: str


# What staff export about one contact (a data subject request): the internal view.


@dataclass(frozen=True, slots=True)
class ContactData:
    generated_at: datetime
    contact: Contact
    portal_user: PortalUser | None
    grants: list[Grant]
    invitations: list[Invitation]
    sessions: list[PortalSession]
    requests: list[PortalRequest]
    comments: list[RequestComment]
    security_events: list[SecurityEvent]
    audit_entries: list[AuditEntry]
    mail: list[OutgoingMail]
    files: list[Attachment]
