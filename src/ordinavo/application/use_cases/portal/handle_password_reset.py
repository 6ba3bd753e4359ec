from __future__ import annotations

from uuid import UUID

from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import AskedResets, PortalLinks
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.mail import MailKind
from ordinavo.domain.portal_access import RESET_VALID, PasswordReset
from ordinavo.domain.security_events import SecurityEventKind


class HandlePasswordReset:
    """The worker's half of a reset request: an active account gets a one-hour link by mail,
    anything else nothing. The request is removed in the same transaction, so it is handled
    once (a lost worker leaves it for the sweep)."""

    def __init__(
        self,
        asked: AskedResets,
        tenants: TenantDirectory,
        units: UnitOfWorkFactory,
        secrets: SecretGenerator,
        mail: MailQueue,
        links: PortalLinks,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._asked = asked
        self._tenants = tenants
        self._units = units
        self._secrets = secrets
        self._mail = mail
        self._links = links
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, asked_id: UUID) -> bool:
        """True if a link was mailed."""
        asked = await self._asked.take(asked_id)
        if asked is None:
            await self._units.commit()
            return False
        tenant = await self._tenants.find_by_slug(asked.tenant_slug)
        if tenant is None:
            await self._units.commit()
            return False
        uow = self._units.for_tenant(tenant.id)
        user = await uow.portal_users.find_by_email(asked.email)
        if user is None or not user.is_active:
            await uow.commit()
            return False
        now = self._clock.now()
        token = self._secrets.token()
        await uow.password_resets.add(
            PasswordReset(
                id=self._ids.new_id(),
                tenant_id=tenant.id,
                portal_user_id=user.id,
                token_hash=self._secrets.digest(token),
                created_at=now,
                expires_at=now + RESET_VALID,
            )
        )
        self._recorder.security(
            uow,
            SecurityEventKind.PASSWORD_RESET_REQUESTED,
            portal_user_id=user.id,
            client_address=asked.client_address,
        )
        await self._mail.queue(
            uow,
            MailKind.PASSWORD_RESET,
            to=user.email,
            language=user.language.value,
            values={
                "name": user.display_name,
                "tenant": tenant.name,
                "link": self._links.password_reset(token),
            },
        )
        await uow.commit()
        return True
