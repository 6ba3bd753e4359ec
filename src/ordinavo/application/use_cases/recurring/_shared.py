"""What the recurring-plan use cases share: loading, generating a plan's owed visits, and
taking back visits that were generated but not yet agreed."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.ports.clock import IdGenerator
from ordinavo.application.ports.recurring import OccurrenceCalendar
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.access import Action
from ordinavo.domain.appointments import Appointment, AppointmentStatus, Window
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.recurring import Occurrence, OccurrenceState, RecurringPlan
from ordinavo.domain.work import Origin, Target, TargetDetails, TargetStatus

GENERATED = "recurring_visit.generated"
log = logging.getLogger("ordinavo.recurring")


def require_planner(actor: Actor) -> None:
    """Plans and routes are planning work of staff: integration keys, even with work:write,
    neither read nor change them (a plan's checklist becomes internal notes)."""
    require(actor, Action.PLAN_WORK)
    if actor.kind is not ActorKind.USER:
        raise Forbidden("Recurring plans and routes are for staff, not for integrations.")


async def load_plan(uow: UnitOfWork, plan_id: UUID) -> RecurringPlan:
    plan = await uow.recurring_plans.get(plan_id)
    if plan is None:
        raise NotFound("recurring plan")
    return plan


def local_today(plan: RecurringPlan, now: datetime) -> date:
    return plan.local_date(now)


def record_plan(
    recorder: ChangeRecorder,
    uow: UnitOfWork,
    actor: Actor,
    event: str,
    plan: RecurringPlan,
    **payload: str,
) -> None:
    """An event about the plan itself (created, changed, a date skipped, paused...)."""
    recorder.record(
        uow,
        actor,
        event,
        subject_type="recurring_plan",
        subject_id=plan.id,
        customer_id=plan.customer_id,
        location_id=plan.location_id,
        payload=dict(payload) or None,
    )


def check_rule(plan: RecurringPlan, calendar: OccurrenceCalendar, today: date) -> None:
    """The rule yields dates, not too many, and its window exists on each of them."""
    first = max(plan.starts_on, today)
    horizon = calendar.dates(plan.rule, plan.starts_on, first, plan.horizon_end(today))
    year = calendar.dates(plan.rule, plan.starts_on, first, first + timedelta(days=366))
    plan.ensure_sane(horizon, year)


async def generate(
    uow: UnitOfWork,
    plan: RecurringPlan,
    *,
    calendar: OccurrenceCalendar,
    ids: IdGenerator,
    recorder: ChangeRecorder,
    now: datetime,
    actor: Actor | None = None,
    until: date | None = None,
) -> int:
    """Create the work and visit of every date the plan owes up to its horizon (or `until`).
    Dates the plan has dealt with (generated, skipped, moved) are never created again; the
    caller commits, and a second worker doing the same plan fails on the day's unique row."""
    today = local_today(plan, now)
    last = until or plan.horizon_end(today)
    first = max(plan.starts_on, today)
    if plan.generated_until is not None:
        first = max(first, plan.generated_until + timedelta(days=1))
    created = 0
    if last >= first:
        known = {o.day for o in await uow.recurring_plans.occurrences(plan.id, first)}
        owed = [d for d in calendar.dates(plan.rule, plan.starts_on, first, last) if d not in known]
        customer = await uow.customers.get(plan.customer_id)
        location = await uow.locations.get(plan.location_id)
        if customer is None or location is None:
            raise NotFound("customer or location of the plan")
        for day in owed:
            try:
                window = plan.window_on(day)
            except RuleViolation as gap:  # the window's hour does not exist that day
                log.warning("plan %s: %s; the date is skipped", plan.id, gap)
                await uow.recurring_plans.add_occurrence(
                    Occurrence(plan.tenant_id, plan.id, day, OccurrenceState.SKIPPED, now)
                )
                continue
            if window.starts_at < now:
                continue
            target = Target.create(
                id=ids.new_id(),
                customer=customer,
                location=location,
                contact=None,
                details=TargetDetails(
                    title=plan.customer_label,
                    priority=plan.template.priority,
                    internal_notes=plan.template.checklist,
                ),
                origin=Origin.RECURRING_VISIT,
                now=now,
            )
            target.assign(plan.template.default_employee_id, now)
            # Planned from the start: its visit follows at once, in the same transaction.
            target.move_to(TargetStatus.PLANNED, now)
            await uow.targets.add(target)
            appointment = Appointment.plan(
                id=ids.new_id(), target=target, location=location, window=window, now=now
            )
            await uow.appointments.add(appointment)
            await uow.recurring_plans.add_occurrence(
                Occurrence(
                    tenant_id=plan.tenant_id,
                    plan_id=plan.id,
                    day=day,
                    state=OccurrenceState.GENERATED,
                    created_at=now,
                    target_id=target.id,
                    appointment_id=appointment.id,
                )
            )
            recorder.record(
                uow,
                actor,
                GENERATED,
                subject_type="appointment",
                subject_id=appointment.id,
                customer_id=plan.customer_id,
                location_id=plan.location_id,
                work_id=target.id,
                payload={"planId": str(plan.id), "day": day.isoformat()},
            )
            created += 1
    plan.generated_until = max(last, plan.generated_until) if plan.generated_until else last
    plan.end_if_due(today)
    # Only what generation decides: a planner's pause or change made meanwhile stays.
    await uow.recurring_plans.mark_generated(plan)
    return created


class TakenBack(StrEnum):
    TAKEN = "taken"  # it was planned as generated; now it is called off
    OFF = "off"  # there was no visit any more (cancelled, or never made)
    KEPT = "kept"  # someone agreed to it, or gave it a time of its own: it stays


async def take_back(
    uow: UnitOfWork, occurrence: Occurrence, now: datetime, plan: RecurringPlan | None = None
) -> TakenBack:
    """Cancel a generated visit and its work if nobody agreed to it yet (planned, not
    confirmed) and, given the plan, if it is still at the time the plan gave it."""
    if occurrence.appointment_id is None:
        return TakenBack.OFF
    appointment = await uow.appointments.get(occurrence.appointment_id)
    if appointment is None or appointment.status is AppointmentStatus.CANCELLED:
        return TakenBack.OFF
    if appointment.status is not AppointmentStatus.PLANNED:
        return TakenBack.KEPT
    if plan is not None and appointment.window != _generated_window(plan, occurrence.day):
        return TakenBack.KEPT
    appointment.cancel(now)
    await uow.appointments.save(appointment)
    if occurrence.target_id is not None:
        target = await uow.targets.get(occurrence.target_id)
        if target is not None and not target.is_closed:
            target.move_to(TargetStatus.CANCELLED, now)
            await uow.targets.save(target)
    return TakenBack.TAKEN


def _generated_window(plan: RecurringPlan, day: date) -> Window | None:
    try:
        return plan.window_on(day)
    except RuleViolation:
        return None
