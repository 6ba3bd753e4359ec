from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.status_labels import (
    DEFAULT_LABELS,
    STATUS_KEYS,
    PortalLanguage,
    StatusKind,
)


@dataclass(frozen=True, slots=True)
class StatusLabelRow:
    """One customer-facing status: the internal statuses behind it and its labels."""

    key: str
    maps_from: list[tuple[StatusKind, str]]
    defaults: dict[PortalLanguage, str]
    overrides: dict[PortalLanguage, str]


class ListStatusLabels:
    """The whole translation table with this tenant's overrides (a fixed, short list)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor) -> list[StatusLabelRow]:
        require(actor, Action.READ_WORK)
        overrides = await self._uow.status_labels.all()
        rows = []
        for key, labels in DEFAULT_LABELS.items():
            rows.append(
                StatusLabelRow(
                    key=key,
                    maps_from=[(k, s) for (k, s), v in STATUS_KEYS.items() if v == key],
                    defaults={PortalLanguage(lang): text for lang, text in labels.items()},
                    overrides={o.language: o.label for o in overrides if o.key == key},
                )
            )
        return rows
