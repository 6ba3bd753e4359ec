from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from ordinavo.application.ports.repositories import PortalReadsFactory
from ordinavo.application.ports.work import DisplayPreferences, PlaceView
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.status_labels import CustomerStatus, StatusKind
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class PortalFollowUp:
    id: UUID
    status: CustomerStatus
    note: str | None
    work_title: str
    place: PlaceView | None
    created_at: datetime
    next_visit_starts_at: datetime | None
    next_visit_ends_at: datetime | None


class ListMyFollowUps:
    """Follow-up needs at what the subject may see, and the visit planned to answer each."""

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
    ) -> Page[PortalFollowUp]:
        labels, _ = display_for(display, accepted_languages, subject.language)
        reads = self._reads.for_tenant(subject.tenant_id)
        found = await reads.portal_reports.follow_ups(subject.scope(), location_id, page)
        return Page(
            [
                PortalFollowUp(
                    id=v.id,
                    status=labels.of(StatusKind.FOLLOW_UP, v.status.value),
                    note=v.note,
                    work_title=v.work_title,
                    place=v.place,
                    created_at=v.created_at,
                    next_visit_starts_at=v.next_visit_starts_at,
                    next_visit_ends_at=v.next_visit_ends_at,
                )
                for v in found.items
            ],
            found.next_after,
        )
