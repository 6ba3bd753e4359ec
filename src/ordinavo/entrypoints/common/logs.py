"""Log lines as text or as JSON (ORDINAVO_LOG_FORMAT), each naming the app that wrote it."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
import weakref
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


class BatchedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes its lines to stderr a batch at a time, not one write (and flush) per line.

    The apps' access log writes a line for every request. Handed to Litestar's default queue
    handler, each line was formatted, copied and passed to a listener thread that woke to
    write it: about 80 us of CPU per request, half of `/health`'s cost (measured in process,
    bench/request_stack.py --layers). Here a line is formatted and kept; the batch is written
    when it holds `max_lines`, when its first line is `max_delay` seconds old (checked at each
    line, and by one background thread for a quiet process), at once for a warning or worse,
    and when logging shuts down (`logging.shutdown` flushes every handler at exit).
    """

    def __init__(self, stream: Any = None, max_lines: int = 64, max_delay: float = 0.2) -> None:
        super().__init__(stream if stream is not None else sys.stderr)
        self.max_lines = max_lines
        self.max_delay = max_delay
        self._lines: list[str] = []
        self._first_at = 0.0
        _Flusher.watch(self)

    def emit(self, record: logging.LogRecord) -> None:
        # Called under the handler's lock (Handler.handle), as flush() takes it too.
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        if not self._lines:
            self._first_at = time.monotonic()
        self._lines.append(line)
        if (
            record.levelno >= logging.WARNING
            or len(self._lines) >= self.max_lines
            or time.monotonic() - self._first_at >= self.max_delay
        ):
            self._write()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._write()

    def flush_if_due(self) -> None:
        if self._lines and time.monotonic() - self._first_at >= self.max_delay:
            self.flush()

    def _write(self) -> None:
        if not self._lines:
            return
        text = self.terminator.join(self._lines) + self.terminator
        self._lines.clear()
        try:
            self.stream.write(text)
            if hasattr(self.stream, "flush"):
                self.stream.flush()
        except Exception:
            # As StreamHandler does for one line: the report names no record, so a stand-in.
            self.handleError(logging.makeLogRecord({"msg": "writing a batch of log lines"}))


class _Flusher:
    """One daemon thread per process writes out batches that went quiet."""

    _handlers: weakref.WeakSet[BatchedStreamHandler] = weakref.WeakSet()
    _thread: threading.Thread | None = None
    _guard = threading.Lock()

    @classmethod
    def watch(cls, handler: BatchedStreamHandler) -> None:
        with cls._guard:
            cls._handlers.add(handler)
            if cls._thread is None or not cls._thread.is_alive():
                cls._thread = threading.Thread(
                    target=cls._run, name="ordinavo-log-flusher", daemon=True
                )
                cls._thread.start()

    @classmethod
    def _run(cls) -> None:
        while True:
            time.sleep(0.1)
            for handler in list(cls._handlers):
                handler.flush_if_due()


def litestar_logging(log_format: str) -> LoggingConfig:
    """Litestar sets up the root logger when an app is built, under any server: lines go out
    in batches (`BatchedStreamHandler`, in the place Litestar names `queue_listener`), and in
    JSON mode through our formatter, so every line of the process comes out as JSON."""
    handlers = {
        "queue_listener": {"()": BatchedStreamHandler, "level": "DEBUG", "formatter": "standard"}
    }
    if log_format != "json":
        return LoggingConfig(handlers=handlers)
    return LoggingConfig(handlers=handlers, formatters={"standard": {"()": JsonFormatter}})


def configure_logging(log_level: str, log_format: str) -> None:
    """For the CLI and worker processes: every line, in the chosen format, to stderr."""
    handler = logging.StreamHandler()
    json_lines = log_format == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=log_level.upper(), handlers=[handler], force=True)
    logging.getLogger("ordinavo").setLevel(log_level.upper())
