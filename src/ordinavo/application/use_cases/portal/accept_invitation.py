from __future__ import annotations

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.portal import PortalDirectory, RateLimiter
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.portal.guards import limit_rate
from ordinavo.application.use_cases.portal.sessions import OpenedSession, open_session
from ordinavo.domain.identity import check_password_strength, personal_words
from ordinavo.domain.portal_access import InvitationStatus
from ordinavo.domain.security_events import SecurityEventKind


class AcceptInvitation:
    """A deliberate POST that sets the password, activates the account and signs in."""

    def __init__(
        self,
        portal: PortalDirectory,
        tenants: TenantDirectory,
        uows: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        limiter: RateLimiter,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._portal = portal
        self._tenants = tenants
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._limiter = limiter
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self, token: str, password: str, client_address: str | None
    ) -> OpenedSession:
        await limit_rate(self._limiter, self._uows, self._clock, "accept", client_address)
        now = self._clock.now()
        invitation = await self._portal.find_invitation(self._secrets.digest(token))
        if invitation is None or invitation.status_at(now) is not InvitationStatus.PENDING:
            await self._uows.commit()
            raise LinkNotValid()
        tenant = await self._tenants.get(invitation.tenant_id)
        uow = self._uows.for_tenant(invitation.tenant_id)
        user = await uow.portal_users.get(invitation.portal_user_id)
        if tenant is None or user is None or user.disabled_at is not None:
            await self._uows.commit()
            raise LinkNotValid()
        check_password_strength(
            password, forbidden_words=personal_words(user.email, user.display_name)
        )
        invitation.accept(now)
        user.activate(self._hasher.hash(password), now)
        await uow.invitations.save(invitation)
        await uow.portal_users.save(user)
        opened = await open_session(uow, tenant, user, self._secrets, self._clock, self._ids)
        self._recorder.record(
            uow,
            None,
            "portal_invitation.accepted",
            subject_type="portal_invitation",
            subject_id=invitation.id,
        )
        self._recorder.security(
            uow,
            SecurityEventKind.INVITATION_ACCEPTED,
            portal_user_id=user.id,
            client_address=client_address,
        )
        await uow.commit()
        return opened
