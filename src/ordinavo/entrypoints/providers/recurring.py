"""The recurring-visits and routes module's wiring: the calendar arithmetic, the use cases,
and the generator's cross-tenant directory (worker and CLI only)."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from ordinavo.adapters.persistence.recurring.directory import SqlaRecurringDirectory
from ordinavo.adapters.recurrence.dateutil_calendar import DateutilCalendar
from ordinavo.application.ports.recurring import OccurrenceCalendar, RecurringDirectory
from ordinavo.application.use_cases.appointments.plan_route import PlanRoute
from ordinavo.application.use_cases.appointments.show_route import ShowRoute
from ordinavo.application.use_cases.recurring.change_plan_status import ChangePlanStatus
from ordinavo.application.use_cases.recurring.change_recurrence_rule import ChangeRecurrenceRule
from ordinavo.application.use_cases.recurring.create_recurring_plan import CreateRecurringPlan
from ordinavo.application.use_cases.recurring.generate_recurring_visits import (
    GenerateRecurringVisits,
)
from ordinavo.application.use_cases.recurring.get_recurring_plan import GetRecurringPlan
from ordinavo.application.use_cases.recurring.list_recurring_plans import ListRecurringPlans
from ordinavo.application.use_cases.recurring.move_occurrence import MoveOccurrence
from ordinavo.application.use_cases.recurring.skip_occurrence import SkipOccurrence


class RecurringAdapters(Provider):
    calendar = provide(DateutilCalendar, scope=Scope.APP, provides=OccurrenceCalendar)


class RecurringGenerator(Provider):
    """The worker's and the CLI's: the generator reads plans across tenants."""

    directory = provide(SqlaRecurringDirectory, scope=Scope.REQUEST, provides=RecurringDirectory)
    generate = provide(GenerateRecurringVisits, scope=Scope.REQUEST)


def recurring_use_cases() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for use_case in (
        PlanRoute,
        ShowRoute,
        CreateRecurringPlan,
        ListRecurringPlans,
        GetRecurringPlan,
        ChangeRecurrenceRule,
        ChangePlanStatus,
        SkipOccurrence,
        MoveOccurrence,
    ):
        provider.provide(use_case)
    return provider
