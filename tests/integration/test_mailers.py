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
from ordinavo.adapters.mail.jinja_renderer import JinjaMailRenderer
from ordinavo.adapters.mail.smtp_mailer import SmtpMailer, SmtpSettings
from ordinavo.application.ports.portal import MailMessage, MailNotSent
from ordinavo.domain.contacts import Language
from ordinavo.domain.mail import MailKind

SENDER = "Ordinavo <no-reply@ordinavo.example>"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.answer = "250 Message accepted"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer.startswith("250"):
            self.messages.append(envelope)
        return self.answer


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


async def test_smtp_sends_html_and_text_with_date_message_id_and_one_click_unsubscribe(
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    mailer = SmtpMailer(SmtpSettings(host="127.0.0.1", port=port, starttls=False), SENDER)
    await mailer.send(
        MailMessage(
            to="jana@bakery.example",
            subject="Visit planned",
            text="Hello Jana",
            html="<p>Hello Jana</p>",
            language="en",
            message_id="<0190-abc@ordinavo.example>",
            unsubscribe_url="https://portal.example/unsubscribe/t0k",
            sender_name="Acme Service",
            reply_to="service@acme.example",
        )
    )
    received = message_from_bytes(inbox.messages[0].content, policy=policy.default)
    assert received["From"] == "Acme Service <no-reply@ordinavo.example>"
    assert received["Reply-To"] == "service@acme.example"
    assert received["Message-ID"] == "<0190-abc@ordinavo.example>"
    assert received["Date"]
    assert received["List-Unsubscribe"] == "<https://portal.example/unsubscribe/t0k>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.get_body(("plain",)).get_content().strip() == "Hello Jana"
    assert received.get_body(("html",)).get_content().strip() == "<p>Hello Jana</p>"


@pytest.mark.parametrize(
    ("answer", "error_class"),
    [("451 Try again later", "temporary"), ("554 Message refused", "refused")],
)
async def test_a_server_that_does_not_take_the_message_says_how(
    smtp_server: tuple[Inbox, int], answer: str, error_class: str
) -> None:
    inbox, port = smtp_server
    inbox.answer = answer
    mailer = SmtpMailer(SmtpSettings(host="127.0.0.1", port=port, starttls=False), SENDER)
    with pytest.raises(MailNotSent) as raised:
        await mailer.send(
            MailMessage(to="jana@bakery.example", subject="x", text="y", language="en")
        )
    assert raised.value.error_class == error_class
    assert inbox.messages == []


async def test_a_server_that_is_down_is_a_connection_error() -> None:
    mailer = SmtpMailer(
        SmtpSettings(host="127.0.0.1", port=_free_port(), starttls=False, timeout_seconds=2),
        SENDER,
    )
    with pytest.raises(MailNotSent) as raised:
        await mailer.send(
            MailMessage(to="jana@bakery.example", subject="x", text="y", language="en")
        )
    assert raised.value.error_class == "connection"


VALUES = {
    "name": "Jana <b>Bold</b>",
    "tenant": "Acme & Sons",
    "link": "https://portal.example/requests/abc",
    "expires": "1 December 2026",
    "title": "Leaking tap",
    "reason": "Not covered by the contract",
    "location": "Filiale Mitte",
    "when": "Tuesday, 8 December 2026, 09:00",
    "when_short": "8 December 2026",
    "files": ["photo.jpg"],
    "note": "We will replace the seal.",
    "customer": "Bakery Müller",
    "endpoint": "erp.example",
    "unsubscribe_url": "https://portal.example/unsubscribe/t0k",
}


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("kind", list(MailKind))
def test_every_kind_renders_in_every_language_with_its_link_and_escaped_html(
    kind: MailKind, language: Language
) -> None:
    content = JinjaMailRenderer("Europe/Berlin").render(kind, language.value, VALUES)
    assert VALUES["link"] in content.text and VALUES["link"] in (content.html or "")
    assert "Acme & Sons" in content.text and "Acme &amp; Sons" in (content.html or "")
    # A name typed by someone is text in the HTML part, never markup.
    assert "<b>Bold</b>" not in (content.html or "")
    assert "{{" not in content.text and "{{" not in content.subject
    direction = 'dir="rtl"' if language is Language.ARABIC else 'dir="ltr"'
    assert direction in (content.html or "")
    assert f'lang="{language.value}"' in (content.html or "")


def test_dates_follow_the_language_and_the_time_zone() -> None:
    from datetime import UTC, datetime

    renderer = JinjaMailRenderer("Europe/Berlin")
    starts, ends = datetime(2026, 12, 8, 8, tzinfo=UTC), datetime(2026, 12, 8, 10, tzinfo=UTC)
    assert renderer.format_window(starts, ends, "de")[0].startswith("Dienstag, 8. Dezember 2026")
    assert "09:00" in renderer.format_window(starts, ends, "de")[0]  # 08:00 UTC in Berlin
    assert renderer.format_window(starts, ends, "en")[0].startswith("Tuesday, 8 December 2026")
    in_new_york = renderer.format_window(starts, ends, "en", "America/New_York")[0]
    assert "03:00" in in_new_york and in_new_york.endswith("(America/New_York)")


def test_a_title_with_a_line_separator_still_makes_a_one_line_subject(tmp_path: Path) -> None:
    from ordinavo.adapters.mail.folder_mailer import build_email

    content = JinjaMailRenderer().render(
        MailKind.REQUEST_RECEIVED, "en", {**VALUES, "title": "Leak\u2028Bcc: all@example.com"}
    )
    assert "\u2028" not in content.subject and "\n" not in content.subject
    email = build_email(
        MailMessage(to="a@b.example", subject=content.subject, text=content.text, language="en"),
        SENDER,
    )
    assert email["Bcc"] is None
