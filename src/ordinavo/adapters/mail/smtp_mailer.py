"""Sending through an SMTP server (STARTTLS and login when configured)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass

from ordinavo.adapters.mail.folder_mailer import build_email
from ordinavo.application.ports.portal import MailMessage, MailNotSent


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
        try:
            await asyncio.to_thread(self._send_blocking, email)
        except smtplib.SMTPResponseException as error:
            # 4xx: the server asks to try later; 5xx: it refuses this message for good.
            kind = "temporary" if 400 <= error.smtp_code < 500 else "refused"
            if isinstance(error, smtplib.SMTPAuthenticationError):
                kind = "authentication"
            raise MailNotSent(kind, f"SMTP {error.smtp_code}") from error
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            kind = "temporary" if all(400 <= c < 500 for c in codes) else "refused"
            raise MailNotSent(kind, "recipient refused") from error
        except ssl.SSLError as error:
            raise MailNotSent("tls", type(error).__name__) from error
        except TimeoutError as error:
            raise MailNotSent("timeout", type(error).__name__) from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailNotSent("connection", type(error).__name__) from error

    def _send_blocking(self, email: object) -> None:
        s = self._settings
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds) as client:
            if s.starttls:
                client.starttls(context=ssl.create_default_context())
            if s.username and s.password:
                client.login(s.username, s.password)
            client.send_message(email)  # type: ignore[arg-type]
