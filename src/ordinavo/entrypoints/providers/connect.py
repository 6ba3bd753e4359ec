"""Connect's wiring: the import policy, the use cases of the apps, the worker's job runner."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from ordinavo.application.ports.connect import ConnectPolicy
from ordinavo.application.use_cases.connect.get_import_job import GetImportJob
from ordinavo.application.use_cases.connect.list_import_jobs import ListImportJobs
from ordinavo.application.use_cases.connect.list_import_results import ListImportResults
from ordinavo.application.use_cases.connect.list_source_systems import ListSourceSystems
from ordinavo.application.use_cases.connect.register_source_system import (
    RegisterSourceSystem,
)
from ordinavo.application.use_cases.connect.run_import_job import RunImportJob
from ordinavo.application.use_cases.connect.set_value_mapping import SetValueMapping
from ordinavo.application.use_cases.connect.start_import import StartImport


class ConnectAdapters(Provider):
    """What both the apps and the worker need."""

    @provide(scope=Scope.APP)
    def policy(self) -> ConnectPolicy:
        return ConnectPolicy()


class ImportRunner(Provider):
    """The worker's: it applies queued batches."""

    run = provide(RunImportJob, scope=Scope.REQUEST)


def connect_use_cases() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for use_case in (
        RegisterSourceSystem,
        ListSourceSystems,
        SetValueMapping,
        StartImport,
        GetImportJob,
        ListImportJobs,
        ListImportResults,
    ):
        provider.provide(use_case)
    return provider
