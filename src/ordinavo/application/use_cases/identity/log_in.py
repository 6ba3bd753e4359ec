from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import LoginThrottleStore
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.sign_in_throttle import SignInThrottle
from ordinavo.domain.identity import AccessToken, InternalUser
from ordinavo.domain.security_events import SecurityEventKind

# One answer for every failure, so nobody learns which tenants or addresses exist.
LOGIN_FAILED = "The tenant, e-mail address or password is not correct."


@dataclass(frozen=True, slots=True)
class IssuedToken:
    secret: str  # given to the client once; only its digest is stored
    expires_at: datetime
    user: InternalUser


class LogIn:
    def __init__(
        self,
        directory: TenantDirectory,
        uows: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        throttles: LoginThrottleStore,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._throttle = SignInThrottle(throttles, uows, clock)
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, tenant_slug: str, email: str, password: str) -> IssuedToken:
        throttle = await self._throttle.admit("internal", tenant_slug, email)
        tenant = await self._directory.find_by_slug(tenant_slug.strip().lower())
        uow = self._uows.for_tenant(tenant.id) if tenant else None
        user = await uow.users.find_by_email(email.strip().lower()) if uow else None
        if user is None or not user.is_active:
            self._hasher.burn(password)
            verified = False
        else:
            verified = self._hasher.verify(user.password_hash, password)
        if not verified:
            locked = await self._throttle.failed(throttle)
            if uow is not None and user is not None:
                # Sign-ins are security events, not domain events: they feed no webhook.
                self._recorder.security(
                    uow, SecurityEventKind.LOGIN_FAILED, internal_user_id=user.id
                )
                if locked:
                    self._recorder.security(
                        uow, SecurityEventKind.LOCKOUT, internal_user_id=user.id
                    )
            await self._uows.commit()
            raise NotAuthenticated(LOGIN_FAILED)
        assert tenant is not None and uow is not None and user is not None
        await self._throttle.succeeded(throttle)
        now = self._clock.now()
        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = self._hasher.hash(password)
            await uow.users.save(user)
        secret = self._secrets.token()
        token = AccessToken(
            id=self._ids.new_id(),
            tenant_id=tenant.id,
            user_id=user.id,
            token_hash=self._secrets.digest(secret),
            created_at=now,
            expires_at=now + timedelta(hours=tenant.settings.internal_token_hours),
        )
        await uow.access_tokens.add(token)
        self._recorder.security(uow, SecurityEventKind.LOGIN_SUCCEEDED, internal_user_id=user.id)
        await uow.commit()
        return IssuedToken(secret=secret, expires_at=token.expires_at, user=user)
