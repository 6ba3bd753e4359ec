"""Links handed to customers (e-mails, calendar feeds), under the portal's public address."""

from __future__ import annotations

from urllib.parse import quote


class ConfiguredPortalLinks:
    def __init__(self, public_url: str) -> None:
        self._base = public_url.rstrip("/")

    def invitation(self, token: str) -> str:
        return f"{self._base}/invitations/{quote(token, safe='')}"

    def password_reset(self, token: str) -> str:
        return f"{self._base}/password-reset/{quote(token, safe='')}"

    def calendar_feed(self, token: str) -> str:
        return f"{self._base}/calendar/{quote(token, safe='')}.ics"
