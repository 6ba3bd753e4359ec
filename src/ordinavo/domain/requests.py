"""Portal requests: what a customer asks for, and the review that decides it.

A request is submitted from the portal, reviewed by staff (start, accept, reject with a reason
written for the customer, or convert into work), and followed by the customer through a short
list of customer-safe milestones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import InvalidValue, RuleViolation

MAX_WINDOWS = 5
MAX_WINDOW = timedelta(days=1)


class RequestType(StrEnum):
    SERVICE = "service"
    MAINTENANCE = "maintenance"
    APPOINTMENT = "appointment"
    SUPPORT = "support"
    RESCHEDULE = "reschedule"  # of an upcoming appointment
    CANCELLATION = "cancellation"  # of an upcoming appointment


ABOUT_AN_APPOINTMENT = frozenset({RequestType.RESCHEDULE, RequestType.CANCELLATION})


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONVERTED = "converted"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class PreferredWindow:
    starts_at: datetime
    ends_at: datetime


def preferred_windows(
    pairs: list[tuple[datetime, datetime]], now: datetime
) -> tuple[PreferredWindow, ...]:
    """A few windows in the future, each ending after it starts and within a day."""
    if len(pairs) > MAX_WINDOWS:
        raise InvalidValue(
            f"At most {MAX_WINDOWS} preferred windows are allowed.", field="preferredWindows"
        )
    windows = []
    for starts_at, ends_at in pairs:
        if starts_at.tzinfo is None or ends_at.tzinfo is None:
            raise InvalidValue("Times must carry a time zone offset.", field="preferredWindows")
        if ends_at <= starts_at:
            raise InvalidValue(
                "A preferred window must end after it starts.", field="preferredWindows"
            )
        if starts_at < now:
            raise InvalidValue(
                "Preferred windows must lie in the future.", field="preferredWindows"
            )
        if ends_at - starts_at > MAX_WINDOW:
            raise InvalidValue(
                "A preferred window may span at most one day.", field="preferredWindows"
            )
        windows.append(PreferredWindow(starts_at, ends_at))
    return tuple(sorted(windows, key=lambda w: w.starts_at))


@dataclass(frozen=True, slots=True)
class RequestDraft:
    """What the customer typed, before it is checked against their access."""

    type: RequestType
    title: str
    description: str
    location_id: UUID | None = None
    customer_id: UUID | None = None  # support requests may name only the customer
    appointment_id: UUID | None = None
    windows: tuple[PreferredWindow, ...] = ()

    def validated(self) -> RequestDraft:
        kind = RequestType(self.type)
        if kind in ABOUT_AN_APPOINTMENT and self.appointment_id is None:
            raise RuleViolation(
                "A reschedule or cancellation request names the appointment.",
                field="appointmentId",
            )
        if kind not in ABOUT_AN_APPOINTMENT and self.appointment_id is not None:
            raise RuleViolation(
                "Only reschedule and cancellation requests name an appointment.",
                field="appointmentId",
            )
        if kind is not RequestType.SUPPORT and kind not in ABOUT_AN_APPOINTMENT:
            if self.location_id is None:
                raise RuleViolation("Say at which location the work is needed.", field="locationId")
        if kind is RequestType.SUPPORT and self.location_id is None and self.customer_id is None:
            raise RuleViolation(
                "A support request names a location or the customer.", field="customerId"
            )
        return RequestDraft(
            type=kind,
            title=values.text(self.title, "title", max_length=200),
            description=values.long_text(self.description, "description", max_length=4000)
            or _required("description"),
            location_id=self.location_id,
            customer_id=self.customer_id,
            appointment_id=self.appointment_id,
            windows=self.windows,
        )


def _required(field: str) -> str:
    raise InvalidValue(f"{field} is required.", field=field)


@dataclass(slots=True)
class PortalRequest:
    id: UUID
    tenant_id: UUID
    type: RequestType
    title: str
    description: str
    customer_id: UUID
    location_id: UUID | None
    appointment_id: UUID | None
    author_id: UUID  # the portal user
    contact_id: UUID | None  # the author's contact person, carried into converted work
    windows: tuple[PreferredWindow, ...]
    status: RequestStatus
    created_at: datetime
    updated_at: datetime
    review_started_at: datetime | None = None
    decided_at: datetime | None = None
    reviewer_id: UUID | None = None
    customer_reason: str | None = None  # written for the customer when declining
    target_id: UUID | None = None

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        draft: RequestDraft,
        customer_id: UUID,
        author_id: UUID,
        contact_id: UUID | None,
        now: datetime,
    ) -> PortalRequest:
        draft = draft.validated()
        return cls(
            id=id,
            tenant_id=tenant_id,
            type=draft.type,
            title=draft.title,
            description=draft.description,
            customer_id=customer_id,
            location_id=draft.location_id,
            appointment_id=draft.appointment_id,
            author_id=author_id,
            contact_id=contact_id,
            windows=draft.windows,
            status=RequestStatus.SUBMITTED,
            created_at=now,
            updated_at=now,
        )

    def _ensure(self, allowed: set[RequestStatus], doing: str) -> None:
        if self.status not in allowed:
            raise RuleViolation(
                f"A request that is {self.status.value.replace('_', ' ')} cannot be {doing}.",
                field="status",
            )

    def withdraw(self, by: UUID, now: datetime) -> None:
        if by != self.author_id:
            raise RuleViolation("Only the author withdraws a request.")
        self._ensure({RequestStatus.SUBMITTED}, "withdrawn")
        self.status = RequestStatus.WITHDRAWN
        self.updated_at = now

    def start_review(self, reviewer: UUID, now: datetime) -> None:
        self._ensure({RequestStatus.SUBMITTED}, "taken into review")
        self.status = RequestStatus.UNDER_REVIEW
        self.review_started_at = now
        self.reviewer_id = reviewer
        self.updated_at = now

    def accept(self, reviewer: UUID, now: datetime) -> None:
        self._ensure({RequestStatus.UNDER_REVIEW}, "accepted")
        self.status = RequestStatus.ACCEPTED
        self.decided_at = now
        self.reviewer_id = reviewer
        self.updated_at = now

    def reject(self, reviewer: UUID, reason: str, now: datetime) -> None:
        self._ensure({RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW}, "declined")
        self.customer_reason = values.long_text(reason, "reason", max_length=2000) or _required(
            "reason"
        )
        self.status = RequestStatus.REJECTED
        self.decided_at = now
        self.reviewer_id = reviewer
        self.updated_at = now

    def convert(self, reviewer: UUID, target_id: UUID, now: datetime) -> None:
        self._ensure({RequestStatus.UNDER_REVIEW, RequestStatus.ACCEPTED}, "converted")
        if self.type in ABOUT_AN_APPOINTMENT:
            raise RuleViolation(
                "A reschedule or cancellation request is settled on its appointment, "
                "not converted into new work."
            )
        self.status = RequestStatus.CONVERTED
        self.target_id = target_id
        self.decided_at = self.decided_at or now
        self.reviewer_id = reviewer
        self.updated_at = now

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.SUBMITTED, RequestStatus.UNDER_REVIEW)


class CommentAuthor(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class RequestComment:
    id: UUID
    tenant_id: UUID
    request_id: UUID
    author: CommentAuthor
    author_id: UUID
    body: str
    internal: bool
    created_at: datetime

    @classmethod
    def write(
        cls,
        *,
        id: UUID,
        request: PortalRequest,
        author: CommentAuthor,
        author_id: UUID,
        body: str,
        internal: bool,
        now: datetime,
    ) -> RequestComment:
        if internal and author is CommentAuthor.CUSTOMER:
            raise RuleViolation("Customers write no internal comments.")
        if request.status is RequestStatus.WITHDRAWN:
            raise RuleViolation("The request was withdrawn; it takes no more comments.")
        text = values.long_text(body, "body", max_length=4000)
        if not text:
            raise InvalidValue("body is required.", field="body")
        return cls(
            id=id,
            tenant_id=request.tenant_id,
            request_id=request.id,
            author=author,
            author_id=author_id,
            body=text,
            internal=internal,
            created_at=now,
        )


class Milestone(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    PLANNED = "planned"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class MilestoneEntry:
    milestone: Milestone
    at: datetime
    reason: str | None = None  # the customer-facing reason of a decline
    appointment_starts_at: datetime | None = None


def milestones(
    request: PortalRequest,
    *,
    planned_visit: datetime | None = None,
    planned_at: datetime | None = None,
    done_at: datetime | None = None,
) -> list[MilestoneEntry]:
    """The customer-safe history of a request, oldest first."""
    entries = [MilestoneEntry(Milestone.RECEIVED, request.created_at)]
    if request.review_started_at:
        entries.append(MilestoneEntry(Milestone.UNDER_REVIEW, request.review_started_at))
    if request.status is RequestStatus.WITHDRAWN:
        entries.append(MilestoneEntry(Milestone.WITHDRAWN, request.updated_at))
    if request.status is RequestStatus.REJECTED and request.decided_at:
        entries.append(
            MilestoneEntry(Milestone.DECLINED, request.decided_at, reason=request.customer_reason)
        )
    if request.status in (RequestStatus.ACCEPTED, RequestStatus.CONVERTED) and request.decided_at:
        entries.append(MilestoneEntry(Milestone.ACCEPTED, request.decided_at))
    if planned_visit is not None:
        entries.append(
            MilestoneEntry(
                Milestone.PLANNED,
                planned_at or request.updated_at,
                appointment_starts_at=planned_visit,
            )
        )
    if done_at is not None:
        entries.append(MilestoneEntry(Milestone.DONE, done_at))
    return entries
