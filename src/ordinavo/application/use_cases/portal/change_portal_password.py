from __future__ import annotations

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import PasswordHasher
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import check_password_strength, personal_words
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


class ChangePortalPassword:
    """Needs the current password; every other session of the user ends."""

    def __init__(
        self, uow: UnitOfWork, hasher: PasswordHasher, clock: Clock, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject, current: str, new: str) -> None:
        user = await self._uow.portal_users.get(subject.user_id)
        if user is None or user.password_hash is None:
            raise NotAuthenticated()
        if not self._hasher.verify(user.password_hash, current):
            raise RuleViolation("The current password is not correct.", field="currentPassword")
        check_password_strength(new, forbidden_words=personal_words(user.email, user.display_name))
        now = self._clock.now()
        user.password_hash = self._hasher.hash(new)
        await self._uow.portal_users.save(user)
        await self._uow.portal_sessions.revoke_all_of_user(
            user.id, now, "password_changed", except_id=subject.session_id
        )
        self._recorder.security(
            self._uow, SecurityEventKind.PASSWORD_CHANGED, portal_user_id=user.id
        )
        await self._uow.commit()
