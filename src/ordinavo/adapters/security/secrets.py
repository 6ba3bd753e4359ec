"""Secrets from the operating system's CSPRNG; stored and looked up only as SHA-256."""

from __future__ import annotations

import hashlib
import secrets


class OsSecretGenerator:
    def token(self) -> str:
        return secrets.token_urlsafe(32)  # 256 bits

    def digest(self, secret: str) -> str:
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class OsRandom:
    """Random bytes for webhook secrets and the jitter of retries."""

    def token_bytes(self, size: int) -> bytes:
        return secrets.token_bytes(size)

    def fraction(self) -> float:
        return secrets.randbelow(1_000_000) / 1_000_000
