"""What the report use cases share: loading a report the actor may see, and recording a step."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.visibility import ensure_sees_target
from ordinavo.domain.access import sees_all_work
from ordinavo.domain.identity import Actor
from ordinavo.domain.reports import VisitReport


async def visible_report(uow: UnitOfWork, actor: Actor, report_id: UUID) -> VisitReport:
    """The report, if the actor may see it: employees only their own or their work's."""
    report = await uow.reports.get(report_id)
    if report is None:
        raise NotFound("report")
    if sees_all_work(actor) or report.author_id == actor.id:
        return report
    try:
        await ensure_sees_target(uow, actor, await uow.targets.get(report.target_id))
    except NotFound:
        raise NotFound("report") from None
    return report


def record(
    recorder: ChangeRecorder,
    uow: UnitOfWork,
    actor: Actor,
    event: str,
    report: VisitReport,
    **extra: str | bool | None,
) -> None:
    recorder.record(
        uow,
        actor,
        event,
        subject_type="visit_report",
        subject_id=report.id,
        customer_id=report.customer_id,
        location_id=report.location_id,
        payload={
            "status": report.status.value,
            "targetId": str(report.target_id),
            "published": report.is_published,
            **extra,
        },
    )
