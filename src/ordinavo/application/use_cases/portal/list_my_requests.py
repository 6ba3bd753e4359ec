from __future__ import annotations

from collections.abc import Sequence

from ordinavo.application.ports.repositories import PortalReadsFactory
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.following import FollowedRequest, follow
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.status_labels import request_statuses_shown_as
from ordinavo.domain.visibility import PortalSubject


class ListMyRequests:
    """Requests at the locations and customers the subject may see, newest last."""

    def __init__(self, reads: PortalReadsFactory) -> None:
        self._reads = reads  # the hot path: one statement a page, no unit of work

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        page: PageRequest,
        *,
        accepted_languages: Sequence[tuple[str, float]] = (),
        status: str | None = None,
    ) -> Page[FollowedRequest]:
        """`status` is a customer-facing key (received, declined, ...), as the answers show."""
        labels, _ = display_for(display, accepted_languages, subject.language)
        found = await self._reads.for_tenant(subject.tenant_id).portal_requests.followed(
            page,
            RequestFilter(
                scope=subject.scope(),
                statuses=request_statuses_shown_as(status) if status else None,
            ),
        )
        return Page(
            [follow(r, progress, labels, subject.user_id) for r, progress in found.items],
            found.next_after,
        )
