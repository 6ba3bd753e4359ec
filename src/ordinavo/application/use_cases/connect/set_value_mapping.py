from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.connect._shared import source_of
from ordinavo.domain.access import Action
from ordinavo.domain.connect import MAX_MAPPINGS, MappedField, ValueMapping
from ordinavo.domain.identity import Actor


class SetValueMapping:
    """A tenant admin says what a source's value means here (ERP status `70` → completed).
    Setting it again for the same field and value replaces it; later imports read it."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        source_key: str,
        field: MappedField,
        external_value: str,
        internal_value: str,
    ) -> ValueMapping:
        require(actor, Action.MANAGE_CONNECTED_SYSTEMS)
        source = await source_of(self._uow, actor, source_key)
        mapping = ValueMapping.define(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            source_id=source.id,
            field=field,
            external_value=external_value,
            internal_value=internal_value,
            now=self._clock.now(),
        )
        known = await self._uow.connect.mappings_of(source.id)
        if (mapping.field, mapping.external_value) not in known and len(known) >= MAX_MAPPINGS:
            raise Conflict(f"A connected system may have at most {MAX_MAPPINGS} value mappings.")
        await self._uow.connect.put_mapping(mapping)
        self._recorder.record(
            self._uow,
            actor,
            "connected_system.mapping_set",
            subject_type="connected_system",
            subject_id=source.id,
            payload={"field": mapping.field.value, "internalValue": mapping.internal_value},
        )
        await self._uow.commit()
        return mapping
