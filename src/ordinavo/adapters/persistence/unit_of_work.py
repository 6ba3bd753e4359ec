"""The unit of work: one session, one tenant, nothing kept unless the use case commits."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from ordinavo.adapters.persistence.integrity import is_duplicate_key
from ordinavo.adapters.persistence.mail.repository import (
    SqlaMailOutbox,
    SqlaNotificationPreferences,
)
from ordinavo.adapters.persistence.portal_repositories import (
    SqlaGrantRepository,
    SqlaInvitationRepository,
    SqlaPasswordResetRepository,
    SqlaPortalLocationReader,
    SqlaPortalSessionRepository,
    SqlaPortalUserRepository,
    SqlaSecurityEventLog,
)
from ordinavo.adapters.persistence.recurring.repository import SqlaRecurringPlanRepository
from ordinavo.adapters.persistence.report_repositories import (
    SqlaAttachmentRepository,
    SqlaBillingTriggerRepository,
    SqlaFollowUpRepository,
    SqlaPortalReportReader,
    SqlaVisitReportRepository,
)
from ordinavo.adapters.persistence.repositories import (
    SqlaAccessTokenRepository,
    SqlaApiKeyRepository,
    SqlaAuditTrail,
    SqlaContactRepository,
    SqlaCustomerRepository,
    SqlaEventLog,
    SqlaLocationRepository,
    SqlaUserRepository,
)
from ordinavo.adapters.persistence.request_context import current_request_id
from ordinavo.adapters.persistence.request_repositories import (
    SqlaIdempotencyKeys,
    SqlaRequestCommentRepository,
    SqlaRequestRepository,
)
from ordinavo.adapters.persistence.timeline_repositories import (
    SqlaCustomerTimelineReader,
    SqlaPortalTimelineReader,
)
from ordinavo.adapters.persistence.webhooks.repository import (
    SqlaWebhookDeliveryRepository,
    SqlaWebhookEndpointRepository,
)
from ordinavo.adapters.persistence.work_repositories import (
    SqlaAppointmentRepository,
    SqlaCalendarFeedRepository,
    SqlaPortalWorkReader,
    SqlaStatusLabelRepository,
    SqlaTargetRepository,
)
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.outbox import JobQueue

_TENANT = "ordinavo_tenant"
UNBOUND = ""  # the policies of migration 0003 read an empty setting as "no tenant bound"
_APPLIED = "ordinavo_tenant_applied"


def bind_tenant(session: AsyncSession, tenant_id: UUID) -> None:
    """Bind the session to a tenant for PostgreSQL's row-level security (migration 0003)."""
    session.info[_TENANT] = str(tenant_id)


def unbind_tenant(session: AsyncSession) -> None:
    """For the worker's cross-tenant reads and writes (the outbox). An empty tenant is told to
    PostgreSQL too: a tenant bound earlier in the same transaction would otherwise stay in
    force and hide, or refuse, every other tenant's rows."""
    session.info[_TENANT] = UNBOUND


@event.listens_for(Session, "after_begin")
def _new_transaction(session: Session, transaction: object, connection: Connection) -> None:
    session.info.pop(_APPLIED, None)


@event.listens_for(Session, "do_orm_execute")
def _apply_tenant(state: ORMExecuteState) -> None:
    """Tell PostgreSQL the transaction's tenant once, before its first statement needs it."""
    session = state.session
    tenant, applied = session.info.get(_TENANT), session.info.get(_APPLIED)
    if tenant is None or applied == tenant:
        return
    if tenant == UNBOUND and applied is None:
        return  # nothing was bound in this transaction: the setting is empty already
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text("SELECT set_config('ordinavo.tenant_id', :tenant, true)"), {"tenant": tenant}
    )
    session.info[_APPLIED] = tenant


class SqlaUnitOfWork:
    def __init__(
        self, session: AsyncSession, tenant_id: UUID, queue: JobQueue | None = None
    ) -> None:
        self._session = session
        self._queue = queue
        self.tenant_id = tenant_id
        bind_tenant(session, tenant_id)
        self.customers = SqlaCustomerRepository(session, tenant_id)
        self.locations = SqlaLocationRepository(session, tenant_id)
        self.targets = SqlaTargetRepository(session, tenant_id)
        self.appointments = SqlaAppointmentRepository(session, tenant_id)
        self.status_labels = SqlaStatusLabelRepository(session, tenant_id)
        self.calendar_feeds = SqlaCalendarFeedRepository(session, tenant_id)
        self.portal_work = SqlaPortalWorkReader(session, tenant_id)
        self.requests = SqlaRequestRepository(session, tenant_id)
        self.request_comments = SqlaRequestCommentRepository(session, tenant_id)
        self.idempotency_keys = SqlaIdempotencyKeys(session, tenant_id)
        self.reports = SqlaVisitReportRepository(session, tenant_id)
        self.attachments = SqlaAttachmentRepository(session, tenant_id)
        self.follow_ups = SqlaFollowUpRepository(session, tenant_id)
        self.billing_triggers = SqlaBillingTriggerRepository(session, tenant_id)
        self.portal_reports = SqlaPortalReportReader(session, tenant_id)
        self.customer_timeline = SqlaCustomerTimelineReader(session, tenant_id)
        self.portal_timeline = SqlaPortalTimelineReader(session, tenant_id)
        self.contacts = SqlaContactRepository(session, tenant_id)
        self.users = SqlaUserRepository(session, tenant_id)
        self.access_tokens = SqlaAccessTokenRepository(session, tenant_id)
        self.api_keys = SqlaApiKeyRepository(session, tenant_id)
        self.events = SqlaEventLog(session, tenant_id)
        self.audit = SqlaAuditTrail(session, tenant_id, current_request_id.get)
        self.portal_users = SqlaPortalUserRepository(session, tenant_id)
        self.invitations = SqlaInvitationRepository(session, tenant_id)
        self.grants = SqlaGrantRepository(session, tenant_id)
        self.portal_sessions = SqlaPortalSessionRepository(session, tenant_id)
        self.password_resets = SqlaPasswordResetRepository(session, tenant_id)
        self.security_events = SqlaSecurityEventLog(session, tenant_id)
        self.portal_locations = SqlaPortalLocationReader(session, tenant_id)
        self.webhook_endpoints = SqlaWebhookEndpointRepository(session, tenant_id)
        self.webhook_deliveries = SqlaWebhookDeliveryRepository(session, tenant_id)
        self.mails = SqlaMailOutbox(session, tenant_id)
        self.notification_preferences = SqlaNotificationPreferences(session, tenant_id)
        self.recurring_plans = SqlaRecurringPlanRepository(session, tenant_id)

    async def commit(self) -> None:
        try:
            await self._session.commit()
        except IntegrityError as error:
            self.events.appended = False
            self.mails.added()
            await self._session.rollback()
            if is_duplicate_key(error):
                raise Conflict("The change collides with an existing record.") from error
            raise
        if self.events.appended:
            self.events.appended = False
            if self._queue is not None:
                # Best effort, after the commit: the relay's first look need not wait for a
                # sweep. A lost nudge only delays; the events are safely in the table.
                await self._queue.dispatch_events()
        for mail in self.mails.added():
            if self._queue is not None:
                await self._queue.send_mail(mail.tenant_id, mail.mail_id)

    async def rollback(self) -> None:
        self.events.appended = False
        self.mails.added()
        await self._session.rollback()


class SqlaUnitOfWorkFactory:
    """Hands out tenant-bound units of work over the request's one session."""

    def __init__(self, session: AsyncSession, queue: JobQueue) -> None:
        self._session = session
        self._queue = queue

    def for_tenant(self, tenant_id: UUID) -> SqlaUnitOfWork:
        return SqlaUnitOfWork(self._session, tenant_id, self._queue)

    async def commit(self) -> None:
        await self._session.commit()
