"""The retention job's wiring (worker and CLI only): the throttle windows no tenant owns, and
the job itself."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from ordinavo.adapters.persistence.retention.repository import SqlaSharedRetentionStore
from ordinavo.application.ports.retention import SharedRetentionStore
from ordinavo.application.use_cases.retention.run_retention import RunRetention


class RetentionJob(Provider):
    shared = provide(SqlaSharedRetentionStore, scope=Scope.REQUEST, provides=SharedRetentionStore)
    run = provide(RunRetention, scope=Scope.REQUEST)
