"""Portal routes of planned work: upcoming appointments, active work and the calendar feed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, post
from litestar.params import FromPath, Parameter, QueryParameter

from ordinavo.application.ports.work import DisplayPreferences, PlaceView
from ordinavo.application.use_cases.portal.get_my_appointment import GetMyAppointment
from ordinavo.application.use_cases.portal.list_my_appointments import ListMyAppointments
from ordinavo.application.use_cases.portal.list_my_work import ListMyWork
from ordinavo.application.use_cases.portal.planned_work import PortalAppointment, PortalWork
from ordinavo.application.use_cases.portal.render_calendar_feed import RenderCalendarFeed
from ordinavo.application.use_cases.portal.renew_calendar_feed import RenewCalendarFeed
from ordinavo.application.use_cases.portal.revoke_calendar_feed import RevokeCalendarFeed
from ordinavo.domain.status_labels import CustomerStatus
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.paging import (
    Cursor,
    Limit,
    TimeCursor,
    encode_cursor,
    encode_time_cursor,
    page_request,
    timed_page_request,
)
from ordinavo.entrypoints.common.security import PUBLIC
from ordinavo.entrypoints.portal_api.language import accepted_languages
from ordinavo.entrypoints.portal_api.schemas import (
    CalendarFeedOut,
    PortalAppointmentOut,
    PortalAppointmentPage,
    PortalPlaceOut,
    PortalStatusOut,
    PortalWorkOut,
    PortalWorkPage,
    TechnicianOut,
)

LocationFilter = Annotated[
    UUID | None, QueryParameter(name="locationId", description="Only this location")
]
From = Annotated[
    datetime | None,
    QueryParameter(name="from", description="Appointments still running at or after this time"),
]
To = Annotated[
    datetime | None, QueryParameter(name="to", description="Appointments starting before this")
]
FeedName = Annotated[
    str,
    Parameter(pattern=r"^[A-Za-z0-9_-]{20,100}\.ics$", description="The feed's secret + .ics"),
]


def status_out(status: CustomerStatus) -> PortalStatusOut:
    return PortalStatusOut(key=status.key, label=status.label)


def place_out(place: PlaceView) -> PortalPlaceOut:
    return PortalPlaceOut(
        id=place.id,
        name=place.name,
        address_line=place.address_line,
        postal_code=place.postal_code,
        city=place.city,
        country=place.country,
    )


def _appointment(
    item: PortalAppointment,
    status: PortalStatusOut | None = None,
    location: PortalPlaceOut | None = None,
) -> PortalAppointmentOut:
    return PortalAppointmentOut(
        id=item.id,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        status=status or status_out(item.status),
        work_title=item.work_title,
        customer_name=item.customer_name,
        location=location or place_out(item.place),
        technician=(
            TechnicianOut(first_name=item.technician_first_name)
            if item.technician_first_name
            else None
        ),
    )


def _appointments(items: list[PortalAppointment]) -> list[PortalAppointmentOut]:
    """`_appointment` for a page: a status or place shared by many rows is converted once
    (the reader hands the same object to each of its rows)."""
    statuses: dict[int, PortalStatusOut] = {}
    places: dict[int, PortalPlaceOut] = {}
    shown = []
    for item in items:
        status = statuses.get(id(item.status))
        if status is None:
            status = statuses[id(item.status)] = status_out(item.status)
        place = places.get(id(item.place))
        if place is None:
            place = places[id(item.place)] = place_out(item.place)
        shown.append(_appointment(item, status, place))
    return shown


def _work(item: PortalWork) -> PortalWorkOut:
    return PortalWorkOut(
        id=item.id,
        title=item.title,
        status=status_out(item.status),
        due_date=item.due_date,
        customer_name=item.customer_name,
        location=place_out(item.place) if item.place else None,
        next_visit_starts_at=item.next_visit_starts_at,
    )


class PortalAppointmentController(Controller):
    path = "/appointments"
    tags = ["appointments"]

    @get("/", summary="My upcoming appointments, soonest first")
    async def list_appointments(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[ListMyAppointments],
        limit: Limit = 50,
        cursor: TimeCursor = None,
        location_id: LocationFilter = None,
        starts_from: From = None,
        starts_before: To = None,
    ) -> PortalAppointmentPage:
        page = await use_case(
            subject,
            display,
            timed_page_request(limit, cursor),
            accepted_languages=accepted_languages(request),
            location_id=location_id,
            starts_from=starts_from,
            starts_before=starts_before,
        )
        return PortalAppointmentPage(
            items=_appointments(page.items), next_cursor=encode_time_cursor(page.next_after)
        )

    @get("/{appointment_id:uuid}", summary="One of my appointments")
    async def get_appointment(
        self,
        request: Request[Any, Any, Any],
        appointment_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[GetMyAppointment],
    ) -> PortalAppointmentOut:
        return _appointment(
            await use_case(subject, display, appointment_id, accepted_languages(request))
        )


class PortalWorkController(Controller):
    path = "/work"
    tags = ["work"]

    @get("/", summary="Active work at my locations")
    async def list_work(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[ListMyWork],
        limit: Limit = 50,
        cursor: Cursor = None,
        location_id: LocationFilter = None,
    ) -> PortalWorkPage:
        page = await use_case(
            subject,
            display,
            page_request(limit, cursor),
            accepted_languages=accepted_languages(request),
            location_id=location_id,
        )
        return PortalWorkPage(
            items=[_work(x) for x in page.items], next_cursor=encode_cursor(page.next_after)
        )


class CalendarFeedController(Controller):
    path = "/me/calendar-feed"
    tags = ["calendar"]

    @post("/", status_code=201, summary="Issue my calendar feed address (an older one stops)")
    async def issue_calendar_feed(
        self, subject: FromDishka[PortalSubject], use_case: FromDishka[RenewCalendarFeed]
    ) -> CalendarFeedOut:
        issued = await use_case(subject)
        return CalendarFeedOut(url=issued.url, created_at=issued.feed.created_at)

    @delete("/", summary="Stop my calendar feed")
    async def stop_calendar_feed(
        self, subject: FromDishka[PortalSubject], use_case: FromDishka[RevokeCalendarFeed]
    ) -> None:
        await use_case(subject)


class CalendarController(Controller):
    """Read by calendar programs, which send no cookie: the secret address is the credential."""

    path = "/calendar"
    tags = ["calendar"]

    @get(
        "/{feed:str}",
        opt=PUBLIC,
        summary="My upcoming appointments as an iCalendar feed",
        media_type="text/calendar",
    )
    async def calendar_feed(
        self, feed: FromPath[FeedName], use_case: FromDishka[RenderCalendarFeed]
    ) -> Response[bytes]:
        return Response(
            await use_case(feed.removesuffix(".ics")),
            media_type="text/calendar",  # Litestar adds "; charset=utf-8" to text types
            headers={"Cache-Control": "no-store"},
        )
