"""A clock the tests move by hand, and a dishka provider that puts it into an app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dishka import Provider, Scope

from ordinavo.application.ports.clock import Clock


class MovableClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def reset(self) -> None:
        """Back to the real time: a test that moved the clock leaves nothing to the next."""
        self._now = datetime.now(UTC)


def clock_provider(clock: MovableClock) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: clock, provides=Clock, override=True)
    return provider
