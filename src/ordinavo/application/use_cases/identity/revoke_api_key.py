from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, ApiKey


class RevokeApiKey:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, key_id: UUID) -> ApiKey:
        require(actor, Action.MANAGE_API_KEYS)
        key = await self._uow.api_keys.get(key_id)
        if key is None:
            raise NotFound("API key")
        key.revoke(self._clock.now())
        await self._uow.api_keys.save(key)
        self._recorder.record(
            self._uow, actor, "api_key.revoked", subject_type="api_key", subject_id=key.id
        )
        await self._uow.commit()
        return key
