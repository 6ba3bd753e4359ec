"""Webhook secrets encrypted at rest with AES-256-GCM.

The key comes from ORDINAVO_ENCRYPTION_KEY, or on the embedded default from a key file made
once under the data folder. Every process that signs deliveries needs the same key.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"
_NONCE = 12
# Bound into every ciphertext, so a sealed value cannot be moved to another use of the key.
_PURPOSE = b"ordinavo webhook secret"


def key_from_text(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise SystemExit("ORDINAVO_ENCRYPTION_KEY must be base64 of 32 random bytes.") from error
    if len(key) != 32:
        raise SystemExit("ORDINAVO_ENCRYPTION_KEY must be base64 of 32 random bytes.")
    return key


def new_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def key_from_file(path: Path) -> bytes:
    """Read the key file, or make it (readable by this user only) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(new_key_text() + "\n")
    return key_from_text(path.read_text())


class AesGcmSecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, secret: str) -> str:
        nonce = secrets.token_bytes(_NONCE)
        sealed = self._aead.encrypt(nonce, secret.encode("utf-8"), _PURPOSE)
        return f"{_VERSION}:" + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str) -> str:
        version, _, payload = sealed.partition(":")
        if version != _VERSION:
            raise ValueError("not a sealed secret of this version")
        raw = base64.urlsafe_b64decode(payload)
        return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _PURPOSE).decode("utf-8")
