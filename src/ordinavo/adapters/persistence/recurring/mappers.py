"""Rows of recurring plans to domain values and back."""

from __future__ import annotations

from ordinavo.adapters.persistence.recurring.models import (
    RecurringOccurrenceModel,
    RecurringPlanModel,
)
from ordinavo.domain.locations import Priority
from ordinavo.domain.recurring import (
    DailyWindow,
    Occurrence,
    OccurrenceState,
    PlanStatus,
    RecurrenceRule,
    RecurringPlan,
    VisitTemplate,
)


def plan_from_row(row: RecurringPlanModel) -> RecurringPlan:
    return RecurringPlan(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        title=row.title,
        customer_label=row.customer_label,
        customer_description=row.customer_description,
        template=VisitTemplate(
            priority=Priority(row.priority),
            expected_minutes=row.expected_minutes,
            checklist=row.checklist,
            default_employee_id=row.default_employee_id,
        ),
        rule=RecurrenceRule.parse(row.rule),
        starts_on=row.starts_on,
        window=DailyWindow(row.window_starts, row.window_ends),
        time_zone=row.time_zone,
        horizon_weeks=row.horizon_weeks,
        status=PlanStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        generated_until=row.generated_until,
        ended_on=row.ended_on,
    )


def plan_onto_row(plan: RecurringPlan, row: RecurringPlanModel) -> RecurringPlanModel:
    row.id = plan.id
    row.tenant_id = plan.tenant_id
    row.customer_id = plan.customer_id
    row.location_id = plan.location_id
    row.title = plan.title
    row.customer_label = plan.customer_label
    row.customer_description = plan.customer_description
    row.priority = plan.template.priority.value
    row.expected_minutes = plan.template.expected_minutes
    row.checklist = plan.template.checklist
    row.default_employee_id = plan.template.default_employee_id
    row.rule = plan.rule.as_text()
    row.starts_on = plan.starts_on
    row.window_starts = plan.window.starts
    row.window_ends = plan.window.ends
    row.time_zone = plan.time_zone
    row.horizon_weeks = plan.horizon_weeks
    row.status = plan.status.value
    row.generated_until = plan.generated_until
    row.due_on = plan.due_on
    row.ended_on = plan.ended_on
    row.created_at = plan.created_at
    row.updated_at = plan.updated_at
    return row


def occurrence_from_row(row: RecurringOccurrenceModel) -> Occurrence:
    return Occurrence(
        tenant_id=row.tenant_id,
        plan_id=row.plan_id,
        day=row.day,
        state=OccurrenceState(row.state),
        created_at=row.created_at,
        target_id=row.target_id,
        appointment_id=row.appointment_id,
    )


def occurrence_onto_row(
    occurrence: Occurrence, row: RecurringOccurrenceModel
) -> RecurringOccurrenceModel:
    row.tenant_id = occurrence.tenant_id
    row.plan_id = occurrence.plan_id
    row.day = occurrence.day
    row.state = occurrence.state.value
    row.target_id = occurrence.target_id
    row.appointment_id = occurrence.appointment_id
    row.created_at = occurrence.created_at
    return row
