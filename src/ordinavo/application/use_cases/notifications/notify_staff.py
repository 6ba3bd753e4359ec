"""Staff notifications, made from domain events by the relay in its own transaction: a new
request in the review queue, a customer's comment on a request, a webhook endpoint disabled.
The tenant's settings name the roles told of each."""

from __future__ import annotations

from urllib.parse import urlsplit

from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.mail import QueuedMail
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.mail import STAFF_EVENTS, MailKind

STAFF_LANGUAGE = "en"  # staff accounts have no language of their own yet

_REASONS = {
    "failing": "every delivery failed for five days",
    "gone": "the receiver answered that it is gone (410)",
}
_REASONS_TOLD = frozenset(_REASONS)


class NotifyStaff:
    def __init__(self, mail: MailQueue, tenants: TenantDirectory) -> None:
        self._mail = mail
        self._tenants = tenants

    async def __call__(self, uow: UnitOfWork, event: DomainEvent) -> list[QueuedMail]:
        found = STAFF_EVENTS.get(event.type)
        if found is None:
            return []
        kind, setting = found
        if kind is MailKind.STAFF_PORTAL_COMMENT and event.payload.get("by") != "customer":
            return []  # staff replies and internal notes tell no one
        tenant = await self._tenants.get(uow.tenant_id)
        if tenant is None:
            return []
        roles = frozenset(getattr(tenant.settings, setting))
        if not roles:
            return []
        values = await self._values(uow, event, kind)
        if values is None:
            return []
        queued = []
        for user in await uow.users.active_with_roles(roles):
            mail = await self._mail.queue(
                uow,
                kind,
                to=user.email,
                language=STAFF_LANGUAGE,
                values={**values, "name": user.display_name, "tenant": tenant.name},
            )
            queued.append(QueuedMail(mail.tenant_id, mail.id))
        return queued

    async def _values(
        self, uow: UnitOfWork, event: DomainEvent, kind: MailKind
    ) -> dict[str, object] | None:
        if kind is MailKind.STAFF_WEBHOOK_DISABLED:
            reason = str(event.payload.get("reason") or "")
            if reason not in _REASONS_TOLD:
                return None  # disabled by an admin, who knows it already
            endpoint = await uow.webhook_endpoints.get(event.subject_id)
            if endpoint is None:
                return None
            # The host only: an endpoint's path or query may hold a token of the receiver's.
            return {
                "endpoint": urlsplit(endpoint.settings.url).hostname or "",
                "reason": _REASONS[reason],
            }
        request = await uow.requests.get(event.subject_id)
        if request is None:
            return None
        customer = await uow.customers.get(request.customer_id)
        location = await uow.locations.get(request.location_id) if request.location_id else None
        return {
            "title": request.title,
            "customer": customer.details.name if customer else "",
            "location": location.details.name if location else "",
        }
