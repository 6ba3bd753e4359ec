"""One mail attempt: claim, send, record."""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from ordinavo.application.mail_queue import open_content
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.mail import MailPolicy
from ordinavo.application.ports.portal import Mailer, MailMessage, MailNotSent
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.webhooks import SecretBox
from ordinavo.domain.mail import MailErrorClass, MailStatus

log = logging.getLogger("ordinavo.mail")


class SendMail:
    """Takes the mail under a lease, commits, hands it to the mail server outside any
    transaction, then records the result. A worker lost after handing it over leaves the lease
    to run out; the sweeper then gives the mail to another worker, which sends it once more
    under the same Message-ID (at least once)."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        tenants: TenantDirectory,
        mailer: Mailer,
        box: SecretBox,
        clock: Clock,
        ids: IdGenerator,
        policy: MailPolicy,
    ) -> None:
        self._units = units
        self._tenants = tenants
        self._mailer = mailer
        self._box = box
        self._clock = clock
        self._ids = ids
        self._policy = policy

    async def __call__(self, tenant_id: UUID, mail_id: UUID) -> MailStatus | None:
        """The mail's status after this attempt; None if there was nothing to do (sent
        already, not due yet, or another worker holds it)."""
        uow = self._units.for_tenant(tenant_id)
        now = self._clock.now()
        token = self._ids.new_id()
        claimed = await uow.mails.claim(
            mail_id, now, now + timedelta(seconds=self._policy.lease_seconds), token
        )
        if claimed is None:
            await uow.rollback()
            return None
        # Read within the claim's transaction: nothing stays open while the server answers.
        tenant = await self._tenants.get(tenant_id)
        settings = tenant.settings if tenant else None
        await uow.commit()
        mail = claimed.mail
        try:
            content = open_content(self._box, claimed.sealed)
            await self._mailer.send(
                MailMessage(
                    to=mail.recipient,
                    subject=content.subject,
                    text=content.text,
                    html=content.html,
                    language=mail.language,
                    message_id=mail.message_id,
                    date=mail.created_at,
                    unsubscribe_url=content.unsubscribe_url,
                    sender_name=settings.mail_sender_name if settings else None,
                    reply_to=settings.mail_reply_to if settings else None,
                )
            )
        except MailNotSent as error:
            mail.not_sent(_error_class(error.error_class), self._clock.now())
        except Exception:
            # An unreadable message or an adapter bug: counted as an attempt, so the mail ends
            # as failed after its retries instead of being claimed again for ever.
            log.exception("mail %s could not be sent", mail.id)
            mail.not_sent(MailErrorClass.UNKNOWN, self._clock.now())
        else:
            mail.sent(self._clock.now())
        await uow.mails.settle(mail, token)
        await uow.commit()
        return mail.status


def _error_class(value: str) -> MailErrorClass:
    try:
        return MailErrorClass(value)
    except ValueError:
        return MailErrorClass.UNKNOWN
