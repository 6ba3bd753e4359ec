from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
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
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, tenant_slug: str, email: str, password: str) -> IssuedToken:
        tenant = await self._directory.find_by_slug(tenant_slug.strip().lower())
        if tenant is None:
            self._hasher.burn(password)
            raise NotAuthenticated(LOGIN_FAILED)
        uow = self._uows.for_tenant(tenant.id)
        user = await uow.users.find_by_email(email.strip().lower())
        if user is None or not user.is_active:
            self._hasher.burn(password)
            raise NotAuthenticated(LOGIN_FAILED)
        if not self._hasher.verify(user.password_hash, password):
            # Sign-ins are security events, not domain events: they feed no webhook.
            self._recorder.security(uow, SecurityEventKind.LOGIN_FAILED, internal_user_id=user.id)
            await uow.commit()
            raise NotAuthenticated(LOGIN_FAILED)
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
