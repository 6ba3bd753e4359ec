"""The hot path's statements, run with as little between them and the database as possible.

On PostgreSQL a statement built with SQLAlchemy Core is compiled once and then run on the
asyncpg connection itself, taken from (and given back to) the engine's own pool: no
`Connection`, no execution context, no `Result`. Measured in process (CPU time per call, the
portal principal's statement, PostgreSQL on the same machine): about 190 us this way against
530-720 us through `engine.connect()` + `execute()`; the database's work is the same. asyncpg
prepares each text once per connection (its statement cache), and the plan-cache setting of
the login applies.

The statements here are reads in one AUTOCOMMIT transaction each (they bind their own tenant,
`tenant_binding.read_as_tenant`), so giving the connection back needs no reset: nothing
session-level was changed (the tenant setting is local to the statement's transaction).

The rows answer `row[i]` on both paths (asyncpg's rows `row["name"]` too), with JSON decoded
on both: SQLAlchemy sets the driver's JSON codecs on every connection of its pool.
SQLite, the embedded default, runs the same statements through the engine: there is no
driver shortcut worth having for a file.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

# What watches the statements sent past SQLAlchemy's events: telemetry (a span per statement,
# as its engine instrumentation gives the others) and the tests that count statements, for
# one engine or for every engine. An observer is entered around the round trip.
Observer = Callable[[str, Sequence[Any]], AbstractContextManager[None]]
_EVERY_ENGINE: list[Observer] = []
_BY_ENGINE: weakref.WeakKeyDictionary[object, list[Observer]] = weakref.WeakKeyDictionary()


def observe(observer: Observer, engine: AsyncEngine | None = None) -> Callable[[], None]:
    """Watch the driver statements of `engine` (of every engine if None); returns the undo."""
    watching = _EVERY_ENGINE if engine is None else _BY_ENGINE.setdefault(engine.sync_engine, [])
    watching.append(observer)

    def undo() -> None:
        if observer in watching:
            watching.remove(observer)

    return undo


@contextlib.contextmanager
def _observed(engine: object, statement: str, arguments: Sequence[Any]) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        for observer in (*_BY_ENGINE.get(engine, ()), *_EVERY_ENGINE):
            stack.enter_context(observer(statement, arguments))
        yield


class _Compiled:
    """A statement compiled once: its constant parameters, and which take a list (IN)."""

    __slots__ = ("compiled", "defaults", "expanding", "plans", "statement")

    def __init__(self, statement: Executable, compiled: SQLCompiler) -> None:
        self.statement = statement  # held: the cache is keyed by its id
        self.compiled = compiled
        self.defaults = compiled.construct_params(_check=False, _no_postcompile=True)
        self.expanding = tuple(
            dict.fromkeys(compiled.bind_names[p] for p in compiled.post_compile_params)
        )
        # Per number of items in each list parameter: the SQL text and, for each of its
        # placeholders in order, (parameter, item index or None, bind processor or None).
        self.plans: dict[tuple[int, ...], tuple[str, list[tuple[str, int | None, Any]]]] = {}

    def bind(self, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
        values = self.defaults | dict(params)
        shape = tuple(len(values[name]) for name in self.expanding)
        plan = self.plans.get(shape)
        if plan is None:
            plan = self.plans[shape] = self._plan(values)
        sql, slots = plan
        arguments = []
        for name, index, processor in slots:
            value = values[name] if index is None else values[name][index]
            arguments.append(value if processor is None else processor(value))
        return sql, arguments

    def _plan(self, values: dict[str, Any]) -> tuple[str, list[tuple[str, int | None, Any]]]:
        """SQLAlchemy's own expansion, done once per shape instead of on every call."""
        state = self.compiled.construct_expanded_state(values)
        origin: dict[str, tuple[str, int | None]] = {}
        for name, expanded in (state.parameter_expansion or {}).items():
            for index, one in enumerate(expanded):
                origin[one] = (name, index)
        slots = [
            (*origin.get(name, (name, None)), state.processors.get(name))
            for name in state.positiontup or ()
        ]
        return state.statement, slots


class DriverStatements:
    """Runs a prebuilt read on PostgreSQL's driver connection (asyncpg)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._key = engine.sync_engine
        # Statements are built once per shape (lru_cache'd builders): their compiled form is
        # kept beside them, keyed by identity with the statement itself held, so an id is
        # never reused for another statement while it is here.
        self._compiled: dict[int, _Compiled] = {}

    def _compile(self, statement: Executable) -> _Compiled:
        found = self._compiled.get(id(statement))
        if found is not None and found.statement is statement:
            return found
        compiled = statement.compile(dialect=self._engine.dialect)
        assert isinstance(compiled, SQLCompiler)
        if len(self._compiled) > 1024:  # shapes are few; never grow without bound
            self._compiled.clear()
        found = self._compiled[id(statement)] = _Compiled(statement, compiled)
        return found

    async def rows(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any]:
        sql, arguments = self._compile(statement).bind(params or {})
        pooled = await self._engine.raw_connection()
        driver: Any = pooled.driver_connection
        try:
            if not (_EVERY_ENGINE or _BY_ENGINE):
                return await driver.fetch(sql, *arguments)
            with _observed(self._key, sql, arguments):
                return await driver.fetch(sql, *arguments)
        finally:
            # The pool's check-in is synchronous code that may await the driver (closing an
            # overflow connection): it runs where SQLAlchemy's adapters can await.
            await greenlet_spawn(pooled.close)


class EngineStatements:
    """The same reads through the engine (SQLite), for the same callers."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def rows(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Any]:
        async with self._engine.connect() as connection:
            return (await connection.execute(statement, dict(params or {}))).all()


def statements_for(engine: AsyncEngine) -> DriverStatements | EngineStatements:
    """The fastest way to run a prebuilt read on this engine; its connections in AUTOCOMMIT."""
    if engine.dialect.name == "postgresql":
        # Outside a transaction the driver runs each statement as its own: no BEGIN is sent.
        return DriverStatements(engine)
    return EngineStatements(engine.execution_options(isolation_level="AUTOCOMMIT"))
