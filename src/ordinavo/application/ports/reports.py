"""Ports of visit reports, attachments, follow-ups and billing triggers, and the portal's reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.application.ports.work import PlaceView
from ordinavo.domain.attachments import Attachment, AttachmentDownload
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp, FollowUpStatus
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.reports import ReportStatus, VisitReport
from ordinavo.domain.visibility import PortalScope


@dataclass(frozen=True, slots=True)
class ReportFilter:
    status: ReportStatus | None = None
    target_id: UUID | None = None
    customer_id: UUID | None = None
    # Employees: only reports on work assigned to them or written by them.
    only_for_employee: UUID | None = None


class VisitReportRepository(Protocol):
    async def add(self, report: VisitReport) -> None: ...

    async def get(self, report_id: UUID) -> VisitReport | None: ...

    async def save(self, report: VisitReport) -> None: ...

    async def remove(self, report_id: UUID) -> None: ...

    async def list(self, page: PageRequest, where: ReportFilter) -> Page[VisitReport]: ...


class AttachmentRepository(Protocol):
    async def add(self, attachment: Attachment) -> None: ...

    async def get(self, attachment_id: UUID) -> Attachment | None: ...

    async def save(self, attachment: Attachment) -> None: ...

    async def remove(self, attachment_id: UUID) -> None: ...

    async def of_report(self, report_id: UUID, page: PageRequest) -> Page[Attachment]: ...

    async def of_request(self, request_id: UUID, page: PageRequest) -> Page[Attachment]: ...

    async def shown_on_portal(self, request_id: UUID, page: PageRequest) -> Page[Attachment]:
        """The request's files its portal readers see (attachments.shown_on_portal), oldest
        first."""
        ...

    async def on_comments(self, comment_ids: list[UUID]) -> dict[UUID, list[Attachment]]:
        """The files hanging on each of these comments, oldest first (none: left out)."""
        ...

    async def uploaded_by_portal_user(self, portal_user_id: UUID) -> list[Attachment]:
        """Every file this portal user uploaded, oldest first."""
        ...

    async def keys_of_report(self, report_id: UUID) -> list[str]:
        """Storage keys of every attachment of the report (to remove the files with it)."""
        ...

    async def record_download(
        self, *, id: UUID, attachment_id: UUID, portal_user_id: UUID, at: datetime
    ) -> None: ...

    async def downloads_of(
        self, attachment_id: UUID, page: PageRequest
    ) -> Page[AttachmentDownload]:
        """The file's portal downloads, newest first."""
        ...


@dataclass(frozen=True, slots=True)
class FollowUpFilter:
    status: FollowUpStatus | None = None
    customer_id: UUID | None = None
    only_for_employee: UUID | None = None


class FollowUpRepository(Protocol):
    async def add(self, follow_up: FollowUp) -> None: ...

    async def get(self, follow_up_id: UUID) -> FollowUp | None: ...

    async def for_report(self, report_id: UUID) -> FollowUp | None: ...

    async def save(self, follow_up: FollowUp) -> None: ...

    async def list(self, page: PageRequest, where: FollowUpFilter) -> Page[FollowUp]: ...


class BillingTriggerRepository(Protocol):
    async def add(self, trigger: BillingTrigger) -> None: ...

    async def get(self, trigger_id: UUID) -> BillingTrigger | None: ...

    async def for_report(self, report_id: UUID) -> BillingTrigger | None: ...

    async def list(self, page: PageRequest) -> Page[BillingTrigger]: ...


@dataclass(frozen=True, slots=True)
class PortalFileView:
    id: UUID
    file_name: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class PortalReportView:
    """A published report as the portal may show it: the portal texts, never the internal ones."""

    id: UUID
    title: str
    summary: str
    message: str
    published_at: datetime
    visited_at: datetime | None
    work_title: str
    place: PlaceView | None
    attachments: list[PortalFileView]


@dataclass(frozen=True, slots=True)
class PortalFollowUpView:
    id: UUID
    status: FollowUpStatus
    note: str | None
    work_title: str
    place: PlaceView | None
    created_at: datetime
    next_visit_starts_at: datetime | None
    next_visit_ends_at: datetime | None


@dataclass(frozen=True, slots=True)
class PortalDownload:
    """What a portal download needs to know about the file; the key never leaves the server."""

    attachment_id: UUID
    customer_id: UUID
    location_id: UUID | None
    file_name: str
    media_type: str
    size: int
    storage_key: str


class PortalReportReader(Protocol):
    """Portal reads of published reports and follow-ups: a fixed number of statements per page."""

    async def published_reports(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[PortalReportView]: ...

    async def published_report(
        self, scope: PortalScope, report_id: UUID
    ) -> PortalReportView | None: ...

    async def released_file(self, scope: PortalScope, attachment_id: UUID) -> PortalDownload | None:
        """A released attachment of a published report inside the scope, else None."""
        ...

    async def follow_ups(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[PortalFollowUpView]: ...
