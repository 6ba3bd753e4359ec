"""An optional in-process cache of authenticated portal principals (off by default), kept
honest across processes by PostgreSQL's LISTEN/NOTIFY.

Strict per-request reading (portal_credentials.py) stays the default. With
ORDINAVO_PORTAL_SESSION_CACHE=on a process keeps each principal it read for up to `TTL`
seconds, and forgets every principal of a tenant as soon as PostgreSQL announces a change
that ends or narrows access there (migration 0021: a session ended, a portal user changed or
disabled, a grant added, changed or revoked, settings or labels changed, a customer renamed
or deleted). The announcement is sent when the change commits, to every listening process.

What keeps it safe:
- a principal read while an announcement for its tenant arrived is not kept (generations);
- while the listening connection is down nothing is kept or served from the cache, and what
  was kept is dropped: it may have missed an announcement;
- `TTL` bounds anything else (a cached idle timer, a customer's name).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from ordinavo.application.ports.portal import (
    FeedPrincipal,
    PortalCredentialReader,
    PortalPrincipal,
    SessionIdleTimer,
)

CHANNEL = "ordinavo_portal_access"  # migration 0021
TTL = 30.0  # seconds a principal is served from memory at most
MAX_ENTRIES = 50_000
RECONNECT_SECONDS = 1.0

log = logging.getLogger("ordinavo.portal_session_cache")


class CachedPortalCredentials:
    """The portal credential reader and idle timer, with principals kept in memory."""

    def __init__(
        self,
        reader: PortalCredentialReader,
        idle_timer: SessionIdleTimer,
        *,
        ttl: float = TTL,
        clock: Any = time.monotonic,
    ) -> None:
        self._reader = reader
        self._idle_timer = idle_timer
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[float, PortalPrincipal]] = {}
        self._by_tenant: dict[UUID, set[str]] = {}
        self._announced = 0  # announcements heard so far
        self._listening = False  # nothing is kept unless announcements are heard

    # --- what the listener tells ----------------------------------------------------------

    def listening(self, on: bool) -> None:
        # Either way, what was kept or is being read may have missed an announcement.
        self._listening = on
        self.forget_all()

    def forget_all(self) -> None:
        self._announced += 1
        self._entries.clear()
        self._by_tenant.clear()

    def forget_tenant(self, tenant_id: UUID) -> None:
        self._announced += 1
        for digest in self._by_tenant.pop(tenant_id, ()):
            self._entries.pop(digest, None)

    # --- PortalCredentialReader -----------------------------------------------------------

    async def read(self, digest: str) -> PortalPrincipal | None:
        now = self._clock()
        found = self._entries.get(digest)
        if found is not None and self._listening:
            if found[0] > now:
                return found[1]
            self._entries.pop(digest, None)
            self._by_tenant.get(found[1].tenant_id, set()).discard(digest)
        announced = self._announced
        principal = await self._reader.read(digest)
        # Kept only if no announcement came while it was read: the read may predate it.
        if principal is not None and self._listening and self._announced == announced:
            if len(self._entries) >= MAX_ENTRIES:
                self.forget_all()
            self._entries[digest] = (now + self._ttl, principal)
            self._by_tenant.setdefault(principal.tenant_id, set()).add(digest)
        return principal

    async def read_feed(self, digest: str) -> FeedPrincipal | None:
        return await self._reader.read_feed(digest)  # a calendar program's rare fetch

    # --- SessionIdleTimer -----------------------------------------------------------------

    async def touch(self, tenant_id: UUID, session_id: UUID, at: datetime) -> None:
        await self._idle_timer.touch(tenant_id, session_id, at)
        # The kept principal learns its own touch, or it would ask for one on every request.
        for digest in self._by_tenant.get(tenant_id, ()):
            kept = self._entries.get(digest)
            if kept is None:
                continue
            expires, principal = kept
            session = principal.session
            if session is not None and session.id == session_id:
                moved = replace(principal, session=replace(session, last_seen_at=at))
                self._entries[digest] = (expires, moved)


class PostgresAccessChanges:
    """Listens on the access-change channel on a connection of its own (taken out of the
    engine's pool, so it has the pool's connect settings), and reconnects when it drops."""

    def __init__(self, engine: AsyncEngine, cache: CachedPortalCredentials) -> None:
        self._engine = engine
        self._cache = cache
        self._task: asyncio.Task[None] | None = None
        self._connection: Any = None
        self._lost = asyncio.Event()

    async def start(self) -> None:
        await self._connect()
        self._task = asyncio.create_task(self._keep_listening())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._cache.listening(False)
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()

    async def _connect(self) -> None:
        pooled = await self._engine.raw_connection()
        connection: Any = pooled.driver_connection
        pooled.detach()  # this connection is the listener's from now on, never pooled again
        connection.add_termination_listener(lambda _: self._on_lost())
        await connection.add_listener(CHANNEL, self._on_change)
        self._connection = connection
        self._lost.clear()
        self._cache.listening(True)

    def _on_change(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        try:
            self._cache.forget_tenant(UUID(payload))
        except ValueError:  # not a tenant id: forget everything rather than guess
            self._cache.forget_all()

    def _on_lost(self) -> None:
        self._cache.listening(False)
        self._lost.set()

    async def _keep_listening(self) -> None:
        while True:
            await self._lost.wait()
            log.warning("Portal session cache: lost its listening connection; reconnecting.")
            while True:
                await asyncio.sleep(RECONNECT_SECONDS)
                try:
                    await self._connect()
                    break
                except Exception:
                    log.warning("Portal session cache: could not listen yet; retrying.")
