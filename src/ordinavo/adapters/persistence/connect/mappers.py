"""Rows of Connect to domain objects and back."""

from __future__ import annotations

from typing import Any

from ordinavo.adapters.persistence.connect.models import (
    ImportJobModel,
    ImportResultModel,
    SourceSystemModel,
    ValueMappingModel,
)
from ordinavo.domain.connect import (
    ImportJob,
    ImportRecord,
    ImportResult,
    JobState,
    MappedField,
    MappingWarning,
    Outcome,
    RecordKind,
    SourceSystem,
    ValueMapping,
    WarningCode,
)


def source_from_row(row: SourceSystemModel) -> SourceSystem:
    return SourceSystem(
        id=row.id, tenant_id=row.tenant_id, key=row.key, name=row.name, created_at=row.created_at
    )


def source_to_row(source: SourceSystem) -> SourceSystemModel:
    return SourceSystemModel(
        id=source.id,
        tenant_id=source.tenant_id,
        key=source.key,
        name=source.name,
        created_at=source.created_at,
    )


def mapping_onto_row(mapping: ValueMapping, row: ValueMappingModel) -> ValueMappingModel:
    row.tenant_id = mapping.tenant_id
    row.source_id = mapping.source_id
    row.field = mapping.field.value
    row.external_value = mapping.external_value
    row.internal_value = mapping.internal_value
    row.updated_at = mapping.updated_at
    return row


def mapping_key(row: ValueMappingModel) -> tuple[MappedField, str]:
    return MappedField(row.field), row.external_value


def job_from_row(row: ImportJobModel) -> ImportJob:
    return ImportJob(
        id=row.id,
        tenant_id=row.tenant_id,
        source_id=row.source_id,
        source_key=row.source_key,
        state=JobState(row.state),
        total=row.total,
        counts={k: int(v) for k, v in (row.counts or {}).items()},
        actor_type=row.actor_type,
        actor_id=row.actor_id,
        created_at=row.created_at,
        idempotency_key=row.idempotency_key,
        started_at=row.started_at,
        finished_at=row.finished_at,
        lease_until=row.lease_until,
        runs=row.runs,
        problem=row.problem,
    )


def job_onto_row(job: ImportJob, row: ImportJobModel) -> ImportJobModel:
    row.id = job.id
    row.tenant_id = job.tenant_id
    row.source_id = job.source_id
    row.source_key = job.source_key
    row.state = job.state.value
    row.total = job.total
    row.counts = dict(job.counts)
    row.idempotency_key = job.idempotency_key
    row.actor_type = job.actor_type
    row.actor_id = job.actor_id
    row.problem = job.problem
    row.runs = job.runs
    row.created_at = job.created_at
    row.started_at = job.started_at
    row.finished_at = job.finished_at
    row.lease_until = job.lease_until
    return row


def record_to_json(record: ImportRecord) -> dict[str, Any]:
    if record.erased:
        return erased_record_json(record.kind.value)
    return {"kind": record.kind.value, "externalId": record.external_id, "data": record.data}


def erased_record_json(kind: str) -> dict[str, Any]:
    """A waiting batch's entry once an erasure blanked it: its kind and place, nothing else."""
    return {"kind": kind, "externalId": "", "data": {}, "erased": True}


def record_from_json(raw: dict[str, Any]) -> ImportRecord:
    return ImportRecord(
        kind=RecordKind(raw["kind"]),
        external_id=raw["externalId"],
        data=raw["data"],
        erased=bool(raw.get("erased", False)),
    )


def result_to_row(result: ImportResult) -> ImportResultModel:
    return ImportResultModel(
        id=result.id,
        tenant_id=result.tenant_id,
        job_id=result.job_id,
        position=result.position,
        kind=result.kind.value,
        external_id=result.external_id,
        outcome=result.outcome.value,
        record_id=result.record_id,
        warnings=[
            {"code": w.code.value, "field": w.field, "value": w.value, "message": w.message}
            for w in result.warnings
        ],
        message=result.message,
    )


def result_from_row(row: ImportResultModel) -> ImportResult:
    return ImportResult(
        id=row.id,
        tenant_id=row.tenant_id,
        job_id=row.job_id,
        position=row.position,
        kind=RecordKind(row.kind),
        external_id=row.external_id,
        outcome=Outcome(row.outcome),
        record_id=row.record_id,
        warnings=tuple(
            MappingWarning(WarningCode(w["code"]), w["field"], w.get("value"), w["message"])
            for w in row.warnings or []
        ),
        message=row.message,
    )
