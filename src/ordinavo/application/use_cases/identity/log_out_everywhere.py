from __future__ import annotations

from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.security_events import SecurityEventKind


class LogOutEverywhere:
    """A staff user ends every token they hold, this one included (a lost laptop, a shared
    machine): returns how many ended."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor) -> int:
        if actor.kind is not ActorKind.USER:
            raise Forbidden("Only a signed-in user can sign out; API keys are revoked instead.")
        ended = await self._uow.access_tokens.revoke_all_of_user(actor.id, self._clock.now())
        self._recorder.security(
            self._uow, SecurityEventKind.SESSIONS_ENDED, internal_user_id=actor.id
        )
        await self._uow.commit()
        return ended
