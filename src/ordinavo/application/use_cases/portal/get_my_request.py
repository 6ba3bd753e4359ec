from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from uuid import UUID

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.following import FollowedRequest, follow
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.paging import MAX_PAGE_SIZE, PageRequest
from ordinavo.domain.requests import PortalRequest
from ordinavo.domain.visibility import PortalSubject


async def visible_request(
    uow: UnitOfWork, subject: PortalSubject, request_id: UUID
) -> PortalRequest:
    """The request, if the visibility policy lets the subject see it; else 'not found'."""
    request = await uow.requests.get(request_id)
    if request is None or not subject.may_see(request.customer_id, request.location_id):
        raise NotFound("request")
    return request


async def files_shown(uow: UnitOfWork, request: PortalRequest) -> tuple[Attachment, ...]:
    """Every file of the request its portal readers see, oldest first."""
    files: list[Attachment] = []
    page = PageRequest(size=MAX_PAGE_SIZE)
    while True:
        found = await uow.attachments.shown_on_portal(request.id, page)
        files.extend(found.items)
        if found.next_after is None:
            return tuple(files)
        page = PageRequest(size=MAX_PAGE_SIZE, after=found.next_after)


class GetMyRequest:
    """One request the subject may see, with its milestones and the files shown with it."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def __call__(
        self,
        subject: PortalSubject,
        display: DisplayPreferences,
        request_id: UUID,
        accepted_languages: Sequence[tuple[str, float]] = (),
    ) -> FollowedRequest:
        request = await visible_request(self._uow, subject, request_id)
        labels, _ = display_for(display, accepted_languages, subject.language)
        progress = (
            (await self._uow.requests.progress([request.target_id])).get(request.target_id)
            if request.target_id
            else None
        )
        followed = follow(request, progress, labels, subject.user_id)
        return replace(followed, files=await files_shown(self._uow, request))
