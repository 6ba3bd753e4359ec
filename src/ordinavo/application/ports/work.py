"""Ports of planned work: targets, appointments, status labels and the portal's read side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from ordinavo.domain.appointments import Appointment, AppointmentStatus
from ordinavo.domain.calendar_feeds import CalendarFeed
from ordinavo.domain.locations import Priority
from ordinavo.domain.paging import Page, PageRequest, TimedPage, TimedPageRequest
from ordinavo.domain.status_labels import (
    CustomerStatus,
    LabelOverride,
    PortalLanguage,
    StatusLabels,
)
from ordinavo.domain.visibility import PortalScope
from ordinavo.domain.work import Target, TargetStatus


@dataclass(frozen=True, slots=True)
class TargetFilter:
    status: TargetStatus | None = None
    customer_id: UUID | None = None
    location_id: UUID | None = None
    assigned_to: UUID | None = None
    # Employees: only work assigned to them, directly or through one of its appointments.
    only_for_employee: UUID | None = None


@dataclass(frozen=True, slots=True)
class AppointmentFilter:
    status: AppointmentStatus | None = None
    customer_id: UUID | None = None
    location_id: UUID | None = None
    target_id: UUID | None = None
    assigned_to: UUID | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None


class TargetRepository(Protocol):
    async def add(self, target: Target) -> None: ...

    async def get(self, target_id: UUID) -> Target | None: ...

    async def save(self, target: Target) -> None: ...

    async def list(self, page: PageRequest, where: TargetFilter) -> Page[Target]: ...

    async def is_assigned(self, target_id: UUID, employee_id: UUID) -> bool:
        """Is the work the employee's, directly or through any of its appointments?"""
        ...

    async def assigned_scope(self, employee_id: UUID) -> tuple[frozenset[UUID], frozenset[UUID]]:
        """Customers and locations of the work assigned to this employee."""
        ...

    async def assigned_contacts(self, employee_id: UUID) -> frozenset[UUID]:
        """The contact persons of the work assigned to this employee (directly or by a visit)."""
        ...


class AppointmentRepository(Protocol):
    async def add(self, appointment: Appointment) -> None: ...

    async def get(self, appointment_id: UUID) -> Appointment | None: ...

    async def save(self, appointment: Appointment) -> None: ...

    async def list(
        self, page: TimedPageRequest, where: AppointmentFilter
    ) -> TimedPage[Appointment]: ...

    async def open_for_target(self, target_id: UUID) -> list[Appointment]:
        """Appointments of the target that are neither done nor cancelled."""
        ...


class StatusLabelRepository(Protocol):
    async def all(self) -> list[LabelOverride]: ...

    async def for_language(self, language: PortalLanguage) -> list[LabelOverride]: ...

    async def put(self, override: LabelOverride) -> None: ...

    async def remove(self, key: str, language: PortalLanguage) -> bool: ...


class CalendarFeedRepository(Protocol):
    async def add(self, feed: CalendarFeed) -> None: ...

    async def active_for_user(self, portal_user_id: UUID) -> CalendarFeed | None: ...

    async def save(self, feed: CalendarFeed) -> None: ...


@dataclass(frozen=True, slots=True)
class PlaceView:
    id: UUID
    name: str
    address_line: str
    postal_code: str | None
    city: str
    country: str


@dataclass(frozen=True, slots=True)
class AppointmentView:
    """The columns the portal reads of an appointment; the status is still internal here."""

    id: UUID
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    work_title: str
    customer_name: str
    place: PlaceView
    technician_name: str | None


@dataclass(frozen=True, slots=True)
class WorkView:
    id: UUID
    title: str
    status: TargetStatus
    priority: Priority
    due_date: date | None
    customer_name: str
    place: PlaceView | None
    next_visit_starts_at: datetime | None


@dataclass(frozen=True, slots=True)
class PortalAppointmentQuery:
    scope: PortalScope
    ends_after: datetime
    starts_before: datetime | None = None
    location_id: UUID | None = None
    with_technician: bool = False


@dataclass(frozen=True, slots=True)
class PortalDisplay:
    """How the tenant wants the portal to speak: its labels in one language, and whether the
    technician's first name is shown."""

    overrides: list[LabelOverride]
    show_technician_first_name: bool


@dataclass(frozen=True, slots=True)
class DisplayPreferences:
    """How the tenant wants the portal to speak, in every language at once (the language is
    the request's to choose): its label overrides, and whether the technician's first name is
    shown. Read with the portal principal, so a list need not read it again."""

    overrides: tuple[LabelOverride, ...]
    show_technician_first_name: bool

    def in_language(self, language: PortalLanguage) -> PortalDisplay:
        return PortalDisplay(
            overrides=[o for o in self.overrides if o.language is language],
            show_technician_first_name=self.show_technician_first_name,
        )


class PortalWorkReader(Protocol):
    """Reads for the portal, in one statement per page whatever the page size."""

    async def display(self, language: PortalLanguage) -> PortalDisplay: ...

    async def preferences(self) -> DisplayPreferences:
        """The display preferences in every language (previews: a portal request has them
        with its principal)."""
        ...

    async def upcoming_appointments(
        self, query: PortalAppointmentQuery, page: TimedPageRequest
    ) -> TimedPage[AppointmentView]: ...

    async def appointment(
        self, query: PortalAppointmentQuery, appointment_id: UUID
    ) -> AppointmentView | None: ...

    async def active_work(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[WorkView]: ...


@dataclass(slots=True)
class PortalAppointment:
    """An appointment as the portal shows it: its status already the customer's label.

    Not frozen: built once per row of the busiest list, and a frozen dataclass costs five
    times as much to build (each field set through object.__setattr__)."""

    id: UUID
    starts_at: datetime
    ends_at: datetime
    status: CustomerStatus
    work_title: str
    customer_name: str
    place: PlaceView
    technician_first_name: str | None


class PortalAppointmentPages(Protocol):
    """The portal's hot path for upcoming appointments: a page in one statement, without a
    unit of work (nothing is written), the tenant bound for the row-level security backstop
    within that statement."""

    async def upcoming(
        self,
        tenant_id: UUID,
        query: PortalAppointmentQuery,
        page: TimedPageRequest,
        labels: StatusLabels,
    ) -> TimedPage[PortalAppointment]: ...


class CalendarRenderer(Protocol):
    """Turns portal-safe events into a calendar document (iCalendar)."""

    def render(self, name: str, events: list[CalendarEvent]) -> bytes: ...


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    confirmed: bool
    stamp: datetime
