from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.reports._shared import record, visible_report
from ordinavo.domain.access import Action
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


class ApproveReport:
    """Approve a submitted report. A required follow-up becomes a follow-up need; a billable
    report records a billing trigger. Both happen once per report, even if it is approved
    again after an edit."""

    def __init__(
        self, uow: UnitOfWork, clock: Clock, ids: IdGenerator, recorder: ChangeRecorder
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, actor: Actor, report_id: UUID) -> VisitReport:
        require(actor, Action.APPROVE_REPORTS)
        report = await visible_report(self._uow, actor, report_id)
        now = self._clock.now()
        report.approve(actor.id, now)
        await self._uow.reports.save(report)
        record(self._recorder, self._uow, actor, "report.approved", report)
        if report.content.follow_up_required and not await self._uow.follow_ups.for_report(
            report.id
        ):
            need = FollowUp.from_report(id=self._ids.new_id(), report=report, now=now)
            await self._uow.follow_ups.add(need)
            self._recorder.record(
                self._uow,
                actor,
                "follow_up.needed",
                subject_type="follow_up",
                subject_id=need.id,
                customer_id=need.customer_id,
                location_id=need.location_id,
                payload={"reportId": str(report.id), "status": need.status.value},
                work_id=report.target_id,
            )
        if report.content.billable and not await self._uow.billing_triggers.for_report(report.id):
            target = await self._uow.targets.get(report.target_id)
            trigger = BillingTrigger.for_report(
                id=self._ids.new_id(),
                report=report,
                billing_details=target.details.billing_details if target else None,
                now=now,
            )
            await self._uow.billing_triggers.add(trigger)
            # The event names the report, never the billing details.
            self._recorder.record(
                self._uow,
                actor,
                "billing.triggered",
                subject_type="billing_trigger",
                subject_id=trigger.id,
                customer_id=trigger.customer_id,
                payload={"reportId": str(report.id), "targetId": str(report.target_id)},
            )
        await self._uow.commit()
        return report
