from __future__ import annotations

from collections.abc import Sequence

from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.following import FollowedRequest, follow
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.status_labels import request_statuses_shown_as
from ordinavo.domain.visibility import PortalSubject


class ListMyRequests:
    """Requests at the locations and customers the subject may see, newest last."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

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
        found = await self._uow.requests.list(
            page,
            RequestFilter(
                scope=subject.scope(),
                statuses=request_statuses_shown_as(status) if status else None,
            ),
        )
        progress = await self._uow.requests.progress(
            [r.target_id for r in found.items if r.target_id]
        )
        return Page(
            [
                follow(
                    r, progress.get(r.target_id) if r.target_id else None, labels, subject.user_id
                )
                for r in found.items
            ],
            found.next_after,
        )
