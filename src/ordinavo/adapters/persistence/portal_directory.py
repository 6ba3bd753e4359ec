"""Portal lookups by secret digest (session, invitation, reset), before the tenant is known.

Each matches one unique digest column; the tenant comes from the row found.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.portal_models import (
    InvitationModel,
    PasswordResetModel,
    PortalSessionModel,
    PortalUserModel,
)
from ordinavo.adapters.persistence.portal_repositories import (
    invitation_from_row,
    portal_user_from_row,
    reset_from_row,
    session_from_row,
)
from ordinavo.adapters.persistence.tenant_binding import span_all_tenants
from ordinavo.application.ports.portal import PortalCredential
from ordinavo.domain.portal_access import Invitation, PasswordReset

_REASON = "a portal secret names its tenant only by its row"

# Run on every portal request: built once, executed with a bind parameter.
_SESSION_BY_DIGEST = (
    select(PortalSessionModel, PortalUserModel)
    .join(
        PortalUserModel,
        (PortalUserModel.id == PortalSessionModel.portal_user_id)
        & (PortalUserModel.tenant_id == PortalSessionModel.tenant_id),
    )
    .where(PortalSessionModel.token_hash == bindparam("digest"))
)


class SqlaPortalDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find_session(self, digest: str) -> PortalCredential | None:
        span_all_tenants(self._session, _REASON)
        found = (await self._session.execute(_SESSION_BY_DIGEST, {"digest": digest})).first()
        if found is None:
            return None
        session_row, user_row = found
        return PortalCredential(
            tenant_id=session_row.tenant_id,
            session=session_from_row(session_row),
            user=portal_user_from_row(user_row),
        )

    async def find_invitation(self, digest: str) -> Invitation | None:
        span_all_tenants(self._session, _REASON)
        row = await self._session.scalar(
            select(InvitationModel).where(InvitationModel.token_hash == digest)
        )
        return invitation_from_row(row) if row else None

    async def find_password_reset(self, digest: str) -> PasswordReset | None:
        span_all_tenants(self._session, _REASON)
        row = await self._session.scalar(
            select(PasswordResetModel).where(PasswordResetModel.token_hash == digest)
        )
        return reset_from_row(row) if row else None
