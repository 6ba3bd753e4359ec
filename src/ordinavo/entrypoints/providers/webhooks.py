"""The webhooks module's wiring: its adapters and use cases."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import Provider, Scope, provide

from ordinavo.adapters.security.secret_box import AesGcmSecretBox, key_from_file, key_from_text
from ordinavo.adapters.security.secrets import OsRandom
from ordinavo.adapters.webhooks.catalogue import MsgspecWebhookPayloads
from ordinavo.adapters.webhooks.http_sender import HttpWebhookSender
from ordinavo.application.ports.webhooks import (
    RandomSource,
    SecretBox,
    WebhookPayloads,
    WebhookPolicy,
    WebhookSender,
)
from ordinavo.application.use_cases.webhooks.change_webhook_endpoint import (
    ChangeWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.create_webhook_endpoint import (
    CreateWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.delete_webhook_endpoint import (
    DeleteWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.disable_webhook_endpoint import (
    DisableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.enable_webhook_endpoint import (
    EnableWebhookEndpoint,
)
from ordinavo.application.use_cases.webhooks.get_webhook_delivery import GetWebhookDelivery
from ordinavo.application.use_cases.webhooks.get_webhook_endpoint import GetWebhookEndpoint
from ordinavo.application.use_cases.webhooks.list_delivery_attempts import ListDeliveryAttempts
from ordinavo.application.use_cases.webhooks.list_webhook_deliveries import (
    ListWebhookDeliveries,
)
from ordinavo.application.use_cases.webhooks.list_webhook_endpoints import ListWebhookEndpoints
from ordinavo.application.use_cases.webhooks.list_webhook_event_types import (
    ListWebhookEventTypes,
)
from ordinavo.application.use_cases.webhooks.resend_failed_deliveries import (
    ResendFailedDeliveries,
)
from ordinavo.application.use_cases.webhooks.resend_webhook_delivery import (
    ResendWebhookDelivery,
)
from ordinavo.application.use_cases.webhooks.rotate_webhook_secret import RotateWebhookSecret
from ordinavo.application.use_cases.webhooks.send_test_event import SendTestEvent
from ordinavo.entrypoints.settings import Settings

USE_CASES = (
    ListWebhookEventTypes,
    CreateWebhookEndpoint,
    ListWebhookEndpoints,
    GetWebhookEndpoint,
    ChangeWebhookEndpoint,
    DeleteWebhookEndpoint,
    DisableWebhookEndpoint,
    EnableWebhookEndpoint,
    RotateWebhookSecret,
    SendTestEvent,
    ListWebhookDeliveries,
    GetWebhookDelivery,
    ListDeliveryAttempts,
    ResendWebhookDelivery,
    ResendFailedDeliveries,
)


class WebhookAdapters(Provider):
    """What both the apps and the worker need of the webhooks module."""

    @provide(scope=Scope.APP)
    def policy(self, settings: Settings) -> WebhookPolicy:
        # A lease shorter than an attempt may take would let a second worker send meanwhile.
        floor = math.ceil(settings.webhook_total_timeout) + 5
        return WebhookPolicy(
            allow_loopback=settings.webhooks_allow_loopback,
            lease=timedelta(seconds=max(settings.webhook_lease_seconds, floor)),
        )

    @provide(scope=Scope.APP)
    def secret_box(self, settings: Settings) -> SecretBox:
        if settings.encryption_key:
            return AesGcmSecretBox(key_from_text(settings.encryption_key))
        return AesGcmSecretBox(key_from_file(settings.encryption_key_file))

    random = provide(OsRandom, scope=Scope.APP, provides=RandomSource)
    payloads = provide(MsgspecWebhookPayloads, scope=Scope.APP, provides=WebhookPayloads)

    @provide(scope=Scope.APP)
    async def sender(self, settings: Settings) -> AsyncIterator[WebhookSender]:
        sender = HttpWebhookSender(
            allow_loopback=settings.webhooks_allow_loopback,
            connect_timeout=settings.webhook_connect_timeout,
            total_timeout=settings.webhook_total_timeout,
        )
        yield sender
        await sender.close()


def webhook_use_cases() -> Provider:
    """The tenant admins' use cases (the apps only: they need an actor's unit of work)."""
    provider = Provider(scope=Scope.REQUEST)
    for use_case in USE_CASES:
        provider.provide(use_case)
    return provider
