"""What the portal shows of a request: its customer-facing status and milestones.

Once converted, a request follows its work and that work's next visit through the status
translation table; nothing of the review beyond the customer-facing reason is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.requests import Progress
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.requests import (
    MilestoneEntry,
    PortalRequest,
    PreferredWindow,
    RequestStatus,
    milestones,
)
from ordinavo.domain.status_labels import CustomerStatus, StatusKind, StatusLabels


@dataclass(frozen=True, slots=True)
class LabelledMilestone:
    key: str
    label: str
    at: datetime
    reason: str | None
    visit_starts_at: datetime | None


@dataclass(frozen=True, slots=True)
class FollowedRequest:
    id: UUID
    type: str
    title: str
    description: str
    location_id: UUID | None
    customer_id: UUID
    appointment_id: UUID | None
    windows: tuple[PreferredWindow, ...]
    status: CustomerStatus
    submitted_at: datetime
    mine: bool
    decline_reason: str | None
    next_visit_starts_at: datetime | None
    milestones: list[LabelledMilestone]
    files: tuple[Attachment, ...] = ()  # on one request's page: the files its readers see


def follow(
    request: PortalRequest,
    progress: Progress | None,
    labels: StatusLabels,
    viewer: UUID,
) -> FollowedRequest:
    status = labels.of(StatusKind.REQUEST, request.status.value)
    visit = done = None
    if request.status is RequestStatus.CONVERTED and progress is not None:
        if progress.target_status:
            status = labels.of(StatusKind.TARGET, progress.target_status)
        visit = progress.next_visit_starts_at
        if progress.target_status == "completed":
            done = progress.target_closed_at
    return FollowedRequest(
        id=request.id,
        type=request.type.value,
        title=request.title,
        description=request.description,
        location_id=request.location_id,
        customer_id=request.customer_id,
        appointment_id=request.appointment_id,
        windows=request.windows,
        status=status,
        submitted_at=request.created_at,
        mine=request.author_id == viewer,
        decline_reason=request.customer_reason
        if request.status is RequestStatus.REJECTED
        else None,
        next_visit_starts_at=visit,
        milestones=[
            _labelled(m, labels)
            for m in milestones(
                request,
                planned_visit=visit,
                planned_at=progress.planned_at if progress else None,
                done_at=done,
            )
        ],
    )


def _labelled(entry: MilestoneEntry, labels: StatusLabels) -> LabelledMilestone:
    return LabelledMilestone(
        key=entry.milestone.value,
        label=labels.label(entry.milestone.value),
        at=entry.at,
        reason=entry.reason,
        visit_starts_at=entry.appointment_starts_at,
    )
