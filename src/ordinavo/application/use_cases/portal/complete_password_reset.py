from __future__ import annotations

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalDirectory, RateLimiter
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.guards import limit_rate
from ordinavo.domain.identity import check_password_strength, personal_words
from ordinavo.domain.security_events import SecurityEventKind


class CompletePasswordReset:
    """Set a new password from a reset link; the link is single use and every session ends."""

    def __init__(
        self,
        portal: PortalDirectory,
        uows: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        limiter: RateLimiter,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._portal = portal
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._limiter = limiter
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, token: str, password: str, client_address: str | None) -> None:
        await limit_rate(self._limiter, self._uows, self._clock, "reset", client_address)
        now = self._clock.now()
        reset = await self._portal.find_password_reset(self._secrets.digest(token))
        if reset is None or not reset.usable_at(now):
            await self._uows.commit()
            raise LinkNotValid()
        uow = self._uows.for_tenant(reset.tenant_id)
        user = await uow.portal_users.get(reset.portal_user_id)
        if user is None or not user.is_active:
            await self._uows.commit()
            raise LinkNotValid()
        check_password_strength(
            password, forbidden_words=personal_words(user.email, user.display_name)
        )
        user.password_hash = self._hasher.hash(password)
        await uow.portal_users.save(user)
        await uow.password_resets.mark_used(reset.id, now)
        await uow.portal_sessions.revoke_all_of_user(user.id, now, "password_reset")
        self._recorder.security(
            uow,
            SecurityEventKind.PASSWORD_RESET_COMPLETED,
            portal_user_id=user.id,
            client_address=client_address,
        )
        await uow.commit()
