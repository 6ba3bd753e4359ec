from __future__ import annotations

from ordinavo.application.errors import Forbidden, NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import PasswordHasher
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, ActorKind, check_password_strength, personal_words
from ordinavo.domain.security_events import SecurityEventKind


class ChangeMyPassword:
    """A staff user changes their own password: the current one is needed, and every other
    token of the user ends (the one in use stays)."""

    def __init__(
        self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, actor: Actor, current: str, new: str) -> None:
        if actor.kind is not ActorKind.USER:
            raise Forbidden()  # an API key has no password
        user = await self._uow.users.get(actor.id)
        if user is None:
            raise NotAuthenticated()
        if not self._hasher.verify(user.password_hash, current):
            raise RuleViolation("The current password is not correct.", field="currentPassword")
        check_password_strength(new, forbidden_words=personal_words(user.email, user.display_name))
        now = self._clock.now()
        user.password_hash = self._hasher.hash(new)
        await self._uow.users.save(user)
        await self._uow.access_tokens.revoke_all_of_user(
            user.id, now, except_id=actor.credential_id
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.PASSWORD_CHANGED,
            internal_user_id=user.id,
            actor_id=user.id,
        )
        self._recorder.record(
            self._uow, actor, "user.password_changed", subject_type="user", subject_id=user.id
        )
        await self._uow.commit()
