"""The mail module's wiring: rendering, queuing, sending, preferences and unsubscribe links."""

from __future__ import annotations

from email.utils import parseaddr

from dishka import Provider, Scope, provide

from ordinavo.adapters.mail.jinja_renderer import JinjaMailRenderer
from ordinavo.adapters.persistence.mail.resets import SqlaAskedResets
from ordinavo.adapters.security.secret_box import key_from_file, key_from_text
from ordinavo.adapters.security.unsubscribe_tokens import HmacUnsubscribeTokens
from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.mail import MailPolicy, MailRenderer, UnsubscribeTokens
from ordinavo.application.ports.portal import AskedResets
from ordinavo.application.use_cases.mail.list_mail import ListMail
from ordinavo.application.use_cases.mail.send_mail import SendMail
from ordinavo.application.use_cases.notifications.change_my_notification_preferences import (
    ChangeMyNotificationPreferences,
)
from ordinavo.application.use_cases.notifications.notify_portal_users import NotifyPortalUsers
from ordinavo.application.use_cases.notifications.notify_staff import NotifyStaff
from ordinavo.application.use_cases.notifications.remind_of_visits import RemindOfVisits
from ordinavo.application.use_cases.notifications.show_my_notification_preferences import (
    ShowMyNotificationPreferences,
)
from ordinavo.application.use_cases.notifications.unsubscribe import Unsubscribe
from ordinavo.application.use_cases.portal.handle_password_reset import HandlePasswordReset
from ordinavo.entrypoints.settings import Settings


class MailAdapters(Provider):
    """What both the apps (queuing) and the worker (sending, notifying) need."""

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> MailPolicy:
        domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "ordinavo.invalid"
        return MailPolicy(message_id_domain=domain)

    @provide(scope=Scope.APP)
    def renderer(self, settings: Settings) -> MailRenderer:
        return JinjaMailRenderer(settings.time_zone)

    @provide(scope=Scope.APP)
    def unsubscribe_tokens(self, settings: Settings) -> UnsubscribeTokens:
        key = (
            key_from_text(settings.encryption_key)
            if settings.encryption_key
            else key_from_file(settings.encryption_key_file)
        )
        return HmacUnsubscribeTokens(key)

    queue = provide(MailQueue, scope=Scope.APP)
    send = provide(SendMail, scope=Scope.REQUEST)
    notify = provide(NotifyPortalUsers, scope=Scope.REQUEST)
    notify_staff = provide(NotifyStaff, scope=Scope.REQUEST)
    asked_resets = provide(SqlaAskedResets, scope=Scope.REQUEST, provides=AskedResets)
    handle_reset = provide(HandlePasswordReset, scope=Scope.REQUEST)


class ReminderProvider(Provider):
    """The worker's: the reminder task reads the cross-tenant outbox."""

    remind = provide(RemindOfVisits, scope=Scope.REQUEST)


def mail_use_cases() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for use_case in (
        ShowMyNotificationPreferences,
        ChangeMyNotificationPreferences,
        Unsubscribe,
        ListMail,
    ):
        provider.provide(use_case)
    return provider
