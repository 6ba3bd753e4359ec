from __future__ import annotations

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.mail import UnsubscribeTokens
from ordinavo.application.ports.repositories import UnitOfWorkFactory
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.mail import MailKind


class Unsubscribe:
    """The one-click link of a notification mail: switches off that kind for that user, and
    nothing else. Works without signing in; the signed token is the authority."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        tokens: UnsubscribeTokens,
        clock: Clock,
        recorder: ChangeRecorder,
    ) -> None:
        self._units = units
        self._tokens = tokens
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, token: str, *, apply: bool) -> MailKind:
        """What the link switches off; with `apply`, switch it off (a GET only looks, so a mail
        scanner that opens links changes nothing)."""
        now = self._clock.now()
        request = self._tokens.read(token, now)
        if request is None:
            raise LinkNotValid()
        uow = self._units.for_tenant(request.tenant_id)
        user = await uow.portal_users.get(request.portal_user_id)
        if user is None:
            raise LinkNotValid()
        if apply:
            await uow.notification_preferences.choose(user.id, request.kind, False, now)
            self._recorder.record(
                uow,
                None,
                "portal_user.unsubscribed",
                subject_type="portal_user",
                subject_id=user.id,
                payload={"kind": request.kind.value},
            )
            await uow.commit()
        else:
            await uow.rollback()
        return request.kind
