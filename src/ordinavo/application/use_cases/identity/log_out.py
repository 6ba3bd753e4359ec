from __future__ import annotations

from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.security_events import SecurityEventKind


class LogOut:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor) -> None:
        if actor.kind is not ActorKind.USER or actor.credential_id is None:
            raise Forbidden("Only a signed-in user can log out; API keys are revoked instead.")
        await self._uow.access_tokens.revoke(actor.credential_id, self._clock.now())
        self._recorder.security(self._uow, SecurityEventKind.LOGOUT, internal_user_id=actor.id)
        await self._uow.commit()
