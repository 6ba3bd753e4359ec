from __future__ import annotations

from datetime import timedelta

from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.portal import PortalDirectory
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.ports.work import CalendarEvent, CalendarRenderer, PortalAppointmentQuery
from ordinavo.application.use_cases.portal.planned_work import display_for, portal_appointment
from ordinavo.domain.paging import MAX_PAGE_SIZE, TimedPageRequest
from ordinavo.domain.visibility import PortalSubject

# A calendar program reads the whole feed at once: the next half year, at most 500 visits.
HORIZON = timedelta(days=183)
MAX_EVENTS = 500


class RenderCalendarFeed:
    """The iCalendar document behind a feed address, built from the grants at this fetch."""

    def __init__(
        self,
        directory: PortalDirectory,
        uows: UnitOfWorkFactory,
        tenants: TenantDirectory,
        secrets: SecretGenerator,
        clock: Clock,
        renderer: CalendarRenderer,
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._tenants = tenants
        self._secrets = secrets
        self._clock = clock
        self._renderer = renderer

    async def __call__(self, token: str) -> bytes:
        if not token or len(token) > 200:
            raise NotFound("calendar feed")
        found = await self._directory.find_calendar_feed(self._secrets.digest(token))
        if found is None or not found.feed.is_active or not found.user.is_active:
            raise NotFound("calendar feed")
        tenant = await self._tenants.get(found.feed.tenant_id)
        if tenant is None:
            raise NotFound("calendar feed")
        uow = self._uows.for_tenant(tenant.id)
        grants = await uow.grants.active_for_user(found.user.id)
        subject = PortalSubject(
            user_id=found.user.id,
            tenant_id=tenant.id,
            session_id=found.feed.id,
            grants=tuple(grants),
            language=found.user.language.value,
        )
        now = self._clock.now()
        labels, show_technician = display_for(
            await uow.portal_work.preferences(), (), subject.language
        )
        query = PortalAppointmentQuery(
            scope=subject.scope(),
            ends_after=now,
            starts_before=now + HORIZON,
            with_technician=show_technician,
        )
        events: list[CalendarEvent] = []
        page = TimedPageRequest(MAX_PAGE_SIZE)
        while len(events) < MAX_EVENTS:
            found_page = await uow.portal_work.upcoming_appointments(query, page)
            for view in found_page.items:
                item = portal_appointment(view, labels)
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
        return self._renderer.render(tenant.name, events[:MAX_EVENTS])
