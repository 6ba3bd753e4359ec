from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.status_labels import LabelOverride


class SetStatusLabel:
    """A tenant's own label for a customer-facing status in one language."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, key: str, language: str, label: str) -> LabelOverride:
        require(actor, Action.MANAGE_STATUS_LABELS)
        override = LabelOverride.of(key, language, label)
        await self._uow.status_labels.put(override)
        self._recorder.record(
            self._uow,
            actor,
            "status_label.set",
            subject_type="tenant",
            subject_id=self._uow.tenant_id,
            payload={"key": override.key, "language": override.language.value},
        )
        await self._uow.commit()
        return override
