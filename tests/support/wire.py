"""What a request sends to the database: SQLAlchemy's cursor events for what goes through the
engine, and the driver statements' own observers for what the hot path sends straight to the
driver (adapters/persistence/driver_statements.py), which no SQLAlchemy event sees. BEGIN,
COMMIT and ROLLBACK are left to `transactions()` in the budget tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from ordinavo.adapters.persistence.driver_statements import observe


@contextlib.contextmanager
def statements_sent() -> Iterator[list[tuple[str, Any]]]:
    """Every statement (with its parameters) sent while the block runs, on any engine."""
    seen: list[tuple[str, Any]] = []

    def on_cursor(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    @contextlib.contextmanager
    def on_driver(statement: str, arguments: Sequence[Any]) -> Iterator[None]:
        seen.append((statement, tuple(arguments)))
        yield

    event.listen(Engine, "before_cursor_execute", on_cursor)
    undo = observe(on_driver)
    try:
        yield seen
    finally:
        undo()
        event.remove(Engine, "before_cursor_execute", on_cursor)
