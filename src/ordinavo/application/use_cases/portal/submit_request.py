from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from ordinavo.application.errors import Conflict, Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.requests import IdempotentSubmission
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.requests import (
    PortalRequest,
    RequestDraft,
    RequestType,
    preferred_windows,
)
from ordinavo.domain.visibility import PortalSubject

SUBMIT = "submit_requests"


@dataclass(frozen=True, slots=True)
class RequestInput:
    """What the portal client sent, before any check."""

    type: RequestType
    title: str
    description: str
    location_id: UUID | None = None
    customer_id: UUID | None = None
    appointment_id: UUID | None = None
    windows: tuple[tuple[datetime, datetime], ...] = ()

    def digest(self) -> str:
        """The body's fingerprint, to tell a repeated submission from a different one."""
        canonical = json.dumps(
            [
                self.type.value,
                self.title,
                self.description,
                str(self.location_id),
                str(self.customer_id),
                str(self.appointment_id),
                [[s.isoformat(), e.isoformat()] for s, e in self.windows],
            ],
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Submitted:
    request: PortalRequest
    repeated: bool  # the same key and body were sent before: this is the first result


class SubmitRequest:
    """A portal user asks for work, a visit, support, or a change to an appointment.

    With an Idempotency-Key the same key and body give the first result again, also when two
    identical submissions race; the same key with another body is refused.
    """

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, subject: PortalSubject, given: RequestInput, idempotency_key: str | None = None
    ) -> Submitted:
        if not subject.has_capability(SUBMIT):
            raise Forbidden("Your access does not include submitting requests.")
        if idempotency_key is not None:
            earlier = await self._repeated(subject, given, idempotency_key)
            if earlier is not None:
                return earlier
        request = await self._new_request(subject, given)
        await self._uow.requests.add(request)
        if idempotency_key is not None:
            await self._uow.idempotency_keys.add(
                IdempotentSubmission(
                    portal_user_id=subject.user_id,
                    key=idempotency_key,
                    body_digest=given.digest(),
                    request_id=request.id,
                    created_at=request.created_at,
                )
            )
        self._recorder.record(
            self._uow,
            subject,
            "request.submitted",
            subject_type="request",
            subject_id=request.id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            payload={"type": request.type.value},
        )
        try:
            await self._uow.commit()
        except Conflict:
            # A twin with the same key committed first: answer with its result.
            await self._uow.rollback()
            if idempotency_key is None:
                raise
            earlier = await self._repeated(subject, given, idempotency_key)
            if earlier is None:
                raise
            return earlier
        return Submitted(request, repeated=False)

    async def _repeated(
        self, subject: PortalSubject, given: RequestInput, key: str
    ) -> Submitted | None:
        found = await self._uow.idempotency_keys.find(subject.user_id, key)
        if found is None:
            return None
        if found.body_digest != given.digest():
            raise InvalidValue(
                "This Idempotency-Key was already used for a different request.",
                field="Idempotency-Key",
            )
        request = await self._uow.requests.get(found.request_id)
        if request is None:
            raise NotFound("request")
        return Submitted(request, repeated=True)

    async def _new_request(self, subject: PortalSubject, given: RequestInput) -> PortalRequest:
        now = self._clock.now()
        draft = RequestDraft(
            type=given.type,
            title=given.title,
            description=given.description,
            location_id=given.location_id,
            customer_id=given.customer_id,
            appointment_id=given.appointment_id,
            windows=preferred_windows(list(given.windows), now),
        ).validated()
        location_id = draft.location_id
        if draft.appointment_id is not None:
            visit = await self._uow.appointments.get(draft.appointment_id)
            if visit is None or not subject.may_see(
                visit.customer_id, visit.location_id, needs=SUBMIT
            ):
                raise NotFound("appointment")
            visit.ensure_upcoming(now)
            customer_id, location_id = visit.customer_id, visit.location_id
        elif location_id is not None:
            location = await self._uow.locations.get(location_id)
            if (
                location is None
                or location.is_archived
                or not subject.may_see(location.customer_id, location.id, needs=SUBMIT)
            ):
                raise NotFound("location")
            if given.customer_id is not None and given.customer_id != location.customer_id:
                raise NotFound("location")
            customer_id = location.customer_id
        else:
            # Customer-wide support: only through a grant on the whole customer.
            assert draft.customer_id is not None
            if not subject.may_see(draft.customer_id, None, needs=SUBMIT):
                raise NotFound("customer")
            customer_id = draft.customer_id
        author = await self._uow.portal_users.get(subject.user_id)
        return PortalRequest.submit(
            id=self._ids.new_id(),
            tenant_id=subject.tenant_id,
            draft=dataclasses.replace(draft, location_id=location_id, customer_id=customer_id),
            customer_id=customer_id,
            author_id=subject.user_id,
            contact_id=author.contact_id if author else None,
            now=now,
        )
