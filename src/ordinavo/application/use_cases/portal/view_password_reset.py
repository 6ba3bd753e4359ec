from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalDirectory
from ordinavo.application.ports.repositories import TenantDirectory
from ordinavo.application.ports.security import SecretGenerator


@dataclass(frozen=True, slots=True)
class ResetPreview:
    tenant_name: str
    expires_at: datetime


class ViewPasswordReset:
    """Where the reset link lands: says whether the link can still be used, and uses nothing
    up (a mail scanner opening it changes nothing)."""

    def __init__(
        self,
        portal: PortalDirectory,
        tenants: TenantDirectory,
        secrets: SecretGenerator,
        clock: Clock,
    ) -> None:
        self._portal = portal
        self._tenants = tenants
        self._secrets = secrets
        self._clock = clock

    async def __call__(self, token: str) -> ResetPreview:
        reset = await self._portal.find_password_reset(self._secrets.digest(token))
        if reset is None or not reset.usable_at(self._clock.now()):
            raise LinkNotValid()
        tenant = await self._tenants.get(reset.tenant_id)
        if tenant is None:
            raise LinkNotValid()
        return ResetPreview(tenant_name=tenant.name, expires_at=reset.expires_at)
