"""Login throttles and request rate limits, kept in the database so all processes share them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.portal_models import LoginThrottleModel, RateLimitWindowModel
from ordinavo.adapters.system_clock import Uuid7Generator
from ordinavo.domain.throttling import LoginThrottle


class SqlaLoginThrottleStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, key: str) -> LoginThrottle:
        row = await self._session.scalar(
            select(LoginThrottleModel).where(LoginThrottleModel.key == key)
        )
        if row is None:
            return LoginThrottle(key=key)
        return LoginThrottle(
            key=key,
            failures=row.failures,
            blocked_until=row.blocked_until,
            last_failure_at=row.last_failure_at,
        )

    async def save(self, throttle: LoginThrottle) -> None:
        values = {
            "failures": throttle.failures,
            "blocked_until": throttle.blocked_until,
            "last_failure_at": throttle.last_failure_at,
        }
        insert = (
            postgresql.insert if self._session.bind.dialect.name == "postgresql" else sqlite.insert
        )
        stmt = insert(LoginThrottleModel).values(
            id=Uuid7Generator().new_id(), key=throttle.key, **values
        )
        await self._session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=values))


class SqlaRateLimiter:
    """Fixed windows per key; the counter is incremented atomically by an upsert.

    The hit is written in the caller's transaction; the use case commits it, also when it
    refuses the request.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hit(
        self, key: str, *, limit: int, window: timedelta, now: datetime
    ) -> timedelta | None:
        seconds = int(window.total_seconds())
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)
        insert = (
            postgresql.insert if self._session.bind.dialect.name == "postgresql" else sqlite.insert
        )
        stmt = insert(RateLimitWindowModel).values(
            id=Uuid7Generator().new_id(), key=key, window_start=start, hits=1
        )
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=["key", "window_start"],
                set_={"hits": RateLimitWindowModel.hits + 1},
            )
        )
        hits = await self._session.scalar(
            select(RateLimitWindowModel.hits).where(
                RateLimitWindowModel.key == key, RateLimitWindowModel.window_start == start
            )
        )
        if hits is not None and hits > limit:
            return start + window - now
        return None
