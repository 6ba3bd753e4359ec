"""Mail end to end: both apps and the worker send through a real SMTP server (aiosmtpd), and
the tests read what arrives. A mail server that is down delays mail and loses none of it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.support.harness import Harness, harness

PASSWORD = "Bright-morning-walk-7"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted"


class MailServer:
    """An SMTP server on a fixed port that can be stopped and started again."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.inbox.messages if m["To"] == address]


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def h(empty_database: str, server: MailServer) -> Iterator[Harness]:
    with harness(
        empty_database,
        capture_mail=False,
        mail_backend="smtp",
        smtp_host="127.0.0.1",
        smtp_port=server.port,
        smtp_starttls=False,
    ) as made:
        yield made


def _invite(h: Harness, email: str) -> None:
    admin = h.staff(h.open_tenant("acme", "Acme"))
    customer = h.internal.post(
        "/customers", json={"name": "Bakery", "customerNumber": "C-1"}, headers=admin
    ).json()
    contact = h.internal.post(
        "/contacts",
        json={"customerId": customer["id"], "name": "Jana Berg", "email": email},
        headers=admin,
    )
    assert contact.status_code == 201, contact.text
    invited = h.internal.post(
        "/portal/invitations",
        json={
            "contactId": contact.json()["id"],
            "grant": {"customerId": customer["id"], "canSubmitRequests": True},
        },
        headers=admin,
    )
    assert invited.status_code == 201, invited.text


def _link(message: EmailMessage, kind: str) -> str:
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    return next(w for w in text.split() if f"/{kind}/" in w)


def test_an_invitation_arrives_with_text_html_date_and_message_id(
    h: Harness, server: MailServer
) -> None:
    _invite(h, "jana@bakery.example")
    assert server.to("jana@bakery.example") == []  # nothing is sent by the request itself
    h.run_worker()
    [mail] = server.to("jana@bakery.example")
    assert mail["Date"] and mail["Message-ID"].endswith("@ordinavo.example>")
    assert "Acme" in mail["Subject"]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert 'lang="en"' in html and "/invitations/" in html
    token = _link(mail, "invitations").rsplit("/", 1)[1]
    assert h.portal.get(f"/invitations/{token}").status_code == 200  # the link works
    log = h.internal.get("/mail", headers=h.staff(h.tokens["acme"])).json()["items"]
    assert [(m["kind"], m["status"], m["attempts"]) for m in log] == [("invitation", "sent", 1)]


def test_a_mail_server_down_for_an_hour_delays_the_mail_and_loses_none(
    h: Harness, server: MailServer
) -> None:
    server.stop()
    _invite(h, "jana@bakery.example")
    for _ in range(6):  # an hour of the worker trying every ten minutes
        h.run_worker()
        h.clock.advance(timedelta(minutes=10))
    admin = h.staff(h.log_in_admin("acme"))
    queued = h.internal.get("/mail?status=queued", headers=admin).json()["items"]
    assert [(m["kind"], m["lastErrorClass"]) for m in queued] == [("invitation", "connection")]
    assert queued[0]["attempts"] >= 3

    server.start()
    h.clock.advance(timedelta(hours=1))
    h.run_worker()
    h.run_worker()
    [mail] = server.to("jana@bakery.example")  # it went out, once
    token = _link(mail, "invitations").rsplit("/", 1)[1]
    accepted = h.portal.post(f"/invitations/{token}/accept", json={"password": PASSWORD})
    assert accepted.status_code == 200  # and its link works
    assert h.internal.get("/mail?status=queued", headers=admin).json()["items"] == []


def _accepted(h: Harness, server: MailServer) -> None:
    _invite(h, "jana@bakery.example")
    h.run_worker()
    token = _link(server.to("jana@bakery.example")[0], "invitations").rsplit("/", 1)[1]
    accepted = h.portal.post(f"/invitations/{token}/accept", json={"password": PASSWORD})
    assert accepted.status_code == 200, accepted.text
    h.portal.cookies.clear()


def _reset_answers(h: Harness) -> set[tuple[int, bytes]]:
    return {
        (answer.status_code, answer.content)
        for answer in (
            h.portal.post("/password-reset", json={"tenant": "acme", "email": email})
            for email in ("jana@bakery.example", "nobody@bakery.example")
        )
    }


def test_the_reset_answer_is_the_same_for_real_and_unknown_accounts_with_the_server_down(
    h: Harness, server: MailServer
) -> None:
    _accepted(h, server)
    server.stop()
    assert _reset_answers(h) == {(202, b"null")}  # one answer for both
    h.run_worker()
    server.start()
    h.clock.advance(timedelta(minutes=1))
    h.run_worker()
    resets = [m for m in server.to("jana@bakery.example") if "/password-reset/" in str(m)]
    assert len(resets) == 1
    link = _link(resets[0], "password-reset")
    assert h.portal.get(link.split("127.0.0.1:8001", 1)[1]).status_code == 200  # it lands


def test_the_reset_answer_is_the_same_for_real_and_unknown_accounts_with_the_server_up(
    h: Harness, server: MailServer
) -> None:
    _accepted(h, server)
    assert _reset_answers(h) == {(202, b"null")}  # one answer for both
    h.run_worker()
    assert sum("/password-reset/" in str(m) for m in server.inbox.messages) == 1


def _signed_in(h: Harness, server: MailServer) -> dict[str, str]:
    _invite(h, "jana@bakery.example")
    h.run_worker()
    token = _link(server.to("jana@bakery.example")[0], "invitations").rsplit("/", 1)[1]
    accepted = h.portal.post(f"/invitations/{token}/accept", json={"password": PASSWORD})
    h.portal.cookies.clear()
    return {"Authorization": f"Bearer {accepted.json()['token']}"}


def _refused(answer: Any, *words: str) -> None:
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    for word in words:
        assert word in answer.text, answer.text


def test_bad_preferences_profiles_and_links_are_refused_and_change_nothing(
    h: Harness, server: MailServer
) -> None:
    me = _signed_in(h, server)
    before = h.portal.get("/me/notifications", headers=me).json()
    _refused(
        h.portal.patch(
            "/me/notifications",
            json={
                "preferences": [
                    {"kind": "visit_reminder", "receive": False},
                    {"kind": "billing", "receive": False},
                ]
            },
            headers=me,
        ),
        "'billing' is not a kind of notification",
        "visit_reminder",
    )
    _refused(
        h.portal.patch(
            "/me/notifications",
            json={"preferences": [{"kind": "password_reset", "receive": False}]},
            headers=me,
        )
    )
    assert h.portal.get("/me/notifications", headers=me).json() == before
    _refused(h.portal.patch("/me", json={"language": "fr"}, headers=me), "language")
    _refused(
        h.portal.patch("/me", json={"language": "de", "phone": "call me maybe"}, headers=me),
        "phone",
    )
    assert h.portal.get("/me", headers=me).json()["language"] == "en"  # nothing changed
    changed = h.portal.patch("/me", json={"language": "de", "phone": "+49 30 1234"}, headers=me)
    assert changed.status_code == 200 and changed.json()["language"] == "de"
    _refused(h.portal.post("/unsubscribe/not-a-token"))
    _refused(h.portal.get("/unsubscribe/not-a-token"))


def test_an_unsubscribe_link_stops_one_kind_without_signing_in_until_it_expires(
    h: Harness, server: MailServer
) -> None:
    me = _signed_in(h, server)
    customer_id = h.portal.get("/me", headers=me).json()["access"][0]["customerId"]
    request = h.portal.post(
        "/requests",
        json={
            "type": "support",
            "title": "Question",
            "description": "About the invoice.",
            "customerId": customer_id,
        },
        headers=me,
    )
    assert request.status_code == 201, request.text
    h.run_worker()
    [notice] = [m for m in server.to("jana@bakery.example") if m["List-Unsubscribe"]]
    assert "Question" in notice["Subject"]  # "We received your request: Question"
    url = notice["List-Unsubscribe"].strip("<>")
    path = url.split("127.0.0.1:8001", 1)[1]
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert h.portal.get(path).status_code == 200  # looking changes nothing
    stopped = h.portal.post(
        path,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert stopped.status_code == 200, stopped.text
    assert stopped.json() == {"kind": "request_received", "receive": False}
    choices = {
        c["kind"]: c["receive"]
        for c in h.portal.get("/me/notifications", headers=me).json()["preferences"]
    }
    assert [k for k, on in choices.items() if not on] == ["request_received"]  # that kind only
    h.clock.advance(timedelta(days=91))
    _refused(
        h.portal.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    )
