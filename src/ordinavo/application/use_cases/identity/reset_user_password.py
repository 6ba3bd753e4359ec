from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import (
    TenantDirectory,
    UnitOfWork,
    UnitOfWorkFactory,
)
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, InternalUser
from ordinavo.domain.security_events import SecurityEventKind


@dataclass(frozen=True, slots=True)
class PasswordReset:
    user: InternalUser
    password: str  # shown once, to be handed over and changed by its owner


async def reset_password(
    uow: UnitOfWork,
    user: InternalUser,
    hasher: PasswordHasher,
    secrets: SecretGenerator,
    clock: Clock,
    recorder: ChangeRecorder,
    actor: Actor | None,
) -> PasswordReset:
    """A new random password, every token of the user ended, the change on record."""
    password = secrets.token()[:24]
    now = clock.now()
    user.password_hash = hasher.hash(password)
    await uow.users.save(user)
    await uow.access_tokens.revoke_all_of_user(user.id, now)
    recorder.security(
        uow,
        SecurityEventKind.PASSWORD_CHANGED,
        internal_user_id=user.id,
        actor_id=actor.id if actor else None,
    )
    recorder.record(uow, actor, "user.password_reset", subject_type="user", subject_id=user.id)
    await uow.commit()
    return PasswordReset(user, password)


class ResetUserPassword:
    """A tenant admin gives a staff user a new password (shown once) and ends all their
    sessions: for someone who forgot theirs, or whose account may be in other hands."""

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._secrets = secrets
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> PasswordReset:
        require(actor, Action.MANAGE_USERS)
        user = await self._uow.users.get(user_id)
        if user is None:
            raise NotFound("user")
        return await reset_password(
            self._uow, user, self._hasher, self._secrets, self._clock, self._recorder, actor
        )


class ResetStaffPasswordAsOperator:
    """For the operator's command line (`ordinavo user reset-password`): a locked-out tenant
    admin gets a new password without anyone signing in."""

    def __init__(
        self,
        tenants: TenantDirectory,
        units: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._tenants = tenants
        self._units = units
        self._hasher = hasher
        self._secrets = secrets
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, tenant_slug: str, email: str) -> PasswordReset:
        tenant = await self._tenants.find_by_slug(tenant_slug.strip().lower())
        if tenant is None:
            raise NotFound("tenant")
        uow = self._units.for_tenant(tenant.id)
        user = await uow.users.find_by_email(email.strip().lower())
        if user is None:
            raise NotFound("user")
        return await reset_password(
            uow, user, self._hasher, self._secrets, self._clock, self._recorder, None
        )
