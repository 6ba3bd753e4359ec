from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.connect._shared import job_of
from ordinavo.domain.access import Action
from ordinavo.domain.connect import ImportJob
from ordinavo.domain.identity import Actor


class GetImportJob:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, job_id: UUID) -> ImportJob:
        require(actor, Action.READ_IMPORTS)
        return await job_of(self._uow, actor, job_id)
