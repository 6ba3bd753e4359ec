from __future__ import annotations

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.notifications.show_my_notification_preferences import (
    effective_choices,
)
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.mail import MailKind, notification_kind
from ordinavo.domain.visibility import PortalSubject


class ChangeMyNotificationPreferences:
    """Switch kinds of notification on or off; every kind is checked before anything changes."""

    def __init__(
        self,
        uow: UnitOfWork,
        tenants: TenantDirectory,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._tenants = tenants
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self, subject: PortalSubject, changes: list[tuple[str, bool]]
    ) -> list[tuple[MailKind, bool]]:
        if not changes:
            raise InvalidValue("Name at least one kind of notification.", field="preferences")
        chosen = {notification_kind(kind): receive for kind, receive in changes}
        now = self._clock.now()
        for kind, receive in chosen.items():
            await self._uow.notification_preferences.choose(subject.user_id, kind, receive, now)
        self._recorder.record(
            self._uow,
            subject,
            "portal_user.notifications_changed",
            subject_type="portal_user",
            subject_id=subject.user_id,
            payload={
                "receive": sorted(k.value for k, on in chosen.items() if on),
                "stop": sorted(k.value for k, on in chosen.items() if not on),
            },
        )
        await self._uow.commit()
        return await effective_choices(self._uow, self._tenants, subject)
