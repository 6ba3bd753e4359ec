"""Keeps messages in memory: for tests, and for the demo, which accepts its own invitations."""

from __future__ import annotations

from ordinavo.application.ports.portal import MailMessage


class InMemoryMailer:
    def __init__(self) -> None:
        self.sent: list[MailMessage] = []

    async def send(self, message: MailMessage) -> None:
        self.sent.append(message)
