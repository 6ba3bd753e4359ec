"""Portal routes of notifications: my choices, and the one-click unsubscribe link of every mail."""

from __future__ import annotations

from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from ordinavo.application.use_cases.notifications.change_my_notification_preferences import (
    ChangeMyNotificationPreferences,
)
from ordinavo.application.use_cases.notifications.show_my_notification_preferences import (
    ShowMyNotificationPreferences,
)
from ordinavo.application.use_cases.notifications.unsubscribe import Unsubscribe
from ordinavo.domain.mail import MailKind
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.security import PUBLIC
from ordinavo.entrypoints.portal_api.schemas import (
    NotificationChoiceOut,
    NotificationChoicesBody,
    NotificationPreferencesOut,
    UnsubscribedOut,
    UnsubscribeLinkOut,
)

Token = Annotated[str, Parameter(max_length=300, description="The token from the mail's link")]


def _out(choices: list[tuple[MailKind, bool]]) -> NotificationPreferencesOut:
    return NotificationPreferencesOut(
        preferences=[NotificationChoiceOut(kind=k.value, receive=on) for k, on in choices]
    )


class NotificationPreferenceController(Controller):
    path = "/me/notifications"
    tags = ["me"]

    @get("/", summary="Which kinds of notification mail I receive")
    async def show_notification_choices(
        self,
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ShowMyNotificationPreferences],
    ) -> NotificationPreferencesOut:
        return _out(await use_case(subject))


class NotificationChoiceChangeController(Controller):
    path = "/me/notifications"
    tags = ["me"]

    @patch("/", summary="Switch kinds of notification mail on or off")
    async def change_notification_choices(
        self,
        data: JSONBody[NotificationChoicesBody],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ChangeMyNotificationPreferences],
    ) -> NotificationPreferencesOut:
        return _out(await use_case(subject, [(c.kind, c.receive) for c in data.preferences]))


class UnsubscribeController(Controller):
    path = "/unsubscribe"
    tags = ["me"]

    @get(
        "/{token:str}",
        opt=PUBLIC,
        summary="Which mails the unsubscribe link stops (opening it changes nothing)",
    )
    async def view_unsubscribe(
        self, token: FromPath[Token], use_case: FromDishka[Unsubscribe]
    ) -> UnsubscribeLinkOut:
        kind = await use_case(token, apply=False)
        return UnsubscribeLinkOut(kind=kind.value)

    @post(
        "/{token:str}",
        opt={**PUBLIC, "one_click": True},
        status_code=200,
        summary="One-click unsubscribe (RFC 8058): stop this kind of mail, without signing in",
    )
    async def unsubscribe(
        self, token: FromPath[Token], use_case: FromDishka[Unsubscribe]
    ) -> UnsubscribedOut:
        kind = await use_case(token, apply=True)
        return UnsubscribedOut(kind=kind.value, receive=False)
