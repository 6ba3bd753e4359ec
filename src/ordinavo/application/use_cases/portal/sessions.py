"""Opening a portal session: a new random id every time, only its digest stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.domain.portal_access import PortalUser
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.tenants import Tenant


@dataclass(frozen=True, slots=True)
class OpenedSession:
    secret: str  # the cookie value or bearer token, given to the client once
    session: PortalSession
    user: PortalUser

    @property
    def expires_at(self) -> datetime:
        return self.session.absolute_expiry


async def open_session(
    uow: UnitOfWork,
    tenant: Tenant,
    user: PortalUser,
    secrets: SecretGenerator,
    clock: Clock,
    ids: IdGenerator,
) -> OpenedSession:
    secret = secrets.token()
    session = PortalSession.start(
        id=ids.new_id(),
        tenant_id=tenant.id,
        portal_user_id=user.id,
        token_hash=secrets.digest(secret),
        settings=tenant.settings,
        now=clock.now(),
    )
    await uow.portal_sessions.add(session)
    return OpenedSession(secret=secret, session=session, user=user)
