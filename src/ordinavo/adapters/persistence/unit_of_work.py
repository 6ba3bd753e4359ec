"""The unit of work: one session, one tenant, nothing kept unless the use case commits."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ordinavo.adapters.persistence.connect.repository import SqlaConnectRepository
from ordinavo.adapters.persistence.erasure import SqlaCustomerErasure
from ordinavo.adapters.persistence.exports.repository import SqlaDataExportRepository
from ordinavo.adapters.persistence.file_removals.repository import SqlaFileRemovalBacklog
from ordinavo.adapters.persistence.integrity import is_duplicate_key
from ordinavo.adapters.persistence.mail.repository import (
    SqlaMailOutbox,
    SqlaNotificationPreferences,
)
from ordinavo.adapters.persistence.portal_repositories import (
    SqlaGrantRepository,
    SqlaInvitationRepository,
    SqlaPartnerRelationRepository,
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
from ordinavo.adapters.persistence.retention.repository import SqlaRetentionStore
from ordinavo.adapters.persistence.tenant_binding import bind_tenant
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
        self.partners = SqlaPartnerRelationRepository(session, tenant_id)
        self.portal_sessions = SqlaPortalSessionRepository(session, tenant_id)
        self.password_resets = SqlaPasswordResetRepository(session, tenant_id)
        self.security_events = SqlaSecurityEventLog(session, tenant_id)
        self.portal_locations = SqlaPortalLocationReader(session, tenant_id)
        self.webhook_endpoints = SqlaWebhookEndpointRepository(session, tenant_id)
        self.webhook_deliveries = SqlaWebhookDeliveryRepository(session, tenant_id)
        self.mails = SqlaMailOutbox(session, tenant_id)
        self.notification_preferences = SqlaNotificationPreferences(session, tenant_id)
        self.recurring_plans = SqlaRecurringPlanRepository(session, tenant_id)
        self.retention = SqlaRetentionStore(session, tenant_id)
        self.data_exports = SqlaDataExportRepository(session, tenant_id)
        self.file_removals = SqlaFileRemovalBacklog(session, tenant_id)
        self.erasure = SqlaCustomerErasure(session, tenant_id)
        self.connect = SqlaConnectRepository(session, tenant_id)

    async def commit(self) -> None:
        # What is still to flush is this tenant's: another unit of work over the same session
        # (the worker's, a test's) may have bound the session to its tenant since.
        bind_tenant(self._session, self.tenant_id)
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


class SqlaSessionIdleTimer:
    """Moves a portal session's idle timer in a short unit of work of its own (the
    repository's own write, bound to the tenant like any other). Rare by design: at most once
    a minute a session (`PortalSession.needs_touch`), never on the hot path's statements."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def touch(self, tenant_id: UUID, session_id: UUID, at: datetime) -> None:
        async with self._sessions() as session:
            uow = SqlaUnitOfWork(session, tenant_id)
            await uow.portal_sessions.touch(session_id, at)
            await uow.commit()
