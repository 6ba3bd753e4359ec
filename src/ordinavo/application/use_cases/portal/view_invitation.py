from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalDirectory
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.domain.portal_access import InvitationStatus


@dataclass(frozen=True, slots=True)
class InvitationPreview:
    tenant_name: str
    tenant_slug: str
    name: str
    email: str
    expires_at: datetime


class ViewInvitation:
    """Look at an invitation without using it: a mail scanner opening the link changes nothing."""

    def __init__(
        self,
        portal: PortalDirectory,
        tenants: TenantDirectory,
        uows: UnitOfWorkFactory,
        secrets: SecretGenerator,
        clock: Clock,
    ) -> None:
        self._portal = portal
        self._tenants = tenants
        self._uows = uows
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, token: str) -> InvitationPreview:
        invitation = await self._portal.find_invitation(self._secrets.digest(token))
        if invitation is None or invitation.status_at(self._clock.now()) is not (
            InvitationStatus.PENDING
        ):
            raise LinkNotValid()
        tenant = await self._tenants.get(invitation.tenant_id)
        user = await self._uows.for_tenant(invitation.tenant_id).portal_users.get(
            invitation.portal_user_id
        )
        if tenant is None or user is None:
            raise LinkNotValid()
        return InvitationPreview(
            tenant_name=tenant.name,
            tenant_slug=tenant.slug,
            name=user.display_name,
            email=user.email,
            expires_at=invitation.expires_at,
        )
