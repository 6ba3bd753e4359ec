"""Connect: connected source systems push their customers, locations, contacts, work and visits
into a tenant, identified by their own ids, again and again without duplicates.

What happens to one record of a batch is decided here, without a database: the record is read
against the tenant's value mappings and what the source already created (`Known`), and becomes
either the details to write or a skip with mapping warnings. Nothing is guessed silently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.contacts import ContactDetails, ContactMethod
from ordinavo.domain.customers import CustomerDetails, CustomerStatus
from ordinavo.domain.errors import DomainError, InvalidValue, RuleViolation
from ordinavo.domain.locations import LocationDetails, Priority
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.work import TargetDetails, TargetStatus

MAX_BATCH = 1000  # records per import request
MAX_SOURCES = 20  # per tenant
MAX_MAPPINGS = 500  # per source
_SOURCE_KEY = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
SOURCE_KEY_PATTERN = _SOURCE_KEY.pattern


def source_key(value: str) -> str:
    """A source system's key, such as `erp`: lower-case, as external references name it."""
    cleaned = value.strip().lower()
    if not _SOURCE_KEY.match(cleaned):
        raise InvalidValue(
            "key must be 2 to 40 lower-case letters, digits, - or _, starting with a letter.",
            field="key",
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class SourceSystem:
    id: UUID
    tenant_id: UUID
    key: str
    name: str
    created_at: datetime

    @classmethod
    def register(
        cls, *, id: UUID, tenant_id: UUID, key: str, name: str, now: datetime
    ) -> SourceSystem:
        return cls(
            id=id,
            tenant_id=tenant_id,
            key=source_key(key),
            name=values.text(name, "name", max_length=100),
            created_at=now,
        )


class RecordKind(StrEnum):
    CUSTOMER = "customer"
    LOCATION = "location"
    CONTACT = "contact"
    TARGET = "target"  # work
    APPOINTMENT = "appointment"  # a visit


# Parents first: a batch is applied in this order, so a location may name a customer that
# comes later in the same batch.
KIND_ORDER = tuple(RecordKind)


class MappedField(StrEnum):
    """Fields whose values a source spells its own way, and a tenant admin may map."""

    CUSTOMER_STATUS = "customer.status"
    LOCATION_COUNTRY = "location.country"
    LOCATION_TIME_ZONE = "location.timeZone"
    CONTACT_METHOD = "contact.preferredContactMethod"
    TARGET_STATUS = "target.status"
    TARGET_PRIORITY = "target.priority"


def _known_value(mapped: MappedField, value: str) -> str:
    """The value as Ordinavo knows it, or InvalidValue."""
    match mapped:
        case MappedField.CUSTOMER_STATUS:
            status = CustomerStatus(value)
            if status is CustomerStatus.ARCHIVED:
                raise InvalidValue("archived", field=mapped.value)
            return status.value
        case MappedField.LOCATION_COUNTRY:
            return values.country(value) or ""
        case MappedField.LOCATION_TIME_ZONE:
            return values.time_zone(value, "timeZone") or ""
        case MappedField.CONTACT_METHOD:
            return ContactMethod(value).value
        case MappedField.TARGET_STATUS:
            return TargetStatus(value).value
        case MappedField.TARGET_PRIORITY:
            return Priority(value).value


def known_value(mapped: MappedField, value: str) -> str | None:
    """The value if Ordinavo knows it as it is spelled, else None."""
    try:
        return _known_value(mapped, value)
    except (ValueError, DomainError):
        return None


@dataclass(frozen=True, slots=True)
class ValueMapping:
    """A source's spelling of a value, and what it means here (ERP status `70` → completed)."""

    id: UUID
    tenant_id: UUID
    source_id: UUID
    field: MappedField
    external_value: str
    internal_value: str
    updated_at: datetime

    @classmethod
    def define(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        source_id: UUID,
        field: MappedField,
        external_value: str,
        internal_value: str,
        now: datetime,
    ) -> ValueMapping:
        mapped = MappedField(field)
        internal = known_value(mapped, internal_value.strip())
        if internal is None:
            raise RuleViolation(
                f"{internal_value!r} is not a value Ordinavo knows for {mapped.value}.",
                field="internalValue",
            )
        return cls(
            id=id,
            tenant_id=tenant_id,
            source_id=source_id,
            field=mapped,
            external_value=values.text(external_value, "externalValue", max_length=120),
            internal_value=internal,
            updated_at=now,
        )


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # with mapping warnings; nothing written
    FAILED = "failed"  # the record breaks a rule; nothing written


class WarningCode(StrEnum):
    UNKNOWN_VALUE = "unknown_value"
    UNKNOWN_REFERENCE = "unknown_reference"
    DUPLICATE_EXTERNAL_ID = "duplicate_external_id"
    MISSING_VALUE = "missing_value"
    ERASED = "erased"  # the record's data was erased here while the job waited


# What stays of a per-record result once the record it names is erased (customer deleted or
# anonymised, contact erased): its outcome and position, nothing that says whose it was.
ERASED_MESSAGE = "The record was erased here; what the source sent is no longer kept."


@dataclass(frozen=True, slots=True)
class MappingWarning:
    code: WarningCode
    field: str
    value: str | None
    message: str


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One record of a batch, as the source sent it (API field names, camelCase)."""

    kind: RecordKind
    external_id: str
    data: Mapping[str, Any]
    # Blanked in a waiting batch by an erasure: applied, it would bring the erased data back.
    erased: bool = False

    def fingerprint(self) -> str:
        """Equal for records that say the same: an identical re-send changes nothing."""
        canonical = json.dumps(
            [self.kind.value, self.external_id, dict(self.data)],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


def duplicate_positions(records: Sequence[ImportRecord]) -> frozenset[int]:
    """Positions of records whose (kind, external id) appears more than once in the batch:
    none of them is applied, since which one the source meant is not known."""
    counts = Counter((r.kind, r.external_id) for r in records if not r.erased)
    return frozenset(
        i for i, r in enumerate(records) if not r.erased and counts[(r.kind, r.external_id)] > 1
    )


def batch_order(records: Sequence[ImportRecord]) -> list[int]:
    """Positions in the order to apply them: parents before children, else as sent."""
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(range(len(records)), key=lambda i: (rank[records[i].kind], i))


@dataclass(frozen=True, slots=True)
class Link:
    """What a source's external id already stands for here."""

    record_id: UUID
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Known:
    """The answers a record's decision needs: the source's mappings, and which external ids
    of each kind already stand for a record here (with the record's own parent ids)."""

    source: str
    mappings: Mapping[tuple[MappedField, str], str]
    ids: Mapping[tuple[RecordKind, str], UUID] = field(default_factory=dict)

    def id_of(self, kind: RecordKind, external_id: str) -> UUID | None:
        return self.ids.get((kind, external_id))


@dataclass(frozen=True, slots=True)
class Decision:
    """What to write for one record, or why nothing is written."""

    warnings: tuple[MappingWarning, ...] = ()
    customer: CustomerDetails | None = None
    location: LocationDetails | None = None
    contact: ContactDetails | None = None
    target: TargetDetails | None = None
    target_status: TargetStatus | None = None
    window: tuple[datetime, datetime] | None = None
    # Internal ids of the record's parents, found through their external ids.
    customer_id: UUID | None = None
    location_id: UUID | None = None
    target_id: UUID | None = None

    @property
    def skipped(self) -> bool:
        return bool(self.warnings)


class _Reader:
    """Reads one record's fields, collecting warnings instead of stopping at the first."""

    def __init__(self, record: ImportRecord, known: Known) -> None:
        self.record = record
        self.known = known
        self.warnings: list[MappingWarning] = []

    def text(self, name: str) -> str | None:
        value = self.record.data.get(name)
        return None if value is None else str(value)

    def required(self, name: str) -> str:
        value = self.text(name)
        if value is None or not value.strip():
            self.warnings.append(
                MappingWarning(WarningCode.MISSING_VALUE, name, None, f"{name} is required.")
            )
            return ""
        return value

    def mapped(self, mapped: MappedField, name: str, default: str | None = None) -> str | None:
        raw = self.text(name)
        if raw is None:
            return default
        internal = self.known.mappings.get((mapped, raw))
        if internal is not None:
            return internal
        value = known_value(mapped, raw)
        if value is None:
            self.warnings.append(
                MappingWarning(
                    WarningCode.UNKNOWN_VALUE,
                    name,
                    raw,
                    f"{name} {raw!r} is not a value Ordinavo knows, and no value mapping of "
                    f"source {self.known.source!r} says what it means.",
                )
            )
        return value

    def parent(self, kind: RecordKind, name: str, *, required: bool) -> UUID | None:
        external = self.text(name)
        if external is None:
            if required:
                self.required(name)
            return None
        found = self.known.id_of(kind, external)
        if found is None:
            self.warnings.append(
                MappingWarning(
                    WarningCode.UNKNOWN_REFERENCE,
                    name,
                    external,
                    f"No {kind.value} with external id {external!r} is known from source "
                    f"{self.known.source!r}.",
                )
            )
        return found


def _instant(reader: _Reader, name: str) -> datetime | None:
    raw = reader.required(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        reader.warnings.append(
            MappingWarning(
                WarningCode.UNKNOWN_VALUE,
                name,
                raw,
                f"{name} must be a date and time with an offset (RFC 3339).",
            )
        )
        return None
    return moment


def decide(record: ImportRecord, known: Known) -> Decision:
    """What one record becomes. Raises DomainError when it breaks a rule (a failed record)."""
    reader = _Reader(record, known)
    match record.kind:
        case RecordKind.CUSTOMER:
            status = reader.mapped(MappedField.CUSTOMER_STATUS, "status", "active")
            details = CustomerDetails(
                name=reader.required("name"),
                customer_number=reader.text("customerNumber") or record.external_id,
                email=reader.text("email"),
                phone=reader.text("phone"),
                external_references=(ExternalReference.of(known.source, record.external_id),),
            )
            if reader.warnings:
                return Decision(tuple(reader.warnings))
            details = dataclasses.replace(details, status=CustomerStatus(status or "active"))
            return Decision(customer=details.validated())
        case RecordKind.LOCATION:
            customer_id = reader.parent(RecordKind.CUSTOMER, "customerExternalId", required=True)
            country = reader.mapped(MappedField.LOCATION_COUNTRY, "country")
            if country is None and reader.text("country") is None:
                reader.required("country")
            zone = reader.mapped(MappedField.LOCATION_TIME_ZONE, "timeZone")
            name, line, city = (reader.required(n) for n in ("name", "addressLine", "city"))
            if reader.warnings:
                return Decision(tuple(reader.warnings))
            location = LocationDetails(
                name=name,
                address_line=line,
                city=city,
                country=country or "",
                postal_code=reader.text("postalCode"),
                time_zone=zone,
            )
            return Decision(location=location.validated(), customer_id=customer_id)
        case RecordKind.CONTACT:
            customer_id = reader.parent(RecordKind.CUSTOMER, "customerExternalId", required=True)
            location_id = reader.parent(RecordKind.LOCATION, "locationExternalId", required=False)
            method = reader.mapped(MappedField.CONTACT_METHOD, "preferredContactMethod", "email")
            name = reader.required("name")
            if reader.warnings:
                return Decision(tuple(reader.warnings))
            contact = ContactDetails(
                name=name,
                email=reader.text("email"),
                phone=reader.text("phone"),
                mobile=reader.text("mobile"),
                preferred_contact_method=ContactMethod(method or "email"),
            )
            return Decision(
                contact=contact.validated(), customer_id=customer_id, location_id=location_id
            )
        case RecordKind.TARGET:
            customer_id = reader.parent(RecordKind.CUSTOMER, "customerExternalId", required=True)
            location_id = reader.parent(RecordKind.LOCATION, "locationExternalId", required=False)
            status = reader.mapped(MappedField.TARGET_STATUS, "status", "open")
            priority = reader.mapped(MappedField.TARGET_PRIORITY, "priority", "normal")
            title = reader.required("title")
            due = reader.text("dueDate")
            if reader.warnings:
                return Decision(tuple(reader.warnings))
            try:
                due_date = date.fromisoformat(due) if due else None
            except ValueError:
                raise InvalidValue(
                    "dueDate must be a date (YYYY-MM-DD).", field="dueDate"
                ) from None
            target = TargetDetails(
                title=title,
                priority=Priority(priority or "normal"),
                due_date=due_date,
                external_reference=ExternalReference.of(known.source, record.external_id),
            )
            return Decision(
                target=target.validated(),
                target_status=TargetStatus(status or "open"),
                customer_id=customer_id,
                location_id=location_id,
            )
        case RecordKind.APPOINTMENT:
            target_id = reader.parent(RecordKind.TARGET, "targetExternalId", required=True)
            starts, ends = _instant(reader, "startsAt"), _instant(reader, "endsAt")
            if reader.warnings or starts is None or ends is None:
                return Decision(tuple(reader.warnings))
            if ends <= starts:
                raise InvalidValue("The visit must end after it starts.", field="endsAt")
            if ends - starts > timedelta(hours=24):
                raise InvalidValue("A visit may last at most 24 hours.", field="endsAt")
            return Decision(window=(starts, ends), target_id=target_id)


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(slots=True)
class ImportJob:
    """One accepted batch and how far the worker has come with it."""

    id: UUID
    tenant_id: UUID
    source_id: UUID
    source_key: str
    state: JobState
    total: int
    counts: dict[str, int]
    actor_type: str  # who sent the batch: the worker applies it under this actor
    actor_id: UUID | None
    created_at: datetime
    idempotency_key: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    lease_until: datetime | None = None
    runs: int = 0
    problem: str | None = None

    @classmethod
    def queue(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        source: SourceSystem,
        total: int,
        actor_type: str,
        actor_id: UUID | None,
        idempotency_key: str | None,
        now: datetime,
        max_batch: int = MAX_BATCH,
    ) -> ImportJob:
        if not 1 <= total <= max_batch:
            raise RuleViolation(f"A batch holds 1 to {max_batch} records.", field="records")
        return cls(
            id=id,
            tenant_id=tenant_id,
            source_id=source.id,
            source_key=source.key,
            state=JobState.QUEUED,
            total=total,
            counts={o.value: 0 for o in Outcome},
            actor_type=actor_type,
            actor_id=actor_id,
            created_at=now,
            idempotency_key=idempotency_key,
        )

    def claimable(self, now: datetime) -> bool:
        """Queued, or running under a lease that ran out (its worker was lost)."""
        if self.state is JobState.QUEUED:
            return True
        return self.state is JobState.RUNNING and (
            self.lease_until is None or self.lease_until <= now
        )

    def start(self, now: datetime, lease: timedelta) -> None:
        if not self.claimable(now):
            raise RuleViolation("The import job is not waiting for a worker.")
        self.state = JobState.RUNNING
        self.started_at = self.started_at or now
        self.lease_until = now + lease
        self.runs += 1

    def extend(self, now: datetime, lease: timedelta) -> None:
        self.lease_until = now + lease

    def finish(self, counts: Mapping[str, int], now: datetime) -> None:
        self.counts = {o.value: int(counts.get(o.value, 0)) for o in Outcome}
        self.state = JobState.DONE
        self.finished_at = now
        self.lease_until = None

    def fail(self, problem: str, now: datetime) -> None:
        self.state = JobState.FAILED
        self.problem = problem
        self.finished_at = now
        self.lease_until = None

    @property
    def unchanged(self) -> bool:
        """Done, and not one record was written: an identical re-send."""
        return self.state is JobState.DONE and self.counts.get(Outcome.UNCHANGED.value) == (
            self.total
        )


MAX_RUNS = 5  # a job that lost its worker this often is given up as failed


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What became of one record of a job."""

    id: UUID
    tenant_id: UUID
    job_id: UUID
    position: int
    kind: RecordKind
    external_id: str
    outcome: Outcome
    record_id: UUID | None = None
    warnings: tuple[MappingWarning, ...] = ()
    message: str | None = None
