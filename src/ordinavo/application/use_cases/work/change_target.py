from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require, require_own_references
from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action, foreign_references, refused_target_fields
from ordinavo.domain.identity import Actor
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.work import Target


class ChangeTarget:
    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        target_id: UUID,
        changes: Mapping[str, object],
        given_fields: frozenset[str],
    ) -> Target:
        require(actor, Action.PLAN_WORK)
        forbidden = refused_target_fields(actor, given_fields)
        if forbidden:
            raise Forbidden("You may not change: " + ", ".join(sorted(forbidden)))
        target = await self._uow.targets.get(target_id)
        if target is None:
            raise NotFound("work item")
        if "external_reference" in changes:
            sent = changes["external_reference"]
            if isinstance(sent, ExternalReference):
                require_own_references(actor, (sent,))
            current = target.details.external_reference
            if current is not None and foreign_references(actor, (current,)):
                # Another system's reference, invisible to a bound key: not its to replace.
                raise Forbidden("This key may not replace the work's external reference.")
        changed = target.revise(changes, self._clock.now())
        if changed:
            await self._uow.targets.save(target)
            self._recorder.record(
                self._uow,
                actor,
                "target.changed",
                subject_type="target",
                subject_id=target.id,
                customer_id=target.customer_id,
                location_id=target.location_id,
                payload={"fields": changed},
            )
            await self._uow.commit()
        return target
