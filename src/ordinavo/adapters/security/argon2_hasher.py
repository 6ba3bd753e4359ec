"""Password hashing with argon2id (OWASP: m >= 19 MiB, t >= 2)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type


class Argon2PasswordHasher:
    def __init__(self, *, memory_kib: int = 19 * 1024, iterations: int = 2, parallelism: int = 1):
        self._argon = _Argon2(
            time_cost=iterations, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )
        self._dummy = self._argon.hash("ordinavo-dummy-password-for-timing")

    def hash(self, password: str) -> str:
        return self._argon.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._argon.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    def burn(self, password: str) -> None:
        self.verify(self._dummy, password)
