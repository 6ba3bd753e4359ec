from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated, TooManyRequests
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import LoginThrottleStore, PortalDirectory, RateLimiter
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.sign_in_throttle import SignInThrottle
from ordinavo.application.use_cases.portal.guards import limit_rate
from ordinavo.application.use_cases.portal.sessions import OpenedSession, open_session
from ordinavo.domain.security_events import SecurityEventKind

# Unknown tenant, unknown address, wrong password, disabled or not yet accepted: one answer.
PORTAL_LOGIN_FAILED = "The tenant, e-mail address or password is not correct."


class LogInToPortal:
    def __init__(
        self,
        directory: TenantDirectory,
        portal: PortalDirectory,
        uows: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        throttles: LoginThrottleStore,
        limiter: RateLimiter,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._directory = directory
        self._portal = portal
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._throttle = SignInThrottle(throttles, uows, clock)
        self._limiter = limiter
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        tenant_slug: str,
        email: str,
        password: str,
        client_address: str | None,
        previous_secret: str | None = None,
    ) -> OpenedSession:
        """`previous_secret` is a session the client already holds; a successful login ends it,
        so a session id planted before login (session fixation) is worthless afterwards."""
        await limit_rate(self._limiter, self._uows, self._clock, "login", client_address)
        now = self._clock.now()
        tenant = await self._directory.find_by_slug(tenant_slug.strip().lower())
        uow = self._uows.for_tenant(tenant.id) if tenant else None
        user = await uow.portal_users.find_by_email(email.strip().lower()) if uow else None
        try:
            throttle = await self._throttle.admit("portal", tenant_slug, email)
        except TooManyRequests:
            if uow is not None:
                self._recorder.security(
                    uow,
                    SecurityEventKind.LOGIN_THROTTLED,
                    portal_user_id=user.id if user else None,
                    client_address=client_address,
                )
            await self._uows.commit()
            raise
        if user is None or not user.is_active or user.password_hash is None:
            self._hasher.burn(password)
            verified = False
        else:
            verified = self._hasher.verify(user.password_hash, password)
        if not verified:
            locked = await self._throttle.failed(throttle)
            if uow is not None:
                self._recorder.security(
                    uow,
                    SecurityEventKind.LOGIN_FAILED,
                    portal_user_id=user.id if user else None,
                    client_address=client_address,
                )
                if locked:
                    self._recorder.security(
                        uow,
                        SecurityEventKind.LOCKOUT,
                        portal_user_id=user.id if user else None,
                        client_address=client_address,
                    )
            await self._uows.commit()
            raise NotAuthenticated(PORTAL_LOGIN_FAILED)
        assert tenant is not None and uow is not None and user is not None
        await self._throttle.succeeded(throttle)
        if self._hasher.needs_rehash(user.password_hash or ""):
            user.password_hash = self._hasher.hash(password)
            await uow.portal_users.save(user)
        if previous_secret:
            previous = await self._portal.find_session(self._secrets.digest(previous_secret))
            # Only a session of this tenant can be this account's; leave other tenants alone.
            if previous is not None and previous.tenant_id == tenant.id:
                await uow.portal_sessions.revoke(previous.session.id, now, "replaced_at_login")
        opened = await open_session(uow, tenant, user, self._secrets, self._clock, self._ids)
        self._recorder.security(
            uow,
            SecurityEventKind.LOGIN_SUCCEEDED,
            portal_user_id=user.id,
            client_address=client_address,
        )
        await uow.commit()
        return opened
