"""Portal notifications, made from domain events by the relay in its own transaction: an event
is marked handled and its mails are queued together, or neither."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.mail import QueuedMail, UnsubscribeRequest
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.domain.appointments import Appointment
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.mail import (
    NEEDED_CAPABILITY,
    NOTIFIED_EVENTS,
    MailKind,
    NotificationPreferences,
    off_by_default,
)
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Grant, PortalUser
from ordinavo.domain.visibility import PortalSubject
from ordinavo.domain.work import Origin


@dataclass(frozen=True, slots=True)
class _About:
    """What a notification is about: where (for the grant check) and what it may say."""

    kind: MailKind
    customer_id: UUID
    location_id: UUID | None
    values: dict[str, object]
    link: str
    appointment: Appointment | None = None
    time_zone: str | None = None  # the location's, for the visit's time


class NotifyPortalUsers:
    def __init__(self, mail: MailQueue, links: PortalLinks, tenants: TenantDirectory) -> None:
        self._mail = mail
        self._links = links
        self._tenants = tenants

    async def __call__(self, uow: UnitOfWork, event: DomainEvent) -> list[QueuedMail]:
        kind = NOTIFIED_EVENTS.get(event.type)
        if kind is None:
            return []
        about = await self._about(uow, event, kind)
        if about is None:
            return []
        return await self._tell(uow, about)

    async def remind(self, uow: UnitOfWork, appointment_id: UUID) -> list[QueuedMail]:
        """The day-before reminder of a visit."""
        about = await self._about_visit(uow, appointment_id, MailKind.VISIT_REMINDER)
        return await self._tell(uow, about) if about else []

    async def _tell(self, uow: UnitOfWork, about: _About) -> list[QueuedMail]:
        tenant = await self._tenants.get(uow.tenant_id)
        if tenant is None:
            return []
        quiet = off_by_default(
            visit_reminders=tenant.settings.visit_reminders_by_default,
            report_notices=tenant.settings.report_notices_by_default,
        )
        recipients = await self._recipients(uow, about)
        choices = await uow.notification_preferences.of_users([u.id for u in recipients])
        queued = []
        for user in recipients:
            if not choices.get(user.id, NotificationPreferences({})).receives(about.kind, quiet):
                continue
            language = user.language.value
            values = {
                **about.values,
                "name": user.display_name,
                "tenant": tenant.name,
                "link": about.link,
            }
            if about.appointment is not None:
                window = about.appointment.window
                values["when"], values["when_short"] = self._mail.renderer.format_window(
                    window.starts_at, window.ends_at, language, about.time_zone
                )
            mail = await self._mail.queue(
                uow,
                about.kind,
                to=user.email,
                language=language,
                values=values,
                unsubscribe=UnsubscribeRequest(uow.tenant_id, user.id, about.kind),
            )
            queued.append(QueuedMail(mail.tenant_id, mail.id))
        return queued

    async def _recipients(self, uow: UnitOfWork, about: _About) -> list[PortalUser]:
        """Active portal users whose grants, now, cover the record with what the kind needs."""
        by_user: dict[UUID, list[Grant]] = defaultdict(list)
        for grant in await uow.grants.active_for_customer(about.customer_id):
            by_user[grant.portal_user_id].append(grant)
        needs = NEEDED_CAPABILITY.get(about.kind)
        found = []
        for user_id, grants in by_user.items():
            subject = PortalSubject(
                user_id=user_id, tenant_id=uow.tenant_id, session_id=user_id, grants=tuple(grants)
            )
            if not subject.may_see(about.customer_id, about.location_id, needs=needs):
                continue
            user = await uow.portal_users.get(user_id)
            if user is not None and user.is_active:
                found.append(user)
        return found

    async def _about(self, uow: UnitOfWork, event: DomainEvent, kind: MailKind) -> _About | None:
        if event.type.startswith("request."):
            request = await uow.requests.get(event.subject_id)
            if request is None:
                return None
            return _About(
                kind,
                request.customer_id,
                request.location_id,
                {"title": request.title, "reason": request.customer_reason or ""},
                self._links.request(request.id),
            )
        if event.type.startswith("appointment."):
            return await self._about_visit(uow, event.subject_id, kind)
        if event.type == "report.published":
            report = await uow.reports.get(event.subject_id)
            if report is None or report.publication is None:
                return None
            files = await _released_file_names(uow, report.id)
            return _About(
                kind,
                report.customer_id,
                report.location_id,
                {"title": report.publication.texts.title, "files": files},
                self._links.report(report.id),
            )
        if event.type == "follow_up.planned":
            follow_up = await uow.follow_ups.get(event.subject_id)
            if follow_up is None or follow_up.planned_target_id is None:
                return None
            location = (
                await uow.locations.get(follow_up.location_id) if follow_up.location_id else None
            )
            return _About(
                kind,
                follow_up.customer_id,
                follow_up.location_id,
                {
                    "note": follow_up.customer_note or "",
                    "location": location.details.name if location else "",
                },
                self._links.visits(),
            )
        return None

    async def _about_visit(
        self, uow: UnitOfWork, appointment_id: UUID, kind: MailKind
    ) -> _About | None:
        visit = await uow.appointments.get(appointment_id)
        if visit is None:
            return None
        work = await uow.targets.get(visit.target_id)
        location = await uow.locations.get(visit.location_id)
        if work is None or location is None:
            return None
        if kind is MailKind.VISIT_PLANNED and work.origin is Origin.PORTAL_REQUEST:
            kind = MailKind.REQUEST_PLANNED
        return _About(
            kind,
            visit.customer_id,
            visit.location_id,
            {"title": work.details.title, "location": location.details.name},
            self._links.visits(),
            appointment=visit,
            time_zone=location.details.time_zone,
        )


async def _released_file_names(uow: UnitOfWork, report_id: UUID) -> list[str]:
    names: list[str] = []
    after = None
    while True:
        page = await uow.attachments.of_report(report_id, PageRequest(size=100, after=after))
        names += [a.file_name for a in page.items if a.is_released]
        if page.next_after is None:
            return names
        after = page.next_after
