"""Sending through an SMTP server (STARTTLS and login when configured)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass

from ordinavo.adapters.mail.folder_mailer import build_email
from ordinavo.application.ports.portal import MailMessage


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout_seconds: float = 15.0


class SmtpMailer:
    def __init__(self, settings: SmtpSettings, sender: str) -> None:
        self._settings = settings
        self._sender = sender

    async def send(self, message: MailMessage) -> None:
        email = build_email(message, self._sender)
        await asyncio.to_thread(self._send_blocking, email)

    def _send_blocking(self, email: object) -> None:
        s = self._settings
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds) as client:
            if s.starttls:
                client.starttls(context=ssl.create_default_context())
            if s.username and s.password:
                client.login(s.username, s.password)
            client.send_message(email)  # type: ignore[arg-type]
