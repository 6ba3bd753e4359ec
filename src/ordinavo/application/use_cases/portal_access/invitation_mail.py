"""The invitation e-mail, shared by the first invitation and every re-send."""

from __future__ import annotations

from ordinavo.application.mail_queue import MailQueue
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.mail import MailKind
from ordinavo.domain.portal_access import Invitation, PortalUser
from ordinavo.domain.tenants import Tenant


async def queue_invitation(
    mail: MailQueue,
    uow: UnitOfWork,
    links: PortalLinks,
    tenant: Tenant,
    user: PortalUser,
    invitation: Invitation,
    token: str,
) -> None:
    """Queued in the invitation's transaction: the mail leaves only if the link is kept."""
    await mail.queue(
        uow,
        MailKind.INVITATION,
        to=user.email,
        language=user.language.value,
        values={
            "name": user.display_name,
            "tenant": tenant.name,
            "link": links.invitation(token),
            "expires": mail.renderer.format_date(invitation.expires_at, user.language.value),
        },
    )
