"""The optional portal session cache (adapters/persistence/portal_session_cache.py): what it
keeps, and every way a kept principal is given up."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from ordinavo.adapters.persistence.portal_session_cache import CachedPortalCredentials
from ordinavo.application.ports.portal import PortalPrincipal
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.domain.contacts import Language
from ordinavo.domain.portal_access import PortalUser
from ordinavo.domain.portal_sessions import PortalSession

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _principal(tenant_id: UUID) -> PortalPrincipal:
    user_id = uuid4()
    return PortalPrincipal(
        tenant_id=tenant_id,
        session=PortalSession(
            id=uuid4(),
            tenant_id=tenant_id,
            portal_user_id=user_id,
            token_hash="h",
            created_at=NOW,
            last_seen_at=NOW,
            idle_timeout=timedelta(minutes=30),
            absolute_expiry=NOW + timedelta(days=1),
        ),
        user=PortalUser(
            id=user_id,
            tenant_id=tenant_id,
            contact_id=uuid4(),
            email="jana@bakery.example",
            display_name="Jana",
            language=Language.ENGLISH,
            created_at=NOW,
        ),
        grants=(),
        customer_names={},
        display=DisplayPreferences((), show_technician_first_name=False),
    )


class CountingReader:
    """The database, as far as the cache can tell: principals by digest, reads counted."""

    def __init__(self) -> None:
        self.principals: dict[str, PortalPrincipal] = {}
        self.reads = 0
        self.during_read: Any = None  # called while a read is "in flight"
        self.touched: list[tuple[UUID, UUID, datetime]] = []

    async def read(self, digest: str) -> PortalPrincipal | None:
        self.reads += 1
        found = self.principals.get(digest)
        if self.during_read is not None:
            self.during_read()
        await asyncio.sleep(0)
        return found

    async def read_feed(self, digest: str) -> Any:
        return None

    async def touch(self, tenant_id: UUID, session_id: UUID, at: datetime) -> None:
        self.touched.append((tenant_id, session_id, at))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cache(ttl: float = 30.0) -> tuple[CachedPortalCredentials, CountingReader, Clock]:
    reader, clock = CountingReader(), Clock()
    cache = CachedPortalCredentials(reader, reader, ttl=ttl, clock=clock)
    return cache, reader, clock


async def test_a_listening_cache_reads_a_principal_once_within_its_time() -> None:
    cache, reader, _ = _cache()
    reader.principals["a"] = _principal(uuid4())
    cache.listening(True)
    first, second = await cache.read("a"), await cache.read("a")
    assert first is second is reader.principals["a"]
    assert reader.reads == 1


async def test_a_cache_that_cannot_hear_announcements_keeps_nothing() -> None:
    cache, reader, _ = _cache()
    reader.principals["a"] = _principal(uuid4())
    await cache.read("a")
    await cache.read("a")
    assert reader.reads == 2


async def test_losing_the_listening_connection_drops_what_was_kept() -> None:
    cache, reader, _ = _cache()
    reader.principals["a"] = _principal(uuid4())
    cache.listening(True)
    await cache.read("a")
    cache.listening(False)
    cache.listening(True)  # back: but what was kept may have missed an announcement
    await cache.read("a")
    assert reader.reads == 2


async def test_an_announcement_forgets_its_tenants_principals_and_no_other() -> None:
    cache, reader, _ = _cache()
    ours, theirs = uuid4(), uuid4()
    reader.principals |= {"a": _principal(ours), "b": _principal(ours), "c": _principal(theirs)}
    cache.listening(True)
    for digest in "abc":
        await cache.read(digest)
    cache.forget_tenant(ours)
    for digest in "abc":
        await cache.read(digest)
    assert reader.reads == 3 + 2  # a and b read again, c still kept


async def test_a_principal_read_while_its_tenant_changed_is_not_kept() -> None:
    """The read may have seen the database before the change committed: keeping it would
    serve the old access until the time runs out."""
    cache, reader, _ = _cache()
    tenant = uuid4()
    reader.principals["a"] = _principal(tenant)
    cache.listening(True)
    reader.during_read = lambda: cache.forget_tenant(tenant)
    await cache.read("a")
    reader.during_read = None
    await cache.read("a")
    await cache.read("a")
    assert reader.reads == 2


async def test_a_kept_principal_is_read_again_once_its_time_is_up() -> None:
    cache, reader, clock = _cache(ttl=30)
    reader.principals["a"] = _principal(uuid4())
    cache.listening(True)
    await cache.read("a")
    clock.now += 29
    await cache.read("a")
    clock.now += 2
    await cache.read("a")
    assert reader.reads == 2


async def test_a_touch_moves_the_kept_sessions_idle_timer() -> None:
    """Otherwise the kept session would look idle and ask for a touch on every request."""
    cache, reader, _ = _cache()
    principal = _principal(uuid4())
    reader.principals["a"] = principal
    cache.listening(True)
    await cache.read("a")
    assert principal.session is not None
    later = NOW + timedelta(minutes=2)
    await cache.touch(principal.tenant_id, principal.session.id, later)
    kept = await cache.read("a")
    assert reader.touched == [(principal.tenant_id, principal.session.id, later)]
    assert kept is not None and kept.session is not None
    assert kept.session.last_seen_at == later
    assert reader.reads == 1
