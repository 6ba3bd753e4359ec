from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import record, visible_report
from ordinavo.domain.access import Action, change_action, refused_report_fields, sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


class ChangeReport:
    """Edit a report. Editing an approved one sends it back to review and off the portal."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(
        self,
        actor: Actor,
        report_id: UUID,
        changes: Mapping[str, object],
        given_fields: frozenset[str],
    ) -> VisitReport:
        # A manager keeps internal notes on a report without writing reports.
        require(actor, change_action(given_fields, Action.WRITE_REPORTS))
        refused = refused_report_fields(actor, given_fields)
        report = await visible_report(self._uow, actor, report_id)
        if not sees_all_work(actor) and report.author_id != actor.id:
            raise Forbidden("Only the author may change this report.")
        if refused:
            raise Forbidden("You may not set: " + ", ".join(sorted(refused)))
        changed, unpublished = report.revise(changes, self._clock.now())
        if changed:
            await self._uow.reports.save(report)
            record(self._recorder, self._uow, actor, "report.changed", report)
            if unpublished:
                record(self._recorder, self._uow, actor, "report.unpublished", report)
            await self._uow.commit()
        return report
