from __future__ import annotations

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


class RequestAccountClosure:
    """The portal user asks for their account to be closed. Nothing closes by itself: tenant
    admins see the request among the security events and act on it (disable the user), since
    the account may be tied to agreements only they can judge."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject, client_address: str | None) -> None:
        self._recorder.security(
            self._uow,
            SecurityEventKind.ACCOUNT_CLOSE_REQUESTED,
            portal_user_id=subject.user_id,
            actor_id=subject.user_id,
            client_address=client_address,
        )
        self._recorder.audit_only(
            self._uow,
            subject,
            "portal_user.close_requested",
            object_type="portal_user",
            object_id=subject.user_id,
        )
        await self._uow.commit()
