"""Ports of portal requests: the requests, their comments and the idempotency keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import PortalRequest, RequestComment, RequestStatus, RequestType
from ordinavo.domain.visibility import PortalScope


@dataclass(frozen=True, slots=True)
class RequestFilter:
    status: RequestStatus | None = None
    statuses: frozenset[RequestStatus] | None = None  # any of these
    type: RequestType | None = None
    customer_id: UUID | None = None
    location_id: UUID | None = None
    submitted_before: datetime | None = None  # age: older than
    submitted_after: datetime | None = None
    scope: PortalScope | None = None  # the portal: only what the visibility policy allows
    author_id: UUID | None = None  # submitted by this portal user


@dataclass(frozen=True, slots=True)
class IdempotentSubmission:
    """A key a portal user sent with a submission, the digest of the body, and its result."""

    portal_user_id: UUID
    key: str
    body_digest: str
    request_id: UUID
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Progress:
    """Where converted work stands, for the customer's milestones."""

    target_status: str | None
    target_closed_at: datetime | None
    next_visit_starts_at: datetime | None
    planned_at: datetime | None


class PortalRequestReader(Protocol):
    """The portal's page of requests in the policy's scope, with each one's progress."""

    async def followed(
        self, page: PageRequest, where: RequestFilter
    ) -> Page[tuple[PortalRequest, Progress | None]]: ...


class RequestRepository(Protocol):
    async def add(self, request: PortalRequest) -> None: ...

    async def get(self, request_id: UUID) -> PortalRequest | None: ...

    async def save(self, request: PortalRequest) -> None: ...

    async def list(self, page: PageRequest, where: RequestFilter) -> Page[PortalRequest]: ...

    async def progress(self, target_ids: list[UUID]) -> dict[UUID, Progress]:
        """For converted requests: their work's status and next visit, in one statement."""
        ...


class RequestCommentRepository(Protocol):
    async def add(self, comment: RequestComment) -> None: ...

    async def list(
        self, request_id: UUID, page: PageRequest, *, with_internal: bool
    ) -> Page[RequestComment]: ...

    async def get(self, comment_id: UUID) -> RequestComment | None: ...

    async def by_author(self, author_id: UUID) -> list[RequestComment]:
        """Every comment this person wrote, internal or not, oldest first."""
        ...


class IdempotencyKeys(Protocol):
    async def find(self, portal_user_id: UUID, key: str) -> IdempotentSubmission | None: ...

    async def add(self, submission: IdempotentSubmission) -> None:
        """Raises Conflict when the user already used the key (also for a racing twin)."""
        ...
