from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.visibility import NO_SESSION, PortalSubject


class PreviewPortalUser:
    """Staff see the portal as one portal user sees it: the subject that user's session would
    resolve to (the grants active right now, as AuthenticatePortalUser reads them), without a
    session. Every view leaves an audit entry."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> PortalSubject:
        require(actor, Action.PREVIEW_PORTAL)
        uow = self._uow
        user = await uow.portal_users.get(user_id)
        if user is None:
            raise NotFound("portal user")
        if user.disabled_at is not None:
            # A disabled user sees nothing on the portal; a preview would show what nobody sees.
            raise Conflict("This portal user is disabled; enable it to preview what it sees.")
        grants = await uow.grants.active_for_user(user.id)
        self._recorder.audit_only(
            uow, actor, "portal_user.previewed", object_type="portal_user", object_id=user.id
        )
        await uow.commit()
        return PortalSubject(
            user_id=user.id,
            tenant_id=uow.tenant_id,
            session_id=NO_SESSION,
            grants=tuple(grants),
            language=user.language.value,
        )
