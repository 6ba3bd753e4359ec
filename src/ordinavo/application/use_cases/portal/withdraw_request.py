from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.get_my_request import visible_request
from ordinavo.domain.requests import PortalRequest
from ordinavo.domain.visibility import PortalSubject


class WithdrawRequest:
    """The author takes back a request nobody has started to review."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject, request_id: UUID) -> PortalRequest:
        request = await visible_request(self._uow, subject, request_id)
        request.withdraw(subject.user_id, self._clock.now())
        await self._uow.requests.save(request)
        self._recorder.record(
            self._uow,
            subject,
            "request.withdrawn",
            subject_type="request",
            subject_id=request.id,
            customer_id=request.customer_id,
            location_id=request.location_id,
        )
        await self._uow.commit()
        return request
