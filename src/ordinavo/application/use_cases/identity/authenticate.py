from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.domain.identity import Actor


class Authenticate:
    """Resolve a presented bearer secret (access token or API key) to an actor, or refuse."""

    def __init__(self, directory: TenantDirectory, secrets: SecretGenerator, clock: Clock) -> None:
        self._directory = directory
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, secret: str | None) -> Actor:
        if not secret or len(secret) > 200:
            raise NotAuthenticated()
        credential = await self._directory.find_credential(self._secrets.digest(secret))
        if credential is None:
            raise NotAuthenticated()
        now = self._clock.now()
        if credential.token is not None and credential.user is not None:
            if not credential.token.is_valid_at(now) or not credential.user.is_active:
                raise NotAuthenticated()
            return Actor.user(
                user_id=credential.user.id,
                tenant_id=credential.tenant_id,
                role=credential.user.role,
                token_id=credential.token.id,
                switches=credential.switches,
            )
        if credential.api_key is not None and credential.api_key.is_active:
            return Actor.integration(
                key_id=credential.api_key.id,
                tenant_id=credential.tenant_id,
                scopes=credential.api_key.scopes,
                switches=credential.switches,
                source_system=credential.api_key.source_system,
            )
        raise NotAuthenticated()
