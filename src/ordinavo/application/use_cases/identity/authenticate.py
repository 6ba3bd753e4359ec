from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import InternalCredentialReader
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.domain.identity import Actor


class Authenticate:
    """Resolve a presented bearer secret (access token or API key) to an actor, or refuse.

    The token with its user, or the key, and the tenant's access switches come in one
    statement on every request: a revoked token or key, or a disabled user, is refused at the
    very next request."""

    def __init__(
        self,
        internal_credentials: InternalCredentialReader,
        secrets: SecretGenerator,
        clock: Clock,
    ) -> None:
        self._credentials = internal_credentials
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, secret: str | None) -> Actor:
        if not secret or len(secret) > 200:
            raise NotAuthenticated()
        found = await self._credentials.read(self._secrets.digest(secret))
        if found is None or not found.is_valid_at(self._clock.now()):
            raise NotAuthenticated()
        return found.actor
