"""Log lines as text or as JSON (ORDINAVO_LOG_FORMAT), each naming the app that wrote it."""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar.logging import LoggingConfig

from ordinavo.adapters.persistence.request_context import current_request_id

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# internal, portal or worker. Both apps and the embedded worker may share one process, so the
# answer is per request or task, with a process-wide fallback for a worker process's own lines.
current_app: ContextVar[str | None] = ContextVar("ordinavo_app", default=None)
_process_app: str | None = None

# Where the guard leaves who was authenticated, for the access log (in the ASGI scope's state).
PRINCIPAL = "ordinavo_principal"


def set_process_app(app: str) -> None:
    global _process_app
    _process_app = app


def app_name() -> str | None:
    return current_app.get() or _process_app


def note_principal(scope: Any, tenant_id: UUID, kind: str, principal_id: UUID) -> None:
    """Remember the authenticated principal for this request's access log line."""
    state = scope.get("state")
    if state is not None:
        state[PRINCIPAL] = (str(tenant_id), kind, str(principal_id))


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Access lines carry their fields in `record.access`.

    Runs where the record is made (a queue handler formats before it hands the record on), so
    the app and request id can come from the context."""

    def format(self, record: logging.LogRecord) -> str:
        done = getattr(record, "ordinavo_json", None)
        if done is not None and record.msg == done:
            # A queue handler formatted it already and passed on the line as the message; the
            # writing handler behind the queue uses this formatter too.
            return done
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        access = getattr(record, "access", None)
        if access is not None:
            line.update(access)
        else:
            line["app"] = app_name()
            request_id = current_request_id.get()
            if request_id is not None:
                line["request_id"] = request_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        record.ordinavo_json = json.dumps(line, ensure_ascii=False, default=str)
        return record.ordinavo_json


def litestar_logging(log_format: str) -> LoggingConfig:
    """Litestar sets up the root logger when an app is built, under any server; in JSON mode
    it does so with our formatter, so every line of the process comes out as JSON."""
    if log_format != "json":
        return LoggingConfig()  # Litestar's default, as before
    return LoggingConfig(formatters={"standard": {"()": JsonFormatter}})


def configure_logging(log_level: str, log_format: str) -> None:
    """For the CLI and worker processes: every line, in the chosen format, to stderr."""
    handler = logging.StreamHandler()
    json_lines = log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=log_level.upper(), handlers=[handler], force=True)
    logging.getLogger("ordinavo").setLevel(log_level.upper())
