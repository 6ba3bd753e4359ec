"""Follow-ups and billing triggers: what an approved report sets in motion.

A report that requires a follow-up becomes a follow-up need once approved; staff answer it by
planning follow-up work, a target linked to the original. A billable report, once approved,
records a billing trigger for the office; it never reaches the portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.reports import ReportStatus, VisitReport


class FollowUpStatus(StrEnum):
    NEEDED = "needed"
    PLANNED = "planned"


@dataclass(slots=True)
class FollowUp:
    id: UUID
    tenant_id: UUID
    report_id: UUID
    original_target_id: UUID
    customer_id: UUID
    location_id: UUID | None
    description: str  # internal, from the report
    status: FollowUpStatus
    created_at: datetime
    customer_note: str | None = None  # what the portal may show, written for the customer
    planned_target_id: UUID | None = None
    planned_at: datetime | None = None

    @classmethod
    def from_report(cls, *, id: UUID, report: VisitReport, now: datetime) -> FollowUp:
        if report.status is not ReportStatus.APPROVED or not report.content.follow_up_required:
            raise RuleViolation("Only an approved report that requires a follow-up makes one.")
        return cls(
            id=id,
            tenant_id=report.tenant_id,
            report_id=report.id,
            original_target_id=report.target_id,
            customer_id=report.customer_id,
            location_id=report.location_id,
            description=report.content.follow_up_description or "",
            status=FollowUpStatus.NEEDED,
            created_at=now,
        )

    def plan(self, target_id: UUID, customer_note: str | None, now: datetime) -> None:
        if self.status is FollowUpStatus.PLANNED:
            raise RuleViolation("The follow-up is already planned.")
        self.status = FollowUpStatus.PLANNED
        self.planned_target_id = target_id
        self.planned_at = now
        if customer_note is not None:
            self.describe_for_customer(customer_note)

    def describe_for_customer(self, note: str | None) -> None:
        self.customer_note = values.long_text(note, "customerNote", max_length=1000)


@dataclass(frozen=True, slots=True)
class BillingTrigger:
    """Recorded when a billable report is approved; one per report."""

    id: UUID
    tenant_id: UUID
    report_id: UUID
    target_id: UUID
    customer_id: UUID
    approved_by: UUID
    created_at: datetime
    billing_details: str | None  # the work's billing details at approval (admins only)

    @classmethod
    def for_report(
        cls, *, id: UUID, report: VisitReport, billing_details: str | None, now: datetime
    ) -> BillingTrigger:
        review = report.review
        if report.status is not ReportStatus.APPROVED or not report.content.billable or not review:
            raise RuleViolation("Only an approved billable report triggers billing.")
        return cls(
            id=id,
            tenant_id=report.tenant_id,
            report_id=report.id,
            target_id=report.target_id,
            customer_id=report.customer_id,
            approved_by=review.reviewed_by,
            created_at=now,
            billing_details=billing_details,
        )
