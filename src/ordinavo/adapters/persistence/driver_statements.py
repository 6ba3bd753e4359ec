"""The hot path's statements, run with as little between them and the database as possible.

On PostgreSQL a statement built with SQLAlchemy Core is compiled once and then run on an
asyncpg connection itself: no `Connection`, no execution context, no `Result`. The app takes
those connections from a small pool of their own (`DriverConnections`); without one, from the
engine's pool. Measured in process (CPU time per call, the portal principal's statement,
PostgreSQL on the same machine): 530-720 us through `engine.connect()` + `execute()`, about
190 us on a connection borrowed from the engine's pool, and about 70 us (a bare asyncpg call
of the same text: 65 us) from `DriverConnections`. asyncpg prepares each text once per
connection (its statement cache), and the plan-cache setting of the login applies.

The statements here are reads in one AUTOCOMMIT transaction each (they bind their own tenant,
`tenant_binding.read_as_tenant`), so giving the connection back needs no reset: nothing
session-level was changed (the tenant setting is local to the statement's transaction).

The rows answer `row[i]` on both paths (asyncpg's rows `row["name"]` too), with JSON decoded
on both: SQLAlchemy sets the driver's JSON codecs on every connection of its pool.
SQLite, the embedded default, runs the same statements through the engine: there is no
driver shortcut worth having for a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import asyncpg
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


# Errors after which the server is gone or going: the connection is not kept.
_GONE = (asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError)


class DriverConnections:
    """A few asyncpg connections for the hot path's reads, borrowed for one statement each.

    Why not the engine's pool: its check-out and check-in run through greenlets, events and
    the connection record, about 100 us of CPU per borrow (measured above), which is more than
    the statement itself costs this process. Why not asyncpg's own pool: its release sends
    the reset statement (a round trip) or, with that turned off, still costs about 60 us in
    tasks and timers. What is borrowed here needs none of it: every statement is its own
    transaction (AUTOCOMMIT) and binds its tenant inside itself, so a connection comes back
    exactly as it left.

    A connection is opened when a borrower finds none free and fewer than `size` are open;
    beyond that, borrowers wait in line. A connection is dropped, not kept, when the server
    closed it, when a statement on it ended with anything but a database error (a timeout or a
    cancelled request may leave it mid-reply), or once it is older than `recycle` seconds.
    """

    def __init__(
        self,
        connect_args: Mapping[str, Any],
        *,
        size: int,
        server_settings: Mapping[str, str] | None = None,
        recycle: float = 1800.0,
    ) -> None:
        if size < 1:
            raise ValueError("a pool of driver connections holds at least one")
        self._connect_args = dict(connect_args)
        self._size = size
        self._server_settings = dict(server_settings or {})
        self._recycle = recycle
        self._free: deque[tuple[Any, float]] = deque()
        self._waiting: deque[asyncio.Future[tuple[Any, float]]] = deque()
        self._open = 0
        self._closed = False
        self._opening: set[asyncio.Task[None]] = set()  # held, so they are not collected

    @property
    def open_connections(self) -> int:
        return self._open

    async def _connect(self) -> tuple[Any, float]:
        connection = await asyncpg.connect(
            **self._connect_args, server_settings=self._server_settings
        )
        try:
            # JSON decoded as SQLAlchemy's asyncpg dialect decodes it on the engine's
            # connections, so a row reads the same whichever path it came by.
            for kind in ("json", "jsonb"):
                await connection.set_type_codec(
                    kind, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
                )
        except BaseException:
            connection.terminate()
            raise
        return connection, time.monotonic()

    async def _borrow(self) -> tuple[Any, float]:
        if self._closed:
            raise RuntimeError("these driver connections are closed")
        while self._free:
            held = self._free.pop()  # the most recently used: its caches are warm
            if not held[0].is_closed():
                return held
            self._drop(held[0])  # ended by the server while it waited here
        if self._open < self._size:
            self._open += 1
            try:
                return await self._connect()
            except BaseException:
                self._open -= 1
                self._wake_one_to_open()
                raise
        waiter: asyncio.Future[tuple[Any, float]] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._give_back(waiter.result())  # handed over as it was cancelled
            raise

    def _give_back(self, held: tuple[Any, float]) -> None:
        connection, opened = held
        if self._closed or connection.is_closed() or time.monotonic() - opened > self._recycle:
            self._drop(connection)
            return
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(held)
                return
        self._free.append(held)

    def _drop(self, connection: Any) -> None:
        connection.terminate()
        self._open -= 1
        self._wake_one_to_open()

    def _wake_one_to_open(self) -> None:
        """A place came free: the first in line opens a connection of its own."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                self._open += 1
                task = asyncio.ensure_future(self._open_for(waiter))
                self._opening.add(task)
                task.add_done_callback(self._opening.discard)
                return

    async def _open_for(self, waiter: asyncio.Future[tuple[Any, float]]) -> None:
        try:
            held = await self._connect()
        except Exception as error:
            self._open -= 1
            if not waiter.done():
                waiter.set_exception(error)
            return
        except BaseException:
            self._open -= 1
            if not waiter.done():
                waiter.cancel()
            raise
        if waiter.done():  # gave up waiting meanwhile
            self._give_back(held)
        else:
            waiter.set_result(held)

    async def fetch(self, sql: str, arguments: Sequence[Any]) -> Sequence[Any]:
        held = await self._borrow()
        try:
            rows = await held[0].fetch(sql, *arguments)
        except BaseException as error:
            if isinstance(error, asyncpg.PostgresError) and not isinstance(error, _GONE):
                self._give_back(held)  # the server answered: the connection is in a known state
            else:
                self._drop(held[0])
            raise
        self._give_back(held)
        return rows  # type: ignore[no-any-return]

    async def close(self) -> None:
        """Close every connection; borrowed ones are closed as they come back."""
        self._closed = True
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_exception(RuntimeError("these driver connections are closed"))
        while self._free:
            connection, _ = self._free.pop()
            self._open -= 1
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), timeout=5)
            if not connection.is_closed():
                connection.terminate()


# What SQLAlchemy's asyncpg dialect takes for itself before it calls asyncpg.connect.
_DIALECT_ONLY = (
    "async_fallback",
    "async_creator_fn",
    "prepared_statement_cache_size",
    "prepared_statement_name_func",
)


def driver_connect_args(engine: AsyncEngine) -> dict[str, Any]:
    """asyncpg.connect's arguments for the database of `engine`, read from its URL as the
    engine's dialect reads them (hosts, port, credentials, query options such as ssl)."""
    _, arguments = engine.dialect.create_connect_args(engine.url)
    return {k: v for k, v in arguments.items() if k not in _DIALECT_ONLY}


class DriverStatements:
    """Runs a prebuilt read on PostgreSQL's driver connection (asyncpg)."""

    def __init__(self, engine: AsyncEngine, connections: DriverConnections | None = None) -> None:
        self._engine = engine
        self._connections = connections
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
        connections = self._connections
        if connections is not None:
            if not (_EVERY_ENGINE or _BY_ENGINE):
                return await connections.fetch(sql, arguments)
            with _observed(self._key, sql, arguments):
                return await connections.fetch(sql, arguments)
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


Statements = DriverStatements | EngineStatements


def statements_for(engine: AsyncEngine, connections: DriverConnections | None = None) -> Statements:
    """The fastest way to run a prebuilt read on this engine; its connections in AUTOCOMMIT.
    On PostgreSQL, on `connections` when given, else on connections borrowed from the engine's
    pool."""
    if engine.dialect.name == "postgresql":
        # Outside a transaction the driver runs each statement as its own: no BEGIN is sent.
        return DriverStatements(engine, connections)
    return EngineStatements(engine.execution_options(isolation_level="AUTOCOMMIT"))
