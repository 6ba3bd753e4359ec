"""The current request's id, set by the entrypoints and written into audit entries."""

from __future__ import annotations

from contextvars import ContextVar

current_request_id: ContextVar[str | None] = ContextVar("ordinavo_request_id", default=None)
