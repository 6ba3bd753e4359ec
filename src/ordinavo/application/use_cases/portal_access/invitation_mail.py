"""The invitation e-mail, shared by the first invitation and every re-send."""

from __future__ import annotations

from ordinavo.application.mail_texts import invitation_mail
from ordinavo.application.ports.portal import Mailer, PortalLinks
from ordinavo.domain.portal_access import Invitation, PortalUser
from ordinavo.domain.tenants import Tenant


async def send_invitation(
    mailer: Mailer,
    links: PortalLinks,
    tenant: Tenant,
    user: PortalUser,
    invitation: Invitation,
    token: str,
) -> None:
    """Sent after the commit: a mail must never announce a link the database does not hold."""
    await mailer.send(
        invitation_mail(
            to=user.email,
            name=user.display_name,
            tenant=tenant.name,
            link=links.invitation(token),
            expires=invitation.expires_at.date().isoformat(),
            language=user.language,
        )
    )
