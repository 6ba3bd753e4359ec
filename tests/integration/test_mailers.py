"""E-mail adapters: the folder default and SMTP against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ordinavo.adapters.mail.folder_mailer import FolderMailer
from ordinavo.adapters.mail.smtp_mailer import SmtpMailer, SmtpSettings
from ordinavo.application.mail_texts import invitation_mail, reset_mail
from ordinavo.application.ports.portal import MailMessage
from ordinavo.domain.contacts import Language

SENDER = "Ordinavo <no-reply@ordinavo.example>"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def test_smtp_delivers_to_a_real_server(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    mailer = SmtpMailer(SmtpSettings(host="127.0.0.1", port=port, starttls=False), SENDER)
    await mailer.send(
        MailMessage(to="jana@bakery.example", subject="Grüße", text="مرحبا Jana", language="ar")
    )
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["jana@bakery.example"]
    received = message_from_bytes(envelope.content, policy=policy.default)
    assert received["Subject"] == "Grüße"
    assert received["Content-Language"] == "ar"
    assert received.get_content().strip() == "مرحبا Jana"


async def test_the_folder_mailer_writes_a_readable_message(tmp_path: Path) -> None:
    mailer = FolderMailer(tmp_path / "mail", SENDER)
    await mailer.send(
        MailMessage(
            to="jana@bakery.example", subject="Einladung", text="Hallo Jana, schön!", language="de"
        )
    )
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    received = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert received["To"] == "jana@bakery.example"
    assert received["From"] == SENDER
    assert received["Content-Language"] == "de"
    assert received.get_content().strip() == "Hallo Jana, schön!"


@pytest.mark.parametrize("language", list(Language))
def test_portal_mails_carry_the_link_and_tenant_in_every_language(language: Language) -> None:
    link = "https://portal.example/invitations/abc"
    for message in (
        invitation_mail(
            to="a@b.example",
            name="Jana",
            tenant="Acme",
            link=link,
            expires="2026-12-01",
            language=language,
        ),
        reset_mail(to="a@b.example", name="Jana", tenant="Acme", link=link, language=language),
    ):
        assert link in message.text
        assert "Acme" in message.subject and "Acme" in message.text
        assert "{" not in message.text and "}" not in message.text
        assert message.language == language.value
