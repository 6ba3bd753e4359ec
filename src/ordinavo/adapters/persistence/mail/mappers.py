"""Between mail rows and the domain."""

from __future__ import annotations

from typing import Any

from ordinavo.adapters.persistence.mail.models import OutgoingMailModel
from ordinavo.domain.mail import MailErrorClass, MailKind, MailStatus, OutgoingMail


def mail_from_row(row: OutgoingMailModel) -> OutgoingMail:
    return OutgoingMail(
        id=row.id,
        tenant_id=row.tenant_id,
        kind=MailKind(row.kind),
        recipient=row.recipient,
        language=row.language,
        message_id=row.message_id,
        created_at=row.created_at,
        status=MailStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        last_attempt_at=row.last_attempt_at,
        last_error_class=MailErrorClass(row.last_error_class) if row.last_error_class else None,
    )


def mail_row(mail: OutgoingMail, sealed: str) -> OutgoingMailModel:
    return OutgoingMailModel(
        id=mail.id,
        tenant_id=mail.tenant_id,
        kind=mail.kind.value,
        recipient=mail.recipient,
        language=mail.language,
        message_id=mail.message_id,
        sealed_content=sealed,
        created_at=mail.created_at,
        **mail_state(mail),
    )


def mail_state(mail: OutgoingMail) -> dict[str, Any]:
    """The columns an attempt changes."""
    return {
        "status": mail.status.value,
        "attempts": mail.attempts,
        "next_attempt_at": mail.next_attempt_at,
        "last_attempt_at": mail.last_attempt_at,
        "last_error_class": mail.last_error_class.value if mail.last_error_class else None,
        "sent_at": mail.sent_at,
    }
