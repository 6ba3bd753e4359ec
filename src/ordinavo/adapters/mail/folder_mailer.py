"""The embedded default: each message becomes an .eml file in a folder, and a log line says where.

No mail server is needed for the demo; open the file to follow an invitation link.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path

from ordinavo.application.ports.portal import MailMessage

log = logging.getLogger("ordinavo.mail")


def build_email(message: MailMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    if message.sender_name:
        email["From"] = formataddr((message.sender_name, parseaddr(sender)[1]))
    else:
        email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.date or datetime.now(UTC))
    email["Message-ID"] = message.message_id or make_msgid(domain=_domain(sender))
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    if message.unsubscribe_url:
        # RFC 8058: mail programs offer a one-click unsubscribe that posts to this address.
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    # After set_content, which replaces every Content-* header.
    email["Content-Language"] = message.language
    return email


def _domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "ordinavo.invalid"


class FolderMailer:
    def __init__(self, folder: Path, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, message: MailMessage) -> None:
        email = build_email(message, self._sender)
        path = self._folder / f"{uuid.uuid4().hex}.eml"

        def _write() -> None:
            self._folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(email.as_bytes())

        await asyncio.to_thread(_write)
        # The path only: the message holds a one-time link that must not reach the logs.
        log.info("Mail written to %s", path)
