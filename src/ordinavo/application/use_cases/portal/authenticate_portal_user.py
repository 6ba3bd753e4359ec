from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalDirectory
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.domain.visibility import PortalSubject


class AuthenticatePortalUser:
    """Resolve a portal session secret to a subject, with the grants active right now.

    Grants are read on every request, so a changed or revoked grant applies to the very next
    request of a session that is already open.
    """

    def __init__(
        self,
        directory: PortalDirectory,
        uows: UnitOfWorkFactory,
        secrets: SecretGenerator,
        clock: Clock,
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, secret: str | None) -> PortalSubject:
        if not secret or len(secret) > 200:
            raise NotAuthenticated()
        credential = await self._directory.find_session(self._secrets.digest(secret))
        now = self._clock.now()
        if (
            credential is None
            or not credential.session.is_valid_at(now)
            or not credential.user.is_active
        ):
            raise NotAuthenticated()
        uow = self._uows.for_tenant(credential.tenant_id)
        grants = await uow.grants.active_for_user(credential.user.id)
        if credential.session.needs_touch(now):
            await uow.portal_sessions.touch(credential.session.id, now)
            await uow.commit()
        return PortalSubject(
            user_id=credential.user.id,
            tenant_id=credential.tenant_id,
            session_id=credential.session.id,
            grants=tuple(grants),
            language=credential.user.language.value,
        )
