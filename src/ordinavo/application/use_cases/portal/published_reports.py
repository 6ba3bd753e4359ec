"""Published reports as the portal shows them; the scope needs the 'see reports' capability."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.reports import PortalReportView
from ordinavo.application.ports.repositories import PortalReadsFactory, UnitOfWork
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.status_labels import CustomerStatus, StatusKind
from ordinavo.domain.visibility import PortalSubject

SEE_REPORTS = "see_reports"


@dataclass(frozen=True, slots=True)
class PortalReport:
    view: PortalReportView
    status: CustomerStatus


class ListMyReports:
    def __init__(self, reads: PortalReadsFactory) -> None:
        self._reads = reads  # the hot path: one statement a page, no unit of work

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        page: PageRequest,
        *,
        accepted_languages: Sequence[tuple[str, float]] = (),
        location_id: UUID | None = None,
    ) -> Page[PortalReport]:
        labels, _ = display_for(display, accepted_languages, subject.language)
        status = labels.of(StatusKind.VISIT_REPORT, "published")
        reads = self._reads.for_tenant(subject.tenant_id)
        found = await reads.portal_reports.published_reports(
            subject.scope(needs=SEE_REPORTS), location_id, page
        )
        return Page([PortalReport(v, status) for v in found.items], found.next_after)


class GetMyReport:
    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        report_id: UUID,
        accepted_languages: Sequence[tuple[str, float]] = (),
    ) -> PortalReport:
        found = await self._uow.portal_reports.published_report(
            subject.scope(needs=SEE_REPORTS), report_id
        )
        if found is None:
            raise NotFound("report")
        labels, _ = display_for(display, accepted_languages, subject.language)
        return PortalReport(found, labels.of(StatusKind.VISIT_REPORT, "published"))
