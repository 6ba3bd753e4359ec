from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.connect._shared import ensure_own_source
from ordinavo.domain.access import Action
from ordinavo.domain.connect import ImportJob
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListImportJobs:
    """Newest first; a key bound to a connected system sees that system's jobs only."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, page: PageRequest, source_key: str | None = None
    ) -> Page[ImportJob]:
        require(actor, Action.READ_IMPORTS)
        key = source_key or actor.source_system
        if key is not None:
            ensure_own_source(actor, key)
        # A system not registered has no jobs: an empty page, as for a registered one.
        return await self._uow.connect.list_jobs(page, key)
