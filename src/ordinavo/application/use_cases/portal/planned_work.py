"""What the portal's planned-work use cases share: labels in the asked language, and the
customer-safe shape of an appointment read through a unit of work (the internal status
becomes the customer's label here; the portal's page readers do the same for their rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from ordinavo.application.ports.work import (
    AppointmentView,
    DisplayPreferences,
    PlaceView,
    PortalAppointment,
    WorkView,
)
from ordinavo.domain.identity import first_name
from ordinavo.domain.status_labels import (
    CustomerStatus,
    StatusKind,
    StatusLabels,
    choose_language,
)


@dataclass(frozen=True, slots=True)
class PortalWork:
    id: UUID
    title: str
    status: CustomerStatus
    due_date: date | None
    customer_name: str
    place: PlaceView | None
    next_visit_starts_at: datetime | None


def display_for(
    display: DisplayPreferences, accepted: Iterable[tuple[str, float]], preferred: str | None
) -> tuple[StatusLabels, bool]:
    """Labels in the language the client asked for, and whether to name the technician."""
    language = choose_language(accepted, preferred)
    labels = StatusLabels.for_language(language, display.overrides)
    return labels, display.show_technician_first_name


def portal_appointment(view: AppointmentView, labels: StatusLabels) -> PortalAppointment:
    return PortalAppointment(
        id=view.id,
        starts_at=view.starts_at,
        ends_at=view.ends_at,
        status=labels.of(StatusKind.APPOINTMENT, view.status.value),
        work_title=view.work_title,
        customer_name=view.customer_name,
        place=view.place,
        technician_first_name=first_name(view.technician_name) if view.technician_name else None,
    )


def portal_work(view: WorkView, labels: StatusLabels) -> PortalWork:
    return PortalWork(
        id=view.id,
        title=view.title,
        status=labels.of(StatusKind.TARGET, view.status.value),
        due_date=view.due_date,
        customer_name=view.customer_name,
        place=view.place,
        next_visit_starts_at=view.next_visit_starts_at,
    )
