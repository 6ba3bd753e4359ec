"""Visit reports: what a technician found and did, reviewed by a manager before anyone outside
sees it.

Workflow: draft -> submitted -> approved, or back as "changes requested" -> submitted again.
Editing an approved report sends it back to review and takes it off the portal. Publication
(portal texts written for the customer) lives in `publication`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.revisions import revise
from ordinavo.domain.work import Target


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


class VisitResult(StrEnum):
    COMPLETED = "completed"
    PARTLY_COMPLETED = "partly_completed"
    NOT_COMPLETED = "not_completed"


@dataclass(frozen=True, slots=True)
class ReportContent:
    """The internal texts of a report. None of them ever reaches the portal."""

    title: str
    result: VisitResult = VisitResult.COMPLETED
    summary: str | None = None
    problems: str | None = None
    follow_up_required: bool = False
    follow_up_description: str | None = None
    billable: bool = False
    internal_notes: str | None = None

    def validated(self) -> ReportContent:
        checked = dataclasses.replace(
            self,
            title=values.text(self.title, "title", max_length=200),
            result=VisitResult(self.result),
            summary=values.long_text(self.summary, "summary"),
            problems=values.long_text(self.problems, "problems"),
            follow_up_description=values.long_text(
                self.follow_up_description, "followUpDescription", max_length=2000
            ),
            internal_notes=values.long_text(self.internal_notes, "internalNotes"),
        )
        if checked.follow_up_required and not checked.follow_up_description:
            raise InvalidValue(
                "Describe the follow-up that is required.", field="followUpDescription"
            )
        if not checked.follow_up_required and checked.follow_up_description:
            raise InvalidValue(
                "A follow-up description needs followUpRequired set to true.",
                field="followUpDescription",
            )
        return checked


@dataclass(frozen=True, slots=True)
class PortalTexts:
    """What the customer reads of a published report: written for them, separate from the
    internal title, summary and problems."""

    title: str
    summary: str
    message: str

    def validated(self) -> PortalTexts:
        title = values.text(self.title or "", "portalTitle", max_length=200)
        summary = values.long_text(self.summary, "portalSummary")
        message = values.long_text(self.message, "customerMessage", max_length=2000)
        if not summary:
            raise InvalidValue("Write a summary for the customer.", field="portalSummary")
        if not message:
            raise InvalidValue("Write a message for the customer.", field="customerMessage")
        return PortalTexts(title, summary, message)


@dataclass(frozen=True, slots=True)
class Publication:
    texts: PortalTexts
    published_by: UUID
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Review:
    reviewed_by: UUID
    reviewed_at: datetime
    comment: str | None = None


@dataclass(slots=True)
class VisitReport:
    id: UUID
    tenant_id: UUID
    target_id: UUID
    appointment_id: UUID | None
    customer_id: UUID
    location_id: UUID | None
    author_id: UUID
    content: ReportContent
    status: ReportStatus
    created_at: datetime
    updated_at: datetime
    visited_at: datetime | None = None  # the appointment's start, when written for one
    submitted_at: datetime | None = None
    review: Review | None = None
    publication: Publication | None = None

    @classmethod
    def write(
        cls,
        *,
        id: UUID,
        target: Target,
        appointment: Appointment | None,
        author_id: UUID,
        content: ReportContent,
        now: datetime,
    ) -> VisitReport:
        if appointment is not None and appointment.target_id != target.id:
            raise RuleViolation("The appointment belongs to other work.", field="appointmentId")
        return cls(
            id=id,
            tenant_id=target.tenant_id,
            target_id=target.id,
            appointment_id=appointment.id if appointment else None,
            customer_id=target.customer_id,
            location_id=appointment.location_id if appointment else target.location_id,
            author_id=author_id,
            content=content.validated(),
            status=ReportStatus.DRAFT,
            created_at=now,
            updated_at=now,
            visited_at=appointment.window.starts_at if appointment else None,
        )

    @property
    def is_published(self) -> bool:
        return self.publication is not None

    def revise(self, changes: Mapping[str, object], now: datetime) -> tuple[list[str], bool]:
        """Apply an edit. Returns the changed fields and whether the edit took the report off
        the portal (an approved report goes back to review)."""
        revised, changed = revise(self.content, changes)
        if not changed:
            return [], False
        self.content = revised
        self.updated_at = now
        unpublished = False
        # Internal notes never reach the customer, so a note alone leaves the review standing.
        if self.status is ReportStatus.APPROVED and changed != ["internal_notes"]:
            self.status = ReportStatus.SUBMITTED
            self.submitted_at = now
            self.review = None
            unpublished = self.publication is not None
            self.publication = None
        return changed, unpublished

    def submit(self, now: datetime) -> None:
        if self.status not in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED):
            raise RuleViolation(f"A {self._status_text()} report cannot be submitted.")
        self.status = ReportStatus.SUBMITTED
        self.submitted_at = now
        self.updated_at = now

    def approve(self, reviewer_id: UUID, now: datetime) -> None:
        if self.status is not ReportStatus.SUBMITTED:
            raise RuleViolation(
                f"Only a submitted report can be approved; this one is {self._status_text()}."
            )
        self.status = ReportStatus.APPROVED
        self.review = Review(reviewer_id, now)
        self.updated_at = now

    def request_changes(self, reviewer_id: UUID, comment: str, now: datetime) -> None:
        if self.status is not ReportStatus.SUBMITTED:
            raise RuleViolation(
                f"Changes can be requested on a submitted report; this one is "
                f"{self._status_text()}."
            )
        text = values.long_text(comment, "comment", max_length=2000)
        if not text:
            raise InvalidValue("Say what should change.", field="comment")
        self.status = ReportStatus.CHANGES_REQUESTED
        self.review = Review(reviewer_id, now, text)
        self.updated_at = now

    def _status_text(self) -> str:
        return self.status.value.replace("_", " ")
