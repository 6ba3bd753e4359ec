from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import (
    PortalCredentialReader,
    PortalPrincipal,
    SessionIdleTimer,
)
from ordinavo.application.ports.security import SecretGenerator


class AuthenticatePortalUser:
    """Resolve a portal session secret to its principal, with the grants active right now.

    Session, user, grants and customer names come in one statement on every request, so a
    changed or revoked grant, a disabled user or an ended session apply to the very next
    request. The idle timer is written only when it moved by a minute or more
    (`PortalSession.needs_touch`): most requests write nothing. Nothing here depends on the
    request, so one instance serves every request (no unit of work is opened to read).
    """

    def __init__(
        self,
        credentials: PortalCredentialReader,
        idle_timer: SessionIdleTimer,
        secrets: SecretGenerator,
        clock: Clock,
    ) -> None:
        self._credentials = credentials
        self._idle_timer = idle_timer
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, secret: str | None) -> PortalPrincipal:
        if not secret or len(secret) > 200:
            raise NotAuthenticated()
        principal = await self._credentials.read(self._secrets.digest(secret))
        now = self._clock.now()
        session = principal.session if principal is not None else None
        if (
            principal is None
            or session is None
            or not session.is_valid_at(now)
            or not principal.user.is_active
        ):
            raise NotAuthenticated()
        if session.needs_touch(now):
            await self._idle_timer.touch(principal.tenant_id, session.id, now)
        return principal
