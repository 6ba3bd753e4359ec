from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal_access.grant_spec import load_locations
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.portal_access import Grant
from ordinavo.domain.security_events import SecurityEventKind


class ChangeGrant:
    """Narrow or widen a grant; it takes effect on the user's very next request."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        grant_id: UUID,
        *,
        location_ids: frozenset[UUID] | None,
        capability_changes: Mapping[str, bool] | None,
    ) -> Grant:
        """`capability_changes` names Capabilities fields; those not named keep their value."""
        require(actor, Action.MANAGE_PORTAL_ACCESS)
        grant = await self._uow.grants.get(grant_id)
        if grant is None:
            raise NotFound("grant")
        locations = (
            await load_locations(self._uow, location_ids) if location_ids is not None else None
        )
        capabilities = (
            dataclasses.replace(grant.capabilities, **capability_changes)
            if capability_changes
            else None
        )
        grant.change(locations=locations, capabilities=capabilities, now=self._clock.now())
        await self._uow.grants.save(grant)
        self._recorder.record(
            self._uow,
            actor,
            "portal_grant.changed",
            subject_type="portal_grant",
            subject_id=grant.id,
            customer_id=grant.customer_id,
        )
        self._recorder.security(
            self._uow,
            SecurityEventKind.GRANT_CHANGED,
            portal_user_id=grant.portal_user_id,
            actor_id=actor.id,
        )
        await self._uow.commit()
        return grant
