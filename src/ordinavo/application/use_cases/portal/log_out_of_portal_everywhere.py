from __future__ import annotations

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


class LogOutOfPortalEverywhere:
    """The portal user ends every session they have open, this one included; returns how
    many ended."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject) -> int:
        ended = await self._uow.portal_sessions.revoke_all_of_user(
            subject.user_id, self._clock.now(), "logout_everywhere"
        )
        self._recorder.security(
            self._uow, SecurityEventKind.SESSIONS_ENDED, portal_user_id=subject.user_id
        )
        await self._uow.commit()
        return ended
