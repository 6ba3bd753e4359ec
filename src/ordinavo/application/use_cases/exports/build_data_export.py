from __future__ import annotations

from uuid import UUID, uuid5

from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.exports import MyDataEncoder
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.use_cases.exports.my_data import collect_my_data
from ordinavo.domain.data_exports import ExportState
from ordinavo.domain.visibility import PortalSubject


class BuildDataExport:
    """The worker builds a waiting export, as the user would see their data now: the subject
    is made from the user's active grants, the same as at sign-in. Building twice is harmless:
    the second finds the export ready and does nothing."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        tenants: TenantDirectory,
        encoder: MyDataEncoder,
        clock: Clock,
    ) -> None:
        self._units = units
        self._tenants = tenants
        self._encoder = encoder
        self._clock = clock

    async def __call__(self, tenant_id: UUID, export_id: UUID) -> bool:
        """True if this call built it."""
        uow = self._units.for_tenant(tenant_id)
        now = self._clock.now()
        export = await uow.data_exports.get(export_id)
        if export is None or export.state(now) is not ExportState.PENDING:
            await uow.rollback()
            return False
        user = await uow.portal_users.get(export.portal_user_id)
        if user is None or not user.is_active:
            # Disabled meanwhile: nothing is handed out any more.
            await uow.data_exports.remove_of_user(export.portal_user_id)
            await uow.commit()
            return False
        subject = PortalSubject(
            user_id=user.id,
            tenant_id=tenant_id,
            # No session: the worker acts for the export, not for a signed-in browser.
            session_id=uuid5(export.id, "data-export"),
            grants=tuple(await uow.grants.active_for_user(user.id)),
            language=user.language.value,
        )
        data = await collect_my_data(uow, self._tenants, subject, now)
        export.complete(self._encoder.encode(data), now)
        await uow.data_exports.save(export)
        await uow.commit()
        return True
