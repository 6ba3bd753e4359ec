"""Errors the domain raises when a rule is broken."""


class DomainError(Exception):
    """A business rule was broken. The message is written for the API client."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RuleViolation(DomainError):
    """The request is well formed but breaks a rule of the domain."""


class InvalidValue(DomainError):
    """A value is outside what the domain accepts (too long, wrong format, out of range)."""
