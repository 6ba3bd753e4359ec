from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.ports.repositories import PortalReadsFactory
from ordinavo.application.ports.timeline import PortalEntryView, PortalTimelineQuery
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.application.use_cases.portal.published_reports import SEE_REPORTS
from ordinavo.domain.paging import TimedPage, TimedPageRequest
from ordinavo.domain.status_labels import CustomerStatus, StatusKind
from ordinavo.domain.timeline import PortalEntryKind, TimeRange
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class PortalTimelineEntry:
    view: PortalEntryView
    label: CustomerStatus


class ShowMyTimeline:
    """The customer-safe history of what the subject may see, newest first, labelled through
    the status translation table in the subject's language."""

    def __init__(self, reads: PortalReadsFactory) -> None:
        self._reads = reads  # the hot path: one statement a page, no unit of work

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        page: TimedPageRequest,
        *,
        kinds: Iterable[PortalEntryKind] | None = None,
        time_range: TimeRange | None = None,
        location_id: UUID | None = None,
        accepted_languages: Sequence[tuple[str, float]] = (),
    ) -> TimedPage[PortalTimelineEntry]:
        labels, _ = display_for(display, accepted_languages, subject.language)
        query = PortalTimelineQuery(
            scope=subject.scope(),
            reports_scope=subject.scope(needs=SEE_REPORTS),
            kinds=frozenset(kinds or PortalEntryKind),
            range=time_range or TimeRange(),
            location_id=location_id,
        )
        reads = self._reads.for_tenant(subject.tenant_id)
        found = await reads.portal_timeline.entries(query, page)
        return TimedPage(
            [
                PortalTimelineEntry(v, labels.of(StatusKind.TIMELINE, v.kind.value))
                for v in found.items
            ],
            found.next_after,
        )
