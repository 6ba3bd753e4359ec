from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...

    def burn(self, password: str) -> None:
        """Spend the time of one verification, so unknown accounts answer as slowly."""
        ...


class SecretGenerator(Protocol):
    def token(self) -> str:
        """A URL-safe secret of 256 random bits."""
        ...

    def digest(self, secret: str) -> str:
        """The SHA-256 hex digest under which a secret is stored and looked up."""
        ...
