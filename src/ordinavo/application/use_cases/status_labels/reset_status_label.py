from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.status_labels import LabelOverride


class ResetStatusLabel:
    """Drop the tenant's label for a status and language; the default applies again."""

    def __init__(self, uow: UnitOfWork, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._recorder = recorder

    async def __call__(self, actor: Actor, key: str, language: str) -> None:
        require(actor, Action.MANAGE_STATUS_LABELS)
        wanted = LabelOverride.of(key, language, "-")
        if not await self._uow.status_labels.remove(wanted.key, wanted.language):
            raise NotFound("label override")
        self._recorder.record(
            self._uow,
            actor,
            "status_label.reset",
            subject_type="tenant",
            subject_id=self._uow.tenant_id,
            payload={"key": wanted.key, "language": wanted.language.value},
        )
        await self._uow.commit()
