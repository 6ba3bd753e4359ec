"""Brokers: Redis streams (with acknowledgements) in production, memory when embedded."""

from __future__ import annotations

from taskiq import AsyncBroker, InMemoryBroker
from taskiq_redis import RedisStreamBroker

from ordinavo.entrypoints.settings import Settings


def redis_broker(settings: Settings) -> AsyncBroker:
    if not settings.broker_url:
        raise SystemExit("ORDINAVO_BROKER_URL must name a Redis server (redis://host:6379/0).")
    return RedisStreamBroker(
        settings.broker_url,
        queue_name=settings.broker_queue,
        consumer_group_name=settings.broker_queue,
        # A worker killed while holding a message: Redis hands it to another after this long.
        # The database's leases and the sweeper cover it sooner; this is the broker's own net.
        idle_timeout=5 * 60 * 1000,
        # Without a timeout, a worker killed while holding the reclaim lock would hold it for
        # ever and no worker could reclaim messages again.
        unacknowledged_lock_timeout=30,
        socket_connect_timeout=2,
        socket_timeout=10,
    )


def embedded_broker(*, inline: bool = False) -> AsyncBroker:
    """In-process. `inline` runs a task to its end inside the call that queued it (tests)."""
    return InMemoryBroker(await_inplace=inline, propagate_exceptions=True)
