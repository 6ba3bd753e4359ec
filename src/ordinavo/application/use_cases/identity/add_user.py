from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor, InternalUser, Role, check_password_strength


@dataclass(frozen=True, slots=True)
class EnrolledUser:
    user: InternalUser
    initial_password: str | None  # generated and shown once when none was given


class AddUser:
    """A tenant admin adds a staff member with one role."""

    def __init__(
        self,
        uow: UnitOfWork,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._secrets = secrets
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor | None,
        *,
        email: str,
        display_name: str,
        role: Role,
        password: str | None = None,
    ) -> EnrolledUser:
        """`actor` is None only for operator tools (the CLI and the demo)."""
        if actor is not None:
            require(actor, Action.MANAGE_USERS)
        generated = None
        if password is None:
            password = generated = self._secrets.token()[:24]
        else:
            check_password_strength(password, forbidden_words=(email.split("@")[0], display_name))
        user = InternalUser.enrol(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            email=email,
            display_name=display_name,
            role=role,
            password_hash=self._hasher.hash(password),
            now=self._clock.now(),
        )
        if await self._uow.users.find_by_email(user.email) is not None:
            raise Conflict("A user with this e-mail address already exists in this tenant.")
        await self._uow.users.add(user)
        self._recorder.record(
            self._uow,
            actor,
            "user.enrolled",
            subject_type="user",
            subject_id=user.id,
            payload={"role": user.role.value},
        )
        await self._uow.commit()
        return EnrolledUser(user=user, initial_password=generated)
