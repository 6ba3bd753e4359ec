from __future__ import annotations

from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import PortalLinks, RateLimiter
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.guards import limit_rate
from ordinavo.domain.mail import MailKind
from ordinavo.domain.portal_access import RESET_VALID, PasswordReset
from ordinavo.domain.security_events import SecurityEventKind


class RequestPasswordReset:
    """Always answers the same; only an active account gets a mail with a one-hour link. The
    mail is queued in the transaction and sent by the worker, so whether the mail server is up
    never shows in the answer."""

    def __init__(
        self,
        tenants: TenantDirectory,
        uows: UnitOfWorkFactory,
        secrets: SecretGenerator,
        mail: MailQueue,
        links: PortalLinks,
        limiter: RateLimiter,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._tenants = tenants
        self._uows = uows
        self._secrets = secrets
        self._mail = mail
        self._links = links
        self._limiter = limiter
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, tenant_slug: str, email: str, client_address: str | None) -> None:
        await limit_rate(self._limiter, self._uows, self._clock, "reset", client_address)
        tenant = await self._tenants.find_by_slug(tenant_slug.strip().lower())
        if tenant is None:
            await self._uows.commit()
            return
        uow = self._uows.for_tenant(tenant.id)
        user = await uow.portal_users.find_by_email(email.strip().lower())
        if user is None or not user.is_active:
            await self._uows.commit()
            return
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
            client_address=client_address,
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
