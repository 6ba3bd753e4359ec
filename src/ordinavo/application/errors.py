"""Application errors. Entrypoints translate them into problem responses."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ApplicationError):
    """The object does not exist, or the caller may not know that it exists."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"The {kind} was not found.")
        self.kind = kind


class Forbidden(ApplicationError):
    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message)


class NotAuthenticated(ApplicationError):
    def __init__(self, message: str = "Authentication is required.") -> None:
        super().__init__(message)


class Conflict(ApplicationError):
    """The change collides with existing data (a duplicate number, for example)."""


class LinkNotValid(NotFound):
    """An unknown, expired, replaced, revoked or used one-time link: all look the same."""

    def __init__(self) -> None:
        super().__init__("link")
        self.message = "This link is not valid any more. Ask for a new one."


class TooManyRequests(ApplicationError):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many attempts. Wait before trying again.")
        self.retry_after_seconds = max(1, retry_after_seconds)


class PayloadTooLarge(ApplicationError):
    """An upload went past its size limit; it was refused while streaming."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The file is too large. The limit is {limit} bytes.")
        self.limit = limit
