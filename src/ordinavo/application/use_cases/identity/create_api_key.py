from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.connect import source_key
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, ApiKey, ApiScope

# A recognisable prefix lets secret scanners and people spot a leaked key.
KEY_PREFIX = "ordv_"


@dataclass(frozen=True, slots=True)
class IssuedApiKey:
    key: ApiKey
    secret: str  # shown once


class CreateApiKey:
    def __init__(
        self,
        uow: UnitOfWork,
        secrets: SecretGenerator,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._secrets = secrets
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        name: str,
        scopes: frozenset[ApiScope],
        source_system: str | None = None,
    ) -> IssuedApiKey:
        require(actor, Action.MANAGE_API_KEYS)
        if (
            source_system is not None
            and await self._uow.connect.source_by_key(source_key(source_system)) is None
        ):
            raise RuleViolation(
                "sourceSystem is not a registered connected system.", field="sourceSystem"
            )
        secret = KEY_PREFIX + self._secrets.token()
        key = ApiKey.issue(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            name=name,
            prefix=secret[: len(KEY_PREFIX) + 6],
            key_hash=self._secrets.digest(secret),
            scopes=scopes,
            created_by=actor.id,
            now=self._clock.now(),
            source_system=source_key(source_system) if source_system else None,
        )
        await self._uow.api_keys.add(key)
        self._recorder.record(
            self._uow,
            actor,
            "api_key.created",
            subject_type="api_key",
            subject_id=key.id,
            payload={"scopes": sorted(key.scopes), "sourceSystem": key.source_system},
        )
        await self._uow.commit()
        return IssuedApiKey(key=key, secret=secret)
