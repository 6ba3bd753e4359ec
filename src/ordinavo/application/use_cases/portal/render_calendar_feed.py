from __future__ import annotations

from datetime import timedelta

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalCredentialReader
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.ports.work import (
    CalendarEvent,
    CalendarRenderer,
    PortalAppointmentPages,
    PortalAppointmentQuery,
)
from ordinavo.application.use_cases.portal.planned_work import display_for
from ordinavo.domain.paging import MAX_PAGE_SIZE, TimedPageRequest
from ordinavo.domain.visibility import PortalSubject

# A calendar program reads the whole feed at once: the next half year, at most 500 visits.
HORIZON = timedelta(days=183)
MAX_EVENTS = 500


class RenderCalendarFeed:
    """The iCalendar document behind a feed address, built from the grants at this fetch.

    The portal's hot path: who the feed is for (feed, user, active grants, display
    preferences, the tenant's name) in one statement, then a statement per page of visits."""

    def __init__(
        self,
        credentials: PortalCredentialReader,
        pages: PortalAppointmentPages,
        secrets: SecretGenerator,
        clock: Clock,
        renderer: CalendarRenderer,
    ) -> None:
        self._credentials = credentials
        self._pages = pages
        self._secrets = secrets
        self._clock = clock
        self._renderer = renderer

    async def __call__(self, token: str) -> bytes:
        if not token or len(token) > 200:
            raise NotFound("calendar feed")
        found = await self._credentials.read_feed(self._secrets.digest(token))
        if found is None or not found.feed.is_active or not found.principal.user.is_active:
            raise NotFound("calendar feed")
        feed, principal = found.feed, found.principal
        subject = PortalSubject(
            user_id=principal.user.id,
            tenant_id=principal.tenant_id,
            session_id=feed.id,
            grants=principal.grants,
            language=principal.user.language.value,
        )
        now = self._clock.now()
        labels, show_technician = display_for(principal.display, (), subject.language)
        query = PortalAppointmentQuery(
            scope=subject.scope(),
            ends_after=now,
            starts_before=now + HORIZON,
            with_technician=show_technician,
        )
        events: list[CalendarEvent] = []
        page = TimedPageRequest(MAX_PAGE_SIZE)
        while len(events) < MAX_EVENTS:
            found_page = await self._pages.upcoming(subject.tenant_id, query, page, labels)
            for item in found_page.items:
                place = item.place
                address = ", ".join(
                    p for p in (place.address_line, place.postal_code, place.city) if p
                )
                technician = (
                    f" · {item.technician_first_name}" if item.technician_first_name else ""
                )
                events.append(
                    CalendarEvent(
                        uid=f"{item.id}@ordinavo",
                        starts_at=item.starts_at,
                        ends_at=item.ends_at,
                        summary=item.work_title,
                        location=f"{place.name}, {address}",
                        description=f"{item.status.label}{technician}",
                        confirmed=item.status.key != "planned",
                        stamp=now,
                    )
                )
            if found_page.next_after is None:
                break
            page = TimedPageRequest(MAX_PAGE_SIZE, found_page.next_after)
        return self._renderer.render(found.tenant_name, events[:MAX_EVENTS])
