"""Unsubscribe links that work without signing in: the token names the tenant, the portal user
and the kind of mail, with an expiry, signed with HMAC-SHA256 under a key derived from the
deployment's encryption key. Nothing is stored; a token cannot be changed to name another user
or kind without the key."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from uuid import UUID

from ordinavo.application.ports.mail import UnsubscribeRequest
from ordinavo.domain.mail import MailKind

VALID_FOR = timedelta(days=90)


class HmacUnsubscribeTokens:
    def __init__(self, key: bytes, valid_for: timedelta = VALID_FOR) -> None:
        self._key = hmac.new(key, b"ordinavo unsubscribe link", hashlib.sha256).digest()
        self._valid_for = valid_for

    def _signature(self, body: str) -> str:
        return hmac.new(self._key, body.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def issue(self, request: UnsubscribeRequest, now: datetime) -> str:
        expires = int((now + self._valid_for).timestamp())
        names = f"{request.tenant_id.hex}.{request.portal_user_id.hex}.{request.kind.value}"
        body = f"{names}.{expires}"
        return f"{body}.{self._signature(body)}"

    def read(self, token: str, now: datetime) -> UnsubscribeRequest | None:
        parts = token.split(".")
        if len(parts) != 5 or not token.isascii():
            return None
        body, signature = ".".join(parts[:4]), parts[4]
        if not hmac.compare_digest(self._signature(body), signature):
            return None
        tenant, user, kind, expires = parts[:4]
        try:
            request = UnsubscribeRequest(UUID(hex=tenant), UUID(hex=user), MailKind(kind))
            if int(expires) < now.timestamp():
                return None
        except ValueError:
            return None
        return request
