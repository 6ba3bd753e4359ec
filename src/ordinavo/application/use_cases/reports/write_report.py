from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import record
from ordinavo.application.visibility import ensure_sees_target
from ordinavo.domain.access import Action, refused_report_fields
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import ReportContent, VisitReport


@dataclass(frozen=True, slots=True)
class NewReport:
    target_id: UUID
    content: ReportContent
    given_fields: frozenset[str]
    appointment_id: UUID | None = None


class WriteReport:
    """Start a report (a draft) on a piece of work; employees only on work assigned to them."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, new: NewReport) -> VisitReport:
        require(actor, Action.WRITE_REPORTS)
        refused = refused_report_fields(actor, new.given_fields)
        if refused:
            raise Forbidden("You may not set: " + ", ".join(sorted(refused)))
        appointment = None
        if new.appointment_id is not None:
            appointment = await self._uow.appointments.get(new.appointment_id)
            if appointment is None:
                raise NotFound("appointment")
        target = await ensure_sees_target(
            self._uow, actor, await self._uow.targets.get(new.target_id)
        )
        report = VisitReport.write(
            id=self._ids.new_id(),
            target=target,
            appointment=appointment,
            author_id=actor.id,
            content=new.content,
            now=self._clock.now(),
        )
        await self._uow.reports.add(report)
        record(self._recorder, self._uow, actor, "report.written", report)
        await self._uow.commit()
        return report
