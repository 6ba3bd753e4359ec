"""dishka wiring: which adapter serves which port. Providers build; they never commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import NamedTuple

from advanced_alchemy.config import SQLAlchemyAsyncConfig
from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ordinavo.adapters.calendar.icalendar_renderer import ICalendarRenderer
from ordinavo.adapters.mail.folder_mailer import FolderMailer
from ordinavo.adapters.mail.smtp_mailer import SmtpMailer, SmtpSettings
from ordinavo.adapters.persistence.database import database_config, postgres_server_settings
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.driver_statements import (
    DriverConnections,
    Statements,
    driver_connect_args,
    statements_for,
)
from ordinavo.adapters.persistence.internal_credentials import SqlaInternalCredentialReader
from ordinavo.adapters.persistence.portal_credentials import SqlaPortalCredentialReader
from ordinavo.adapters.persistence.portal_directory import SqlaPortalDirectory
from ordinavo.adapters.persistence.portal_pages import SqlaPortalPages, SqlaPortalReadsFactory
from ordinavo.adapters.persistence.portal_session_cache import (
    CachedPortalCredentials,
    PostgresAccessChanges,
)
from ordinavo.adapters.persistence.throttles import SqlaLoginThrottleStore, SqlaRateLimiter
from ordinavo.adapters.persistence.unit_of_work import SqlaSessionIdleTimer, SqlaUnitOfWorkFactory
from ordinavo.adapters.portal_links import ConfiguredPortalLinks
from ordinavo.adapters.security.argon2_hasher import Argon2PasswordHasher
from ordinavo.adapters.security.secrets import OsSecretGenerator
from ordinavo.adapters.storage.obstore_storage import ObstoreFileStorage
from ordinavo.adapters.system_clock import SystemClock, Uuid7Generator
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import (
    LoginThrottleStore,
    Mailer,
    PortalCredentialReader,
    PortalDirectory,
    PortalLinks,
    RateLimiter,
    SessionIdleTimer,
)
from ordinavo.application.ports.repositories import (
    InternalCredentialReader,
    PortalReadsFactory,
    TenantDirectory,
    UnitOfWork,
    UnitOfWorkFactory,
)
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.ports.work import CalendarRenderer, PortalAppointmentPages
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import UploadPolicy
from ordinavo.application.use_cases.appointments.cancel_appointment import CancelAppointment
from ordinavo.application.use_cases.appointments.change_appointment_plan import (
    ChangeAppointmentPlan,
)
from ordinavo.application.use_cases.appointments.confirm_appointment import ConfirmAppointment
from ordinavo.application.use_cases.appointments.get_appointment import GetAppointment
from ordinavo.application.use_cases.appointments.list_appointments import ListAppointments
from ordinavo.application.use_cases.appointments.plan_appointment import PlanAppointment
from ordinavo.application.use_cases.appointments.report_visit_status import ReportVisitStatus
from ordinavo.application.use_cases.appointments.reschedule_appointment import (
    RescheduleAppointment,
)
from ordinavo.application.use_cases.attachments.delete_attachment import DeleteAttachment
from ordinavo.application.use_cases.attachments.list_attachment_downloads import (
    ListAttachmentDownloads,
)
from ordinavo.application.use_cases.attachments.list_report_attachments import (
    ListReportAttachments,
)
from ordinavo.application.use_cases.attachments.list_request_attachments import (
    ListRequestAttachments,
)
from ordinavo.application.use_cases.attachments.read_attachment import ReadAttachment
from ordinavo.application.use_cases.attachments.release_attachment import ReleaseAttachment
from ordinavo.application.use_cases.attachments.upload_report_attachment import (
    UploadReportAttachment,
)
from ordinavo.application.use_cases.attachments.withdraw_attachment_release import (
    WithdrawAttachmentRelease,
)
from ordinavo.application.use_cases.audit.list_audit_entries import ListAuditEntries
from ordinavo.application.use_cases.audit.list_events import ListEvents
from ordinavo.application.use_cases.billing.list_billing_triggers import ListBillingTriggers
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.contacts.archive_contact import ArchiveContact
from ordinavo.application.use_cases.contacts.change_contact import ChangeContact
from ordinavo.application.use_cases.contacts.erase_contact import EraseContact
from ordinavo.application.use_cases.contacts.get_contact import GetContact
from ordinavo.application.use_cases.contacts.list_contacts import ListContacts
from ordinavo.application.use_cases.customers.archive_customer import ArchiveCustomer
from ordinavo.application.use_cases.customers.change_customer import ChangeCustomer
from ordinavo.application.use_cases.customers.delete_customer import DeleteCustomer
from ordinavo.application.use_cases.customers.get_customer import GetCustomer
from ordinavo.application.use_cases.customers.list_customers import ListCustomers
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.follow_ups.list_follow_ups import ListFollowUps
from ordinavo.application.use_cases.follow_ups.plan_follow_up import PlanFollowUp
from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.identity.authenticate import Authenticate
from ordinavo.application.use_cases.identity.change_my_password import ChangeMyPassword
from ordinavo.application.use_cases.identity.create_api_key import CreateApiKey
from ordinavo.application.use_cases.identity.disable_user import DisableUser
from ordinavo.application.use_cases.identity.end_user_sessions import EndUserSessions
from ordinavo.application.use_cases.identity.list_api_keys import ListApiKeys
from ordinavo.application.use_cases.identity.list_users import ListUsers
from ordinavo.application.use_cases.identity.log_in import LogIn
from ordinavo.application.use_cases.identity.log_out import LogOut
from ordinavo.application.use_cases.identity.log_out_everywhere import LogOutEverywhere
from ordinavo.application.use_cases.identity.reset_user_password import (
    ResetStaffPasswordAsOperator,
    ResetUserPassword,
)
from ordinavo.application.use_cases.identity.revoke_api_key import RevokeApiKey
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.locations.archive_location import ArchiveLocation
from ordinavo.application.use_cases.locations.change_location import ChangeLocation
from ordinavo.application.use_cases.locations.get_location import GetLocation
from ordinavo.application.use_cases.locations.list_locations import ListLocations
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation
from ordinavo.application.use_cases.portal.authenticate_portal_user import (
    AuthenticatePortalUser,
)
from ordinavo.application.use_cases.portal.change_my_profile import ChangeMyProfile
from ordinavo.application.use_cases.portal.change_portal_password import ChangePortalPassword
from ordinavo.application.use_cases.portal.comment_on_my_request import CommentOnMyRequest
from ordinavo.application.use_cases.portal.complete_password_reset import (
    CompletePasswordReset,
)
from ordinavo.application.use_cases.portal.download_my_attachment import DownloadMyAttachment
from ordinavo.application.use_cases.portal.get_my_appointment import GetMyAppointment
from ordinavo.application.use_cases.portal.get_my_request import GetMyRequest
from ordinavo.application.use_cases.portal.list_my_appointments import ListMyAppointments
from ordinavo.application.use_cases.portal.list_my_follow_ups import ListMyFollowUps
from ordinavo.application.use_cases.portal.list_my_locations import ListMyLocations
from ordinavo.application.use_cases.portal.list_my_recurring_visits import ListMyRecurringVisits
from ordinavo.application.use_cases.portal.list_my_request_comments import ListMyRequestComments
from ordinavo.application.use_cases.portal.list_my_request_files import ListMyRequestFiles
from ordinavo.application.use_cases.portal.list_my_requests import ListMyRequests
from ordinavo.application.use_cases.portal.list_my_work import ListMyWork
from ordinavo.application.use_cases.portal.log_in_to_portal import LogInToPortal
from ordinavo.application.use_cases.portal.log_out_of_portal import LogOutOfPortal
from ordinavo.application.use_cases.portal.log_out_of_portal_everywhere import (
    LogOutOfPortalEverywhere,
)
from ordinavo.application.use_cases.portal.published_reports import GetMyReport, ListMyReports
from ordinavo.application.use_cases.portal.render_calendar_feed import RenderCalendarFeed
from ordinavo.application.use_cases.portal.renew_calendar_feed import RenewCalendarFeed
from ordinavo.application.use_cases.portal.request_password_reset import RequestPasswordReset
from ordinavo.application.use_cases.portal.revoke_calendar_feed import RevokeCalendarFeed
from ordinavo.application.use_cases.portal.show_my_access import ShowMyAccess
from ordinavo.application.use_cases.portal.show_my_timeline import ShowMyTimeline
from ordinavo.application.use_cases.portal.submit_request import SubmitRequest
from ordinavo.application.use_cases.portal.upload_request_attachment import (
    UploadRequestAttachment,
)
from ordinavo.application.use_cases.portal.view_invitation import ViewInvitation
from ordinavo.application.use_cases.portal.view_password_reset import ViewPasswordReset
from ordinavo.application.use_cases.portal.withdraw_request import WithdrawRequest
from ordinavo.application.use_cases.portal_access.add_grant import AddGrant
from ordinavo.application.use_cases.portal_access.change_grant import ChangeGrant
from ordinavo.application.use_cases.portal_access.disable_portal_user import DisablePortalUser
from ordinavo.application.use_cases.portal_access.enable_portal_user import EnablePortalUser
from ordinavo.application.use_cases.portal_access.end_portal_user_sessions import (
    EndPortalUserSessions,
)
from ordinavo.application.use_cases.portal_access.get_invitation import GetInvitation
from ordinavo.application.use_cases.portal_access.get_portal_user import GetPortalUser
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact
from ordinavo.application.use_cases.portal_access.list_invitations import ListInvitations
from ordinavo.application.use_cases.portal_access.list_partners import ListPartners
from ordinavo.application.use_cases.portal_access.list_portal_users import ListPortalUsers
from ordinavo.application.use_cases.portal_access.list_security_events import (
    ListSecurityEvents,
)
from ordinavo.application.use_cases.portal_access.preview_contact_access import (
    PreviewContactAccess,
)
from ordinavo.application.use_cases.portal_access.preview_portal_user import PreviewPortalUser
from ordinavo.application.use_cases.portal_access.record_partner import RecordPartner
from ordinavo.application.use_cases.portal_access.remove_partner import RemovePartner
from ordinavo.application.use_cases.portal_access.resend_invitation import ResendInvitation
from ordinavo.application.use_cases.portal_access.revoke_grant import RevokeGrant
from ordinavo.application.use_cases.portal_access.revoke_invitation import RevokeInvitation
from ordinavo.application.use_cases.reports.approve_report import ApproveReport
from ordinavo.application.use_cases.reports.change_report import ChangeReport
from ordinavo.application.use_cases.reports.delete_report import DeleteReport
from ordinavo.application.use_cases.reports.get_report import GetReport
from ordinavo.application.use_cases.reports.list_reports import ListReports
from ordinavo.application.use_cases.reports.publish_report import PublishReport
from ordinavo.application.use_cases.reports.request_report_changes import RequestReportChanges
from ordinavo.application.use_cases.reports.submit_report import SubmitReport
from ordinavo.application.use_cases.reports.unpublish_report import UnpublishReport
from ordinavo.application.use_cases.reports.write_report import WriteReport
from ordinavo.application.use_cases.requests.accept_request import AcceptRequest
from ordinavo.application.use_cases.requests.attach_file_to_reply import AttachFileToReply
from ordinavo.application.use_cases.requests.comment_on_request import CommentOnRequest
from ordinavo.application.use_cases.requests.convert_request import ConvertRequest
from ordinavo.application.use_cases.requests.get_request import GetRequest
from ordinavo.application.use_cases.requests.list_request_comments import ListRequestComments
from ordinavo.application.use_cases.requests.list_requests import ListRequests
from ordinavo.application.use_cases.requests.reject_request import RejectRequest
from ordinavo.application.use_cases.requests.start_request_review import StartRequestReview
from ordinavo.application.use_cases.retention.change_retention_policy import (
    ChangeRetentionPolicy,
)
from ordinavo.application.use_cases.retention.get_retention_policy import GetRetentionPolicy
from ordinavo.application.use_cases.status_labels.list_status_labels import ListStatusLabels
from ordinavo.application.use_cases.status_labels.reset_status_label import ResetStatusLabel
from ordinavo.application.use_cases.status_labels.set_status_label import SetStatusLabel
from ordinavo.application.use_cases.tenants.change_access_switches import ChangeAccessSwitches
from ordinavo.application.use_cases.tenants.change_tenant_settings import ChangeTenantSettings
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
from ordinavo.application.use_cases.tenants.get_tenant import GetTenant
from ordinavo.application.use_cases.tenants.remove_tenant import RemoveTenant
from ordinavo.application.use_cases.tenants.show_access_model import ShowAccessModel
from ordinavo.application.use_cases.timeline.show_customer_timeline import ShowCustomerTimeline
from ordinavo.application.use_cases.work.assign_target import AssignTarget
from ordinavo.application.use_cases.work.change_target import ChangeTarget
from ordinavo.application.use_cases.work.change_target_status import ChangeTargetStatus
from ordinavo.application.use_cases.work.create_target import CreateTarget
from ordinavo.application.use_cases.work.get_target import GetTarget
from ordinavo.application.use_cases.work.list_targets import ListTargets
from ordinavo.domain.identity import Actor
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.providers.connect import ConnectAdapters, connect_use_cases
from ordinavo.entrypoints.providers.exports import export_use_cases
from ordinavo.entrypoints.providers.mail import MailAdapters, mail_use_cases
from ordinavo.entrypoints.providers.recurring import RecurringAdapters, recurring_use_cases
from ordinavo.entrypoints.providers.tasks import TaskQueueProvider
from ordinavo.entrypoints.providers.webhooks import WebhookAdapters, webhook_use_cases
from ordinavo.entrypoints.settings import Settings


class PortalAccess(NamedTuple):
    """How portal principals are read and their idle timers moved: straight from the
    database, or through the optional cache (ORDINAVO_PORTAL_SESSION_CACHE)."""

    credentials: PortalCredentialReader
    idle_timer: SessionIdleTimer


class InfrastructureProvider(Provider):
    """Process-wide pieces. They hold no request state, so many processes can share one DB."""

    settings = from_context(provides=Settings, scope=Scope.APP)

    @provide(scope=Scope.APP)
    async def database(self, settings: Settings) -> AsyncIterator[SQLAlchemyAsyncConfig]:
        config = database_config(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            plan_cache_mode=settings.database_plan_cache_mode,
        )
        yield config
        await config.get_engine().dispose()

    @provide(scope=Scope.APP)
    async def hot_statements(
        self, config: SQLAlchemyAsyncConfig, settings: Settings
    ) -> AsyncIterator[Statements]:
        """The portal hot path's prebuilt reads; on PostgreSQL, on connections of their own
        (opened on first use, so an app that never reads this way opens none)."""
        engine = config.get_engine()
        if engine.dialect.name != "postgresql":
            yield statements_for(engine)
            return
        connections = DriverConnections(
            driver_connect_args(engine),
            size=settings.database_read_pool_size,
            server_settings=postgres_server_settings(settings.database_plan_cache_mode),
        )
        try:
            yield statements_for(engine, connections)
        finally:
            await connections.close()

    @provide(scope=Scope.APP)
    async def portal_access(
        self,
        config: SQLAlchemyAsyncConfig,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        statements: Statements,
    ) -> AsyncIterator[PortalAccess]:
        # On the engine, not a request's session: the lookup runs on a connection of its own.
        engine = config.get_engine()
        reader = SqlaPortalCredentialReader(engine, statements)
        timer = SqlaSessionIdleTimer(sessions)
        if not settings.portal_session_cache:
            yield PortalAccess(reader, timer)  # the default: every request reads afresh
            return
        cache = CachedPortalCredentials(reader, timer)
        changes = PostgresAccessChanges(engine, cache)
        await changes.start()
        try:
            yield PortalAccess(cache, cache)
        finally:
            await changes.stop()

    @provide(scope=Scope.APP)
    def portal_credentials(self, access: PortalAccess) -> PortalCredentialReader:
        return access.credentials

    @provide(scope=Scope.APP)
    def session_idle_timer(self, access: PortalAccess) -> SessionIdleTimer:
        return access.idle_timer

    @provide(scope=Scope.APP)
    def portal_appointment_pages(
        self, config: SQLAlchemyAsyncConfig, statements: Statements
    ) -> PortalAppointmentPages:
        # On the hot path too: a portal page is one statement on a connection of its own.
        return SqlaPortalPages(config.get_engine(), statements)

    @provide(scope=Scope.APP)
    def portal_reads(self, config: SQLAlchemyAsyncConfig) -> PortalReadsFactory:
        return SqlaPortalReadsFactory(config.get_engine())

    @provide(scope=Scope.APP)
    def internal_credentials(self, config: SQLAlchemyAsyncConfig) -> InternalCredentialReader:
        # The same for staff tokens and API keys: one statement, no request session.
        return SqlaInternalCredentialReader(config.get_engine())

    @provide(scope=Scope.APP)
    def session_maker(self, config: SQLAlchemyAsyncConfig) -> async_sessionmaker[AsyncSession]:
        return config.create_session_maker()

    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)
    ids = provide(Uuid7Generator, scope=Scope.APP, provides=IdGenerator)

    @provide(scope=Scope.APP)
    def hasher(self) -> PasswordHasher:
        return Argon2PasswordHasher()

    secrets = provide(OsSecretGenerator, scope=Scope.APP, provides=SecretGenerator)
    calendar = provide(ICalendarRenderer, scope=Scope.APP, provides=CalendarRenderer)
    recorder = provide(ChangeRecorder, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def mailer(self, settings: Settings) -> Mailer:
        if settings.mail_backend == "smtp":
            return SmtpMailer(
                SmtpSettings(
                    host=settings.smtp_host,
                    port=settings.smtp_port,
                    username=settings.smtp_username,
                    password=settings.smtp_password,
                    starttls=settings.smtp_starttls,
                ),
                settings.mail_from,
            )
        return FolderMailer(settings.mail_dir, settings.mail_from)

    @provide(scope=Scope.APP)
    def storage(self, settings: Settings) -> FileStorage:
        if settings.storage_backend == "s3":
            if not settings.s3_bucket:
                raise SystemExit("ORDINAVO_S3_BUCKET is required when ORDINAVO_STORAGE=s3.")
            return ObstoreFileStorage.s3(
                settings.s3_bucket,
                endpoint=settings.s3_endpoint,
                region=settings.s3_region,
                access_key_id=settings.s3_access_key_id,
                secret_access_key=settings.s3_secret_access_key,
                allow_http=bool(settings.s3_endpoint and settings.s3_endpoint.startswith("http:")),
            )
        return ObstoreFileStorage.local(settings.attachment_dir)

    @provide(scope=Scope.APP)
    def upload_policy(self, settings: Settings) -> UploadPolicy:
        return UploadPolicy(max_bytes=settings.max_attachment_bytes)

    @provide(scope=Scope.APP)
    def portal_links(self, settings: Settings) -> PortalLinks:
        return ConfiguredPortalLinks(settings.portal_public_url, settings.portal_web_url)

    @provide(scope=Scope.REQUEST)
    async def session(self, maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        # No commit here: use cases commit. Whatever they left open is rolled back.
        async with maker() as session:
            yield session

    directory = provide(SqlaTenantDirectory, scope=Scope.REQUEST, provides=TenantDirectory)
    uow_factory = provide(SqlaUnitOfWorkFactory, scope=Scope.REQUEST, provides=UnitOfWorkFactory)
    portal_directory = provide(SqlaPortalDirectory, scope=Scope.REQUEST, provides=PortalDirectory)
    throttles = provide(SqlaLoginThrottleStore, scope=Scope.REQUEST, provides=LoginThrottleStore)
    limiter = provide(SqlaRateLimiter, scope=Scope.REQUEST, provides=RateLimiter)


_USE_CASES = (
    RegisterCustomer,
    ChangeCustomer,
    ArchiveCustomer,
    DeleteCustomer,
    GetCustomer,
    ListCustomers,
    AddLocation,
    ChangeLocation,
    ArchiveLocation,
    GetLocation,
    ListLocations,
    AddContact,
    ChangeContact,
    ArchiveContact,
    EraseContact,
    GetContact,
    ListContacts,
    LogIn,
    LogOut,
    LogOutEverywhere,
    EndUserSessions,
    Authenticate,
    CreateApiKey,
    ListApiKeys,
    RevokeApiKey,
    AddUser,
    ListUsers,
    DisableUser,
    CreateTenant,
    RemoveTenant,
    GetTenant,
    ChangeTenantSettings,
    ShowAccessModel,
    ChangeAccessSwitches,
    GetRetentionPolicy,
    ChangeRetentionPolicy,
    InviteContact,
    ResendInvitation,
    RevokeInvitation,
    ListInvitations,
    GetInvitation,
    ListPortalUsers,
    GetPortalUser,
    DisablePortalUser,
    EnablePortalUser,
    AddGrant,
    ChangeGrant,
    RevokeGrant,
    RecordPartner,
    ListPartners,
    RemovePartner,
    ListSecurityEvents,
    PreviewPortalUser,
    PreviewContactAccess,
    AcceptInvitation,
    ChangePortalPassword,
    CompletePasswordReset,
    ListMyRecurringVisits,
    LogInToPortal,
    LogOutOfPortal,
    LogOutOfPortalEverywhere,
    EndPortalUserSessions,
    RequestPasswordReset,
    ViewInvitation,
    ViewPasswordReset,
    ChangeMyProfile,
    ChangeMyPassword,
    ResetUserPassword,
    ResetStaffPasswordAsOperator,
    ListAuditEntries,
    ListEvents,
    CreateTarget,
    ChangeTarget,
    AssignTarget,
    ChangeTargetStatus,
    GetTarget,
    ListTargets,
    PlanAppointment,
    RescheduleAppointment,
    ConfirmAppointment,
    CancelAppointment,
    ChangeAppointmentPlan,
    ReportVisitStatus,
    GetAppointment,
    ListAppointments,
    ListStatusLabels,
    SetStatusLabel,
    ResetStatusLabel,
    GetMyAppointment,
    RenewCalendarFeed,
    RevokeCalendarFeed,
    SubmitRequest,
    GetMyRequest,
    WithdrawRequest,
    CommentOnMyRequest,
    ListMyRequestComments,
    ListMyRequestFiles,
    ListRequests,
    GetRequest,
    StartRequestReview,
    AcceptRequest,
    RejectRequest,
    ConvertRequest,
    CommentOnRequest,
    ListRequestComments,
    AttachFileToReply,
    WriteReport,
    ChangeReport,
    SubmitReport,
    ApproveReport,
    RequestReportChanges,
    PublishReport,
    UnpublishReport,
    GetReport,
    ListReports,
    DeleteReport,
    UploadReportAttachment,
    ListReportAttachments,
    ListRequestAttachments,
    ReadAttachment,
    ListAttachmentDownloads,
    ReleaseAttachment,
    WithdrawAttachmentRelease,
    DeleteAttachment,
    ListFollowUps,
    PlanFollowUp,
    ListBillingTriggers,
    GetMyReport,
    DownloadMyAttachment,
    UploadRequestAttachment,
    ShowCustomerTimeline,
)


# The portal's hot path: use cases that hold nothing of a request (only process-wide ports),
# built once per process instead of on every request. dishka refuses at start-up an APP-scoped
# use case that depends on anything of a request, so a misplaced one cannot slip through.
_STATELESS_USE_CASES = (
    AuthenticatePortalUser,
    ShowMyAccess,
    ListMyAppointments,
    ListMyWork,
    ListMyRequests,
    ListMyReports,
    ListMyFollowUps,
    ListMyLocations,
    ShowMyTimeline,
    RenderCalendarFeed,
)


def use_case_provider() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for use_case in _USE_CASES:
        provider.provide(use_case)
    for use_case in _STATELESS_USE_CASES:
        provider.provide(use_case, scope=Scope.APP)
    return provider


class StaffUnitOfWorkProvider(Provider):
    """Internal app and operator tools: the tenant comes from the actor, never from a body."""

    @provide(scope=Scope.REQUEST)
    def unit_of_work(self, factory: UnitOfWorkFactory, actor: Actor) -> UnitOfWork:
        return factory.for_tenant(actor.tenant_id)


class PortalUnitOfWorkProvider(Provider):
    """Portal app: the tenant comes from the authenticated portal session."""

    @provide(scope=Scope.REQUEST)
    def unit_of_work(self, factory: UnitOfWorkFactory, subject: PortalSubject) -> UnitOfWork:
        return factory.for_tenant(subject.tenant_id)


class ActorFromContextProvider(StaffUnitOfWorkProvider):
    """For operator tools (CLI, demo): the actor is given, not authenticated."""

    actor = from_context(provides=Actor, scope=Scope.REQUEST)


def make_container(
    settings: Settings, *providers: Provider, context: dict | None = None
) -> AsyncContainer:
    return make_async_container(
        InfrastructureProvider(),
        use_case_provider(),
        TaskQueueProvider(),
        WebhookAdapters(),
        webhook_use_cases(),
        MailAdapters(),
        mail_use_cases(),
        RecurringAdapters(),
        recurring_use_cases(),
        export_use_cases(),
        ConnectAdapters(),
        connect_use_cases(),
        *providers,
        context={Settings: settings, **(context or {})},
    )
