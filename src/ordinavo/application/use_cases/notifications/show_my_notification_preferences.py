from __future__ import annotations

from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.domain.mail import (
    NOTIFICATION_KINDS,
    MailKind,
    NotificationPreferences,
    off_by_default,
)
from ordinavo.domain.visibility import PortalSubject


async def effective_choices(
    uow: UnitOfWork, tenants: TenantDirectory, subject: PortalSubject
) -> list[tuple[MailKind, bool]]:
    """Every kind of notification with whether the user receives it now (an explicit choice,
    or else the tenant's default)."""
    tenant = await tenants.get(uow.tenant_id)
    quiet = (
        off_by_default(
            visit_reminders=tenant.settings.visit_reminders_by_default,
            report_notices=tenant.settings.report_notices_by_default,
        )
        if tenant
        else frozenset()
    )
    mine = (await uow.notification_preferences.of_users([subject.user_id])).get(
        subject.user_id, NotificationPreferences({})
    )
    return [(kind, mine.receives(kind, quiet)) for kind in NOTIFICATION_KINDS]


class ShowMyNotificationPreferences:
    def __init__(self, uow: UnitOfWork, tenants: TenantDirectory) -> None:
        self._uow = uow
        self._tenants = tenants

    async def __call__(self, subject: PortalSubject) -> list[tuple[MailKind, bool]]:
        return await effective_choices(self._uow, self._tenants, subject)
