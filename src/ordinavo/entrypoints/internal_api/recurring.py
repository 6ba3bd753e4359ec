"""Recurring visit plans: managers, dispatchers and tenant admins."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import UNSET

from ordinavo.application.use_cases.recurring.change_plan_status import ChangePlanStatus
from ordinavo.application.use_cases.recurring.change_recurrence_rule import ChangeRecurrenceRule
from ordinavo.application.use_cases.recurring.create_recurring_plan import (
    CreateRecurringPlan,
    NewRecurringPlan,
)
from ordinavo.application.use_cases.recurring.get_recurring_plan import GetRecurringPlan
from ordinavo.application.use_cases.recurring.list_recurring_plans import ListRecurringPlans
from ordinavo.application.use_cases.recurring.move_occurrence import MoveOccurrence
from ordinavo.application.use_cases.recurring.skip_occurrence import SkipOccurrence
from ordinavo.domain.appointments import Window
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Priority
from ordinavo.domain.recurring import DailyWindow, RecurrenceRule, VisitTemplate
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, Limit
from ordinavo.entrypoints.internal_api.recurring_schemas import (
    OccurrenceMove,
    OccurrenceOut,
    OccurrenceSkip,
    PlanCreate,
    PlanEnd,
    PlanOut,
    RuleChange,
    local_time,
    occurrence_out,
    plan_out,
)

ByLocation = Annotated[
    UUID | None, QueryParameter(name="locationId", description="Plans at one location")
]


def _given(value: object) -> object | None:
    return None if value is UNSET else value


class RecurringPlanController(Controller):
    path = "/recurring-plans"
    tags = ["recurring visits"]

    @get("/", summary="List recurring visit plans")
    async def list_plans(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListRecurringPlans],
        location_id: ByLocation = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[PlanOut]:
        page = await use_case(actor, page_request(limit, cursor), location_id)
        return PageOf(
            items=[plan_out(p) for p in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @post("/", summary="Create a plan; the visits of its first horizon are generated at once")
    async def create_plan(
        self,
        data: JSONBody[PlanCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[CreateRecurringPlan],
    ) -> PlanOut:
        plan = await use_case(
            actor,
            NewRecurringPlan(
                location_id=data.location_id,
                title=data.title,
                rule=RecurrenceRule.parse(data.rule),
                starts_on=data.starts_on,
                window=DailyWindow.of(local_time(data.window_start), local_time(data.window_end)),
                template=VisitTemplate(
                    priority=Priority(data.priority),
                    expected_minutes=_given(data.expected_minutes),  # type: ignore[arg-type]
                    checklist=_given(data.checklist),  # type: ignore[arg-type]
                    default_employee_id=_given(data.default_employee_id),  # type: ignore[arg-type]
                ),
                customer_label=_given(data.customer_label),  # type: ignore[arg-type]
                customer_description=_given(data.customer_description),  # type: ignore[arg-type]
                horizon_weeks=data.horizon_weeks,
            ),
        )
        return plan_out(plan)

    @get("/{plan_id:uuid}", summary="Show a plan with every date it has dealt with")
    async def get_plan(
        self,
        plan_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[GetRecurringPlan],
    ) -> PlanOut:
        plan, occurrences = await use_case(actor, plan_id)
        return plan_out(plan, occurrences)

    @post("/{plan_id:uuid}/rule", status_code=200, summary="Change the rule from a date on")
    async def change_rule(
        self,
        plan_id: FromPath[UUID],
        data: JSONBody[RuleChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeRecurrenceRule],
    ) -> PlanOut:
        return plan_out(await use_case(actor, plan_id, RecurrenceRule.parse(data.rule), data.from_))

    @post("/{plan_id:uuid}/pause", status_code=200, summary="Generate nothing new for now")
    async def pause_plan(
        self,
        plan_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangePlanStatus],
    ) -> PlanOut:
        return plan_out(await use_case(actor, plan_id, "pause"))

    @post("/{plan_id:uuid}/resume", status_code=200, summary="Generate again")
    async def resume_plan(
        self,
        plan_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangePlanStatus],
    ) -> PlanOut:
        return plan_out(await use_case(actor, plan_id, "resume"))

    @post("/{plan_id:uuid}/end", status_code=200, summary="End the plan on a date ({}: today)")
    async def end_plan(
        self,
        plan_id: FromPath[UUID],
        data: JSONBody[PlanEnd],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangePlanStatus],
    ) -> PlanOut:
        on = _given(data.on)
        return plan_out(await use_case(actor, plan_id, "end", on))  # type: ignore[arg-type]

    @post("/{plan_id:uuid}/skip", status_code=200, summary="Leave out one date of the plan")
    async def skip_plan_visit(
        self,
        plan_id: FromPath[UUID],
        data: JSONBody[OccurrenceSkip],
        actor: FromDishka[Actor],
        use_case: FromDishka[SkipOccurrence],
    ) -> OccurrenceOut:
        return occurrence_out(await use_case(actor, plan_id, data.day))

    @post("/{plan_id:uuid}/move", status_code=200, summary="Give one generated visit its own time")
    async def move_plan_visit(
        self,
        plan_id: FromPath[UUID],
        data: JSONBody[OccurrenceMove],
        actor: FromDishka[Actor],
        use_case: FromDishka[MoveOccurrence],
    ) -> OccurrenceOut:
        window = Window.of(data.starts_at, data.ends_at)
        return occurrence_out(await use_case(actor, plan_id, data.day, window))
