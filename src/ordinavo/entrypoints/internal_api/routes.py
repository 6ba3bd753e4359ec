"""Daily routes: planners put an employee's visits of a day in order; the employee reads
their own. Staff only; never on the portal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, put
from litestar.params import JSONBody, QueryParameter
from msgspec import Meta

from ordinavo.application.use_cases.appointments.plan_route import PlanRoute
from ordinavo.application.use_cases.appointments.show_route import RouteStop, ShowRoute
from ordinavo.domain.identity import Actor
from ordinavo.domain.routes import MAX_STOPS, Stop
from ordinavo.entrypoints.internal_api.schemas import Input, Output

Day = Annotated[date, QueryParameter(name="day", description="The route's day (UTC), YYYY-MM-DD")]
Employee = Annotated[UUID, QueryParameter(name="employeeId", description="The employee")]


class StopIn(Input):
    appointment_id: UUID
    travel_minutes: Annotated[int, Meta(ge=0, le=1440)] | None = None


class RoutePlanIn(Input):
    employee_id: UUID
    day: date
    stops: Annotated[list[StopIn], Meta(max_length=MAX_STOPS)]


class StopPlace(Output, kw_only=True):
    name: str
    address_line: str
    postal_code: str | None = None
    city: str
    access_notes: str | None = None
    parking_notes: str | None = None


class StopContact(Output, kw_only=True):
    name: str
    phone: str | None = None
    mobile: str | None = None


class StopOut(Output, kw_only=True):
    stop: int
    appointment_id: UUID
    work_id: UUID
    work_title: str
    starts_at: datetime
    ends_at: datetime
    travel_minutes: int | None = None
    place: StopPlace
    contact: StopContact | None = None


class RouteOut(Output, kw_only=True):
    employee_id: UUID
    day: date
    stops: list[StopOut]


def _stop(s: RouteStop) -> StopOut:
    place, person = s.location.details, s.contact.details if s.contact else None
    return StopOut(
        stop=s.visit.route.route_stop or 0,
        appointment_id=s.visit.id,
        work_id=s.work.id,
        work_title=s.work.details.title,
        starts_at=s.visit.window.starts_at,
        ends_at=s.visit.window.ends_at,
        travel_minutes=s.visit.route.travel_minutes,
        place=StopPlace(
            name=place.name,
            address_line=place.address_line,
            postal_code=place.postal_code,
            city=place.city,
            access_notes=place.access_notes,
            parking_notes=place.parking_notes,
        ),
        contact=StopContact(name=person.name, phone=person.phone, mobile=person.mobile)
        if person
        else None,
    )


class RouteController(Controller):
    path = "/routes"
    tags = ["routes"]

    @get("/", summary="An employee's route of a day, in order")
    async def show_route(
        self,
        employee_id: Employee,
        day: Day,
        actor: FromDishka[Actor],
        use_case: FromDishka[ShowRoute],
    ) -> RouteOut:
        stops = await use_case(actor, employee_id, day)
        return RouteOut(employee_id=employee_id, day=day, stops=[_stop(s) for s in stops])

    @get("/mine", summary="My route of a day, in order, with what I need at each stop")
    async def show_my_route(
        self, day: Day, actor: FromDishka[Actor], use_case: FromDishka[ShowRoute]
    ) -> RouteOut:
        stops = await use_case(actor, actor.id, day)  # type: ignore[arg-type]
        return RouteOut(employee_id=actor.id, day=day, stops=[_stop(s) for s in stops])  # type: ignore[arg-type]

    @put("/", summary="Put an employee's visits of a day in order (the others lose their stop)")
    async def plan_route(
        self,
        data: JSONBody[RoutePlanIn],
        actor: FromDishka[Actor],
        plan: FromDishka[PlanRoute],
        show: FromDishka[ShowRoute],
    ) -> RouteOut:
        await plan(
            actor,
            data.employee_id,
            data.day,
            [Stop(s.appointment_id, s.travel_minutes) for s in data.stops],
        )
        stops = await show(actor, data.employee_id, data.day)
        return RouteOut(employee_id=data.employee_id, day=data.day, stops=[_stop(s) for s in stops])
