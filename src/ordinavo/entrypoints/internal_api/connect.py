"""Connect: connected systems and their value mappings (tenant admins), batches of a system's
records to import (integration keys), import jobs and their per-record results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody
from msgspec import UNSET, Meta, UnsetType

from ordinavo.application.use_cases.connect.get_import_job import GetImportJob
from ordinavo.application.use_cases.connect.list_import_jobs import ListImportJobs
from ordinavo.application.use_cases.connect.list_import_results import ListImportResults
from ordinavo.application.use_cases.connect.list_source_systems import ListSourceSystems
from ordinavo.application.use_cases.connect.register_source_system import (
    RegisterSourceSystem,
)
from ordinavo.application.use_cases.connect.set_value_mapping import SetValueMapping
from ordinavo.application.use_cases.connect.start_import import StartImport
from ordinavo.domain.connect import (
    MAX_BATCH,
    ImportJob,
    ImportRecord,
    ImportResult,
    MappedField,
    Outcome,
    RecordKind,
    SourceSystem,
    ValueMapping,
)
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.common.text import NO_CONTROL_CHARACTERS
from ordinavo.entrypoints.internal_api.params import Cursor, FromSource, Limit, WithOutcome
from ordinavo.entrypoints.internal_api.schemas import Input, Output, SourceKey

# A batch of 1,000 records of a few hundred bytes each; the limit is checked on the declared
# length, before the body is read.
MAX_IMPORT_BYTES = 4_000_000


def _text(max_length: int) -> Any:
    return Annotated[str, Meta(min_length=1, max_length=max_length, pattern=NO_CONTROL_CHARACTERS)]


ExternalId = _text(120)
Name = _text(200)
Text20, Text40, Text100, Text254 = _text(20), _text(40), _text(100), _text(254)
# Values a source spells its own way: value mappings or the tenant's own values decide.
SourceValue = _text(120)
Records = Annotated[int, Meta(ge=0)]


class CustomerRecord(Input):
    external_id: ExternalId
    name: Name
    customer_number: Text40 | UnsetType = UNSET
    status: SourceValue | UnsetType = UNSET
    email: Text254 | UnsetType = UNSET
    phone: Text40 | UnsetType = UNSET


class LocationRecord(Input):
    external_id: ExternalId
    customer_external_id: ExternalId
    name: Name
    address_line: Name
    city: Text100
    country: SourceValue
    postal_code: Text20 | UnsetType = UNSET
    time_zone: SourceValue | UnsetType = UNSET


class ContactRecord(Input):
    external_id: ExternalId
    customer_external_id: ExternalId
    name: Name
    location_external_id: ExternalId | UnsetType = UNSET
    email: Text254 | UnsetType = UNSET
    phone: Text40 | UnsetType = UNSET
    mobile: Text40 | UnsetType = UNSET
    preferred_contact_method: SourceValue | UnsetType = UNSET


class TargetRecord(Input):
    external_id: ExternalId
    customer_external_id: ExternalId
    title: Name
    location_external_id: ExternalId | UnsetType = UNSET
    status: SourceValue | UnsetType = UNSET
    priority: SourceValue | UnsetType = UNSET
    due_date: date | UnsetType = UNSET


class AppointmentRecord(Input):
    external_id: ExternalId
    target_external_id: ExternalId
    starts_at: datetime
    ends_at: datetime


class ImportBatch(Input):
    """Up to 1,000 records in all, each named by its id in the source system; records refer
    to each other by those ids. Parents are applied before children, whatever the order."""

    source: SourceKey
    customers: Annotated[list[CustomerRecord], Meta(max_length=MAX_BATCH)] = []
    locations: Annotated[list[LocationRecord], Meta(max_length=MAX_BATCH)] = []
    contacts: Annotated[list[ContactRecord], Meta(max_length=MAX_BATCH)] = []
    targets: Annotated[list[TargetRecord], Meta(max_length=MAX_BATCH)] = []
    appointments: Annotated[list[AppointmentRecord], Meta(max_length=MAX_BATCH)] = []

    def records(self) -> list[ImportRecord]:
        out = []
        for kind, items in (
            (RecordKind.CUSTOMER, self.customers),
            (RecordKind.LOCATION, self.locations),
            (RecordKind.CONTACT, self.contacts),
            (RecordKind.TARGET, self.targets),
            (RecordKind.APPOINTMENT, self.appointments),
        ):
            for item in items:
                data = msgspec.to_builtins(item)
                external_id = data.pop("externalId")
                out.append(ImportRecord(kind=kind, external_id=external_id, data=data))
        return out


class SourceCreate(Input):
    key: SourceKey
    name: Annotated[str, Meta(min_length=1, max_length=100, pattern=NO_CONTROL_CHARACTERS)]


class SourceOut(Output):
    id: UUID
    key: str
    name: str
    created_at: datetime


class MappingSet(Input):
    field: Literal[
        "customer.status",
        "location.country",
        "location.timeZone",
        "contact.preferredContactMethod",
        "target.status",
        "target.priority",
    ]
    external_value: SourceValue
    internal_value: SourceValue


class MappingOut(Output):
    field: str
    external_value: str
    internal_value: str
    updated_at: datetime


class Counts(msgspec.Struct, kw_only=True):
    """Records per outcome; every outcome is always there, zero or not."""

    created: Records
    updated: Records
    unchanged: Records
    skipped: Records
    failed: Records


class ImportJobOut(Output):
    id: UUID
    source: str
    state: Literal["queued", "running", "done", "failed"]
    total: int
    counts: Counts
    # True when the batch was identical to what the system sent before: nothing changed.
    unchanged: bool
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    problem: str | None = None


class WarningOut(Output):
    code: str
    field: str
    value: str | None
    message: str


class ImportResultOut(Output):
    id: UUID
    position: int
    kind: str
    external_id: str
    outcome: str
    record_id: UUID | None = None
    warnings: list[WarningOut] = []
    message: str | None = None


def source_out(source: SourceSystem) -> SourceOut:
    return SourceOut(id=source.id, key=source.key, name=source.name, created_at=source.created_at)


def job_out(job: ImportJob) -> ImportJobOut:
    return ImportJobOut(
        id=job.id,
        source=job.source_key,
        state=job.state.value,  # type: ignore[arg-type]
        total=job.total,
        counts=Counts(**{o.value: job.counts.get(o.value, 0) for o in Outcome}),
        unchanged=job.unchanged,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        problem=job.problem,
    )


def result_out(result: ImportResult) -> ImportResultOut:
    return ImportResultOut(
        id=result.id,
        position=result.position,
        kind=result.kind.value,
        external_id=result.external_id,
        outcome=result.outcome.value,
        record_id=result.record_id,
        warnings=[
            WarningOut(code=w.code.value, field=w.field, value=w.value, message=w.message)
            for w in result.warnings
        ],
        message=result.message,
    )


def mapping_out(mapping: ValueMapping) -> MappingOut:
    return MappingOut(
        field=mapping.field.value,
        external_value=mapping.external_value,
        internal_value=mapping.internal_value,
        updated_at=mapping.updated_at,
    )


ImportKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        pattern=r"^[A-Za-z0-9_.:-]{8,100}$",
        description="Send the same key again to get the first job instead of a second one",
    ),
]


class ConnectedSystemController(Controller):
    path = "/connect/sources"
    tags = ["connect"]

    @get("/", summary="List connected systems")
    async def list_connected_systems(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListSourceSystems],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[SourceOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[source_out(s) for s in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @post("/", status_code=201, summary="Register a connected system")
    async def register_connected_system(
        self,
        data: JSONBody[SourceCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[RegisterSourceSystem],
    ) -> SourceOut:
        return source_out(await use_case(actor, data.key, data.name))

    @post(
        "/{source_key:str}/value-mappings",
        status_code=200,
        summary="Say what a value of the system means here (replaces the same value's mapping)",
    )
    async def set_value_mapping(
        self,
        source_key: FromPath[str],
        data: JSONBody[MappingSet],
        actor: FromDishka[Actor],
        use_case: FromDishka[SetValueMapping],
    ) -> MappingOut:
        mapping = await use_case(
            actor, source_key, MappedField(data.field), data.external_value, data.internal_value
        )
        return mapping_out(mapping)


class ImportController(Controller):
    path = "/connect/imports"
    tags = ["connect"]

    @post(
        "/",
        status_code=202,
        summary="Send a batch of a connected system's records; the worker imports them",
        request_max_body_size=MAX_IMPORT_BYTES,
    )
    async def start_import(
        self,
        data: JSONBody[ImportBatch],
        actor: FromDishka[Actor],
        use_case: FromDishka[StartImport],
        idempotency_key: ImportKey = None,
    ) -> Response[ImportJobOut]:
        job, _ = await use_case(actor, data.source, data.records(), idempotency_key)
        return Response(job_out(job), status_code=202)

    @get("/", summary="List import jobs, newest first")
    async def list_import_jobs(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListImportJobs],
        source: FromSource = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[ImportJobOut]:
        page = await use_case(actor, page_request(limit, cursor), source)
        return PageOf(
            items=[job_out(j) for j in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @get("/{job_id:uuid}", summary="Show an import job: its state and counts per outcome")
    async def get_import_job(
        self, job_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetImportJob]
    ) -> ImportJobOut:
        return job_out(await use_case(actor, job_id))

    @get("/{job_id:uuid}/results", summary="What became of each record of an import job")
    async def list_import_results(
        self,
        job_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListImportResults],
        outcome: WithOutcome = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[ImportResultOut]:
        page = await use_case(
            actor, job_id, page_request(limit, cursor), Outcome(outcome) if outcome else None
        )
        return PageOf(
            items=[result_out(r) for r in page.items], next_cursor=encode_cursor(page.next_after)
        )
