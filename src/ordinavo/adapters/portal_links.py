"""Links handed to customers (e-mails, calendar feeds), under the portal's public address."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

# Where a person lands from a mail, under ORDINAVO_PORTAL_WEB_URL (a front end's address). With
# no front end, the portal API's own address is used, and each path is a portal route that
# answers (the API call a front end would make there is named in the README).
PATHS = {
    "invitation": "/invitations/{token}",
    "password_reset": "/password-reset/{token}",
    "unsubscribe": "/unsubscribe/{token}",
    "request": "/requests/{id}",
    "report": "/reports/{id}",
    "visits": "/appointments",
}


class ConfiguredPortalLinks:
    def __init__(self, public_url: str, web_url: str | None = None) -> None:
        self._base = public_url.rstrip("/")
        self._web = (web_url or public_url).rstrip("/")

    def _web_link(self, name: str, **values: str) -> str:
        return self._web + PATHS[name].format(**{k: quote(v, safe="") for k, v in values.items()})

    def invitation(self, token: str) -> str:
        return self._web_link("invitation", token=token)

    def password_reset(self, token: str) -> str:
        return self._web_link("password_reset", token=token)

    def unsubscribe(self, token: str) -> str:
        # Mail programs post here themselves (RFC 8058): always the API, never a front end.
        return f"{self._base}/unsubscribe/{quote(token, safe='')}"

    def request(self, request_id: UUID) -> str:
        return self._web_link("request", id=str(request_id))

    def report(self, report_id: UUID) -> str:
        return self._web_link("report", id=str(report_id))

    def visits(self) -> str:
        return self._web + PATHS["visits"]

    def calendar_feed(self, token: str) -> str:
        return f"{self._base}/calendar/{quote(token, safe='')}.ics"
