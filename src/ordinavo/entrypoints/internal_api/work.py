"""Planned work on the internal app: targets, appointments and the status label table."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from ordinavo.application.ports.work import AppointmentFilter, TargetFilter
from ordinavo.application.use_cases.appointments.cancel_appointment import CancelAppointment
from ordinavo.application.use_cases.appointments.change_appointment_plan import (
    ChangeAppointmentPlan,
)
from ordinavo.application.use_cases.appointments.confirm_appointment import ConfirmAppointment
from ordinavo.application.use_cases.appointments.get_appointment import GetAppointment
from ordinavo.application.use_cases.appointments.list_appointments import ListAppointments
from ordinavo.application.use_cases.appointments.plan_appointment import (
    NewAppointment,
    PlanAppointment,
)
from ordinavo.application.use_cases.appointments.report_visit_status import ReportVisitStatus
from ordinavo.application.use_cases.appointments.reschedule_appointment import (
    RescheduleAppointment,
)
from ordinavo.application.use_cases.status_labels.list_status_labels import ListStatusLabels
from ordinavo.application.use_cases.status_labels.reset_status_label import ResetStatusLabel
from ordinavo.application.use_cases.status_labels.set_status_label import SetStatusLabel
from ordinavo.application.use_cases.work.assign_target import AssignTarget
from ordinavo.application.use_cases.work.change_target import ChangeTarget
from ordinavo.application.use_cases.work.change_target_status import ChangeTargetStatus
from ordinavo.application.use_cases.work.create_target import CreateTarget, NewTarget
from ordinavo.application.use_cases.work.get_target import GetTarget
from ordinavo.application.use_cases.work.list_targets import ListTargets
from ordinavo.domain.appointments import AppointmentStatus, RoutePlan, Window
from ordinavo.domain.contacts import Language as LabelLanguage
from ordinavo.domain.identity import Actor
from ordinavo.domain.status_labels import CUSTOMER_KEYS
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.work import Origin, TargetDetails, TargetStatus
from ordinavo.entrypoints.common.paging import (
    PageOf,
    TimeCursor,
    encode_cursor,
    encode_time_cursor,
    page_request,
    timed_page_request,
)
from ordinavo.entrypoints.internal_api.params import (
    AssignedTo,
    Cursor,
    ForCustomer,
    ForTarget,
    Limit,
    StartsBefore,
    StartsFrom,
    WithLocation,
)
from ordinavo.entrypoints.internal_api.presenters import appointment_out, target_out
from ordinavo.entrypoints.internal_api.schemas import (
    AppointmentCreate,
    AppointmentOut,
    AppointmentPlanChange,
    AppointmentReschedule,
    FieldStatusReport,
    StatusLabelBody,
    StatusLabelOut,
    StatusLabelOverrideOut,
    StatusSourceOut,
    TargetAssignment,
    TargetChange,
    TargetCreate,
    TargetOut,
    TargetStatusChange,
)

# Enumerated in the document, from the status translation table and the languages we write in,
# so a client (or a fuzzer) knows every value before it tries one.
StatusKey = Annotated[
    Literal[tuple(sorted(CUSTOMER_KEYS))],  # type: ignore[valid-type]
    Parameter(description="A status key customers read, e.g. planned"),
]
Language = Annotated[
    Literal[tuple(language.value for language in LabelLanguage)],  # type: ignore[valid-type]
    Parameter(description="The label's language"),
]


def _reference(body: Any) -> ExternalReference | None:
    return ExternalReference.of(body.system, body.reference) if body else None


class TargetController(Controller):
    path = "/targets"
    tags = ["work"]

    @get("/", summary="List work (employees: only their assigned work)")
    async def list_targets(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListTargets],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: FromQuery[TargetStatus | None] = None,
        customer_id: ForCustomer = None,
        location_id: WithLocation = None,
        assigned_to: AssignedTo = None,
    ) -> PageOf[TargetOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            TargetFilter(
                status=status,
                customer_id=customer_id,
                location_id=location_id,
                assigned_to=assigned_to,
            ),
        )
        return PageOf(
            items=[target_out(x, actor) for x in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Create work for a customer")
    async def create_target(
        self,
        data: JSONBody[TargetCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[CreateTarget],
    ) -> TargetOut:
        fields = data.present()
        details = TargetDetails(
            title=data.title,
            **{
                k: v
                for k, v in fields.items()
                if k in ("priority", "due_date", "internal_notes", "billing_details")
            },
            external_reference=_reference(fields.get("external_reference")),
        )
        target = await use_case(
            actor,
            NewTarget(
                customer_id=data.customer_id,
                details=details,
                given_fields=data.given(),
                location_id=fields.get("location_id"),
                contact_id=fields.get("contact_id"),
                assigned_employee_id=fields.get("assigned_employee_id"),
                origin=Origin(fields.get("origin", Origin.MANUAL)),
            ),
        )
        return target_out(target, actor)

    @get("/{target_id:uuid}", summary="Show work")
    async def get_target(
        self, target_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetTarget]
    ) -> TargetOut:
        return target_out(await use_case(actor, target_id), actor)

    @patch("/{target_id:uuid}", summary="Change work (title, priority, due date, notes)")
    async def change_target(
        self,
        target_id: FromPath[UUID],
        data: JSONBody[TargetChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeTarget],
    ) -> TargetOut:
        changes = data.present()
        if "external_reference" in changes:
            changes["external_reference"] = _reference(changes["external_reference"])
        target = await use_case(actor, target_id, changes, data.given())
        return target_out(target, actor)

    @post("/{target_id:uuid}/assignment", status_code=200, summary="Assign work to an employee")
    async def assign_target(
        self,
        target_id: FromPath[UUID],
        data: JSONBody[TargetAssignment],
        actor: FromDishka[Actor],
        use_case: FromDishka[AssignTarget],
    ) -> TargetOut:
        return target_out(await use_case(actor, target_id, data.employee_id), actor)

    @post("/{target_id:uuid}/status", status_code=200, summary="Move work to another status")
    async def change_status(
        self,
        target_id: FromPath[UUID],
        data: JSONBody[TargetStatusChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeTargetStatus],
    ) -> TargetOut:
        return target_out(await use_case(actor, target_id, TargetStatus(data.status)), actor)

    @post("/{target_id:uuid}/cancel", status_code=200, summary="Cancel work and its visits")
    async def cancel_target(
        self,
        target_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeTargetStatus],
    ) -> TargetOut:
        return target_out(await use_case(actor, target_id, TargetStatus.CANCELLED), actor)

    @post("/{target_id:uuid}/complete", status_code=200, summary="Complete work")
    async def complete_target(
        self,
        target_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeTargetStatus],
    ) -> TargetOut:
        return target_out(await use_case(actor, target_id, TargetStatus.COMPLETED), actor)


class AppointmentController(Controller):
    path = "/appointments"
    tags = ["work"]

    @get("/", summary="List appointments by start time (employees: only their own)")
    async def list_appointments(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListAppointments],
        limit: Limit = 50,
        cursor: TimeCursor = None,
        status: FromQuery[AppointmentStatus | None] = None,
        customer_id: ForCustomer = None,
        location_id: WithLocation = None,
        target_id: ForTarget = None,
        assigned_to: AssignedTo = None,
        starts_from: StartsFrom = None,
        starts_before: StartsBefore = None,
    ) -> PageOf[AppointmentOut]:
        page = await use_case(
            actor,
            timed_page_request(limit, cursor),
            AppointmentFilter(
                status=status,
                customer_id=customer_id,
                location_id=location_id,
                target_id=target_id,
                assigned_to=assigned_to,
                starts_from=starts_from,
                starts_before=starts_before,
            ),
        )
        return PageOf(
            items=[appointment_out(x, actor) for x in page.items],
            next_cursor=encode_time_cursor(page.next_after),
        )

    @post("/", summary="Plan an appointment for work")
    async def plan_appointment(
        self,
        data: JSONBody[AppointmentCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[PlanAppointment],
    ) -> AppointmentOut:
        fields = data.present()
        appointment = await use_case(
            actor,
            NewAppointment(
                target_id=data.target_id,
                window=Window.of(data.starts_at, data.ends_at),
                location_id=fields.get("location_id"),
                assigned_employee_id=fields.get("assigned_employee_id"),
                route=RoutePlan(
                    route_stop=fields.get("route_stop"),
                    routing_score=fields.get("routing_score"),
                    travel_minutes=fields.get("travel_minutes"),
                ),
                planning_notes=fields.get("planning_notes"),
            ),
        )
        return appointment_out(appointment, actor)

    @get("/{appointment_id:uuid}", summary="Show an appointment")
    async def get_appointment(
        self,
        appointment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetAppointment],
    ) -> AppointmentOut:
        return appointment_out(await use_case(actor, appointment_id), actor)

    @patch("/{appointment_id:uuid}", summary="Change assignee, route or planning notes")
    async def change_plan(
        self,
        appointment_id: FromPath[UUID],
        data: JSONBody[AppointmentPlanChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeAppointmentPlan],
    ) -> AppointmentOut:
        return appointment_out(await use_case(actor, appointment_id, data.present()), actor)

    @post("/{appointment_id:uuid}/reschedule", status_code=200, summary="Move to another time")
    async def reschedule_appointment(
        self,
        appointment_id: FromPath[UUID],
        data: JSONBody[AppointmentReschedule],
        actor: FromDishka[Actor],
        use_case: FromDishka[RescheduleAppointment],
    ) -> AppointmentOut:
        window = Window.of(data.starts_at, data.ends_at)
        return appointment_out(await use_case(actor, appointment_id, window), actor)

    @post("/{appointment_id:uuid}/confirm", status_code=200, summary="Confirm an appointment")
    async def confirm_appointment(
        self,
        appointment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ConfirmAppointment],
    ) -> AppointmentOut:
        return appointment_out(await use_case(actor, appointment_id), actor)

    @post("/{appointment_id:uuid}/cancel", status_code=200, summary="Cancel an appointment")
    async def cancel_appointment(
        self,
        appointment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[CancelAppointment],
    ) -> AppointmentOut:
        return appointment_out(await use_case(actor, appointment_id), actor)

    @post(
        "/{appointment_id:uuid}/field-status",
        status_code=200,
        summary="The assigned employee reports: on the way, started, paused, done",
    )
    async def report_status(
        self,
        appointment_id: FromPath[UUID],
        data: JSONBody[FieldStatusReport],
        actor: FromDishka[Actor],
        use_case: FromDishka[ReportVisitStatus],
    ) -> AppointmentOut:
        status = AppointmentStatus(data.status)
        return appointment_out(await use_case(actor, appointment_id, status), actor)


class StatusLabelController(Controller):
    path = "/status-labels"
    tags = ["status labels"]

    @get("/", summary="The status translation table, with this tenant's labels")
    async def list_labels(
        self, actor: FromDishka[Actor], use_case: FromDishka[ListStatusLabels]
    ) -> list[StatusLabelOut]:
        rows = await use_case(actor)
        return [
            StatusLabelOut(
                key=row.key,
                maps_from=[StatusSourceOut(kind=k.value, status=s) for k, s in row.maps_from],
                default_labels={k.value: v for k, v in row.defaults.items()},
                tenant_labels={k.value: v for k, v in row.overrides.items()},
                labels={k.value: row.overrides.get(k, v) for k, v in row.defaults.items()},
            )
            for row in rows
        ]

    @put("/{key:str}/{language:str}", summary="Set this tenant's label (tenant admins)")
    async def set_label(
        self,
        key: FromPath[StatusKey],
        language: FromPath[Language],
        data: JSONBody[StatusLabelBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[SetStatusLabel],
    ) -> StatusLabelOverrideOut:
        override = await use_case(actor, key, language, data.label)
        return StatusLabelOverrideOut(
            key=override.key, language=override.language.value, label=override.label
        )

    @delete("/{key:str}/{language:str}", summary="Back to the default label (tenant admins)")
    async def reset_label(
        self,
        key: FromPath[StatusKey],
        language: FromPath[Language],
        actor: FromDishka[Actor],
        use_case: FromDishka[ResetStatusLabel],
    ) -> None:
        await use_case(actor, key, language)
