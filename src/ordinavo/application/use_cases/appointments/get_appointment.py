from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.use_cases.appointments._shared import load_visible
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.identity import Actor


class GetAppointment:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, appointment_id: UUID) -> Appointment:
        require(actor, Action.READ_WORK)
        return await load_visible(self._uow, actor, appointment_id)
