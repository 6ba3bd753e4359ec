"""What becomes of one record of a batch: decided without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from ordinavo.domain.connect import (
    ImportJob,
    ImportRecord,
    JobState,
    Known,
    MappedField,
    RecordKind,
    SourceSystem,
    ValueMapping,
    WarningCode,
    batch_order,
    decide,
    duplicate_positions,
    source_key,
)
from ordinavo.domain.errors import DomainError, InvalidValue, RuleViolation
from ordinavo.domain.work import TargetStatus

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CUSTOMER = uuid4()


def known(**mappings: str) -> Known:
    return Known(
        "erp",
        {(MappedField.TARGET_STATUS, k): v for k, v in mappings.items()},
        {(RecordKind.CUSTOMER, "C-1"): CUSTOMER},
    )


def work(**data: object) -> ImportRecord:
    return ImportRecord(
        RecordKind.TARGET, "T-1", {"customerExternalId": "C-1", "title": "Inspect", **data}
    )


def test_an_unknown_status_is_a_warning_not_a_guess() -> None:
    decision = decide(work(status="70"), known())
    assert decision.skipped
    (warning,) = decision.warnings
    assert (warning.code, warning.field, warning.value) == (
        WarningCode.UNKNOWN_VALUE,
        "status",
        "70",
    )


def test_a_value_mapping_names_the_status_the_source_meant() -> None:
    decision = decide(work(status="70"), known(**{"70": "completed"}))
    assert not decision.skipped
    assert decision.target_status is TargetStatus.COMPLETED
    assert decision.customer_id == CUSTOMER


def test_work_of_an_unknown_customer_is_skipped_with_the_reference_named() -> None:
    decision = decide(work(customerExternalId="C-404"), known())
    (warning,) = decision.warnings
    assert (warning.code, warning.field, warning.value) == (
        WarningCode.UNKNOWN_REFERENCE,
        "customerExternalId",
        "C-404",
    )


def test_every_warning_of_a_record_is_reported_at_once() -> None:
    decision = decide(work(customerExternalId="C-404", status="x", priority="y"), known())
    assert {w.field for w in decision.warnings} == {"customerExternalId", "status", "priority"}


def test_a_contact_at_an_unknown_location_is_skipped() -> None:
    record = ImportRecord(
        RecordKind.CONTACT,
        "P-1",
        {"customerExternalId": "C-1", "locationExternalId": "L-9", "name": "Jana"},
    )
    (warning,) = decide(record, known()).warnings
    assert warning.field == "locationExternalId"


def test_an_unknown_country_time_zone_and_contact_method_are_warnings() -> None:
    location = ImportRecord(
        RecordKind.LOCATION,
        "L-1",
        {
            "customerExternalId": "C-1",
            "name": "Depot",
            "addressLine": "Main 1",
            "city": "Berlin",
            "country": "Germany",
            "timeZone": "Mars/Olympus",
        },
    )
    assert {w.field for w in decide(location, known()).warnings} == {"country", "timeZone"}
    contact = ImportRecord(
        RecordKind.CONTACT,
        "P-1",
        {"customerExternalId": "C-1", "name": "Jana", "preferredContactMethod": "fax"},
    )
    assert [w.field for w in decide(contact, known()).warnings] == ["preferredContactMethod"]


def test_a_record_that_breaks_a_rule_fails_rather_than_being_skipped() -> None:
    record = ImportRecord(RecordKind.CUSTOMER, "C-2", {"name": "X", "email": "not an address"})
    with pytest.raises(DomainError):
        decide(record, known())


def test_a_visit_that_ends_before_it_starts_fails() -> None:
    record = ImportRecord(
        RecordKind.APPOINTMENT,
        "A-1",
        {
            "targetExternalId": "T-1",
            "startsAt": "2026-12-04T10:00:00+00:00",
            "endsAt": "2026-12-04T09:00:00+00:00",
        },
    )
    target_known = Known("erp", {}, {(RecordKind.TARGET, "T-1"): uuid4()})
    with pytest.raises(InvalidValue):
        decide(record, target_known)


def test_imported_customers_carry_their_source_reference() -> None:
    record = ImportRecord(RecordKind.CUSTOMER, "C-7", {"name": "Northwind"})
    decision = decide(record, known())
    assert decision.customer is not None
    assert [(r.system, r.reference) for r in decision.customer.external_references] == [
        ("erp", "C-7")
    ]
    assert decision.customer.customer_number == "C-7"


def test_duplicate_external_ids_in_one_batch_are_all_held_back() -> None:
    records = [
        ImportRecord(RecordKind.CUSTOMER, "C-1", {"name": "A"}),
        ImportRecord(RecordKind.CUSTOMER, "C-1", {"name": "B"}),
        ImportRecord(RecordKind.LOCATION, "C-1", {}),  # another kind: not a duplicate
    ]
    assert duplicate_positions(records) == {0, 1}


def test_parents_are_applied_before_their_children() -> None:
    records = [
        ImportRecord(RecordKind.APPOINTMENT, "A", {}),
        ImportRecord(RecordKind.TARGET, "T", {}),
        ImportRecord(RecordKind.CUSTOMER, "C", {}),
        ImportRecord(RecordKind.LOCATION, "L", {}),
    ]
    assert batch_order(records) == [2, 3, 1, 0]


def test_an_identical_record_has_the_same_fingerprint_and_a_changed_one_does_not() -> None:
    assert work().fingerprint() == work().fingerprint()
    assert work().fingerprint() != work(title="Other").fingerprint()


def test_a_mapping_must_name_a_value_ordinavo_knows() -> None:
    with pytest.raises(RuleViolation):
        ValueMapping.define(
            id=uuid4(),
            tenant_id=uuid4(),
            source_id=uuid4(),
            field=MappedField.TARGET_STATUS,
            external_value="70",
            internal_value="finished",
            now=NOW,
        )


def test_source_keys_are_lower_case_words() -> None:
    assert source_key(" ERP ") == "erp"
    with pytest.raises(InvalidValue):
        source_key("e rp")


def _job() -> ImportJob:
    source = SourceSystem.register(id=uuid4(), tenant_id=uuid4(), key="erp", name="ERP", now=NOW)
    return ImportJob.queue(
        id=uuid4(),
        tenant_id=source.tenant_id,
        source=source,
        total=3,
        actor_type="integration",
        actor_id=uuid4(),
        idempotency_key=None,
        now=NOW,
    )


def test_a_running_job_is_taken_over_only_after_its_lease_ran_out() -> None:
    job = _job()
    job.start(NOW, timedelta(minutes=5))
    assert job.state is JobState.RUNNING
    assert not job.claimable(NOW + timedelta(minutes=4))
    assert job.claimable(NOW + timedelta(minutes=5))


def test_a_batch_must_hold_records_within_the_limit() -> None:
    source = SourceSystem.register(id=uuid4(), tenant_id=uuid4(), key="erp", name="ERP", now=NOW)
    for total in (0, 1001):
        with pytest.raises(RuleViolation):
            ImportJob.queue(
                id=uuid4(),
                tenant_id=source.tenant_id,
                source=source,
                total=total,
                actor_type="integration",
                actor_id=None,
                idempotency_key=None,
                now=NOW,
            )


def test_a_job_that_wrote_nothing_says_it_was_unchanged() -> None:
    job = _job()
    job.start(NOW, timedelta(minutes=5))
    job.finish({"unchanged": 3}, NOW)
    assert job.unchanged and job.lease_until is None
