from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.connect._shared import job_of
from ordinavo.domain.access import Action
from ordinavo.domain.connect import ImportResult, Outcome
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import Page, PageRequest


class ListImportResults:
    """What became of each record of a job, in the order the worker applied them."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self, actor: Actor, job_id: UUID, page: PageRequest, outcome: Outcome | None = None
    ) -> Page[ImportResult]:
        require(actor, Action.READ_IMPORTS)
        job = await job_of(self._uow, actor, job_id)
        return await self._uow.connect.list_results(job.id, page, outcome)
