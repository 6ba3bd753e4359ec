from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor


class PreviewPortalUser:
    """Staff see the portal as one portal user sees it: the subject that user's session would
    resolve to (the grants active right now, as AuthenticatePortalUser reads them), without a
    session. Every view leaves an audit entry."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, user_id: UUID) -> PortalPrincipal:
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
        names = {}
        for customer_id in {g.customer_id for g in grants}:
            customer = await uow.customers.get(customer_id)
            names[customer_id] = customer.details.name if customer is not None else ""
        # The principal a session of this user would resolve to, without the session.
        return PortalPrincipal(
            tenant_id=uow.tenant_id,
            session=None,
            user=user,
            grants=tuple(grants),
            customer_names=names,
            display=await uow.portal_work.preferences(),
        )
