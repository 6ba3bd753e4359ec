"""Use cases of visit reports, their files, follow-ups and billing triggers, against fakes."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest

from ordinavo.application.errors import Forbidden, NotFound, PayloadTooLarge
from ordinavo.application.ports.reports import ReportFilter
from ordinavo.application.uploads import Upload, UploadPolicy, store_upload
from ordinavo.application.use_cases.attachments.upload_report_attachment import (
    UploadReportAttachment,
)
from ordinavo.application.use_cases.follow_ups.plan_follow_up import FollowUpPlan, PlanFollowUp
from ordinavo.application.use_cases.reports.approve_report import ApproveReport
from ordinavo.application.use_cases.reports.change_report import ChangeReport
from ordinavo.application.use_cases.reports.delete_report import DeleteReport
from ordinavo.application.use_cases.reports.list_reports import ListReports
from ordinavo.application.use_cases.reports.submit_report import SubmitReport
from ordinavo.application.use_cases.reports.write_report import NewReport, WriteReport
from ordinavo.application.use_cases.work.assign_target import AssignTarget
from ordinavo.domain.attachments import ContentMismatch
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.follow_ups import FollowUpStatus
from ordinavo.domain.identity import Actor
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.reports import ReportContent, ReportStatus, VisitReport
from ordinavo.domain.work import Target
from tests.unit.fakes import Kit
from tests.unit.test_work_use_cases import ADMIN, DISPATCHER, MANAGER, A, _employee, _work

PDF = b"%PDF-1.7\n" + b"x" * 200


async def _chunks(
    data: bytes, size: int = 64, seen: list[int] | None = None
) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        if seen is not None:
            seen.append(start)
        yield data[start : start + size]


def _upload(data: bytes = PDF, name: str = "sheet.pdf", kind: str = "application/pdf") -> Upload:
    return Upload(file_name=name, content_type=kind, chunks=_chunks(data))


async def _assigned_work(kit: Kit) -> tuple[Actor, Target]:
    employee = await _employee(kit)
    target, _ = await _work(kit)
    await kit.build(AssignTarget, A)(DISPATCHER, target.id, employee.id)
    return employee, target


async def _write(kit: Kit, actor: Actor, target: Target, **content: object) -> VisitReport:
    return await kit.build(WriteReport, A)(
        actor,
        NewReport(
            target_id=target.id,
            content=ReportContent(title="Oven serviced", **content),  # type: ignore[arg-type]
            given_fields=frozenset({"title"}),
        ),
    )


async def _approved(kit: Kit, **content: object) -> VisitReport:
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target, **content)
    await kit.build(SubmitReport, A)(employee, report.id)
    return await kit.build(ApproveReport, A)(MANAGER, report.id)


# --- writing and reviewing -----------------------------------------------------------------------


async def test_an_employee_writes_a_report_on_assigned_work_only() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    assert (report.status, report.author_id) == (ReportStatus.DRAFT, employee.id)
    other, _ = await _work(kit)
    with pytest.raises(NotFound):
        await _write(kit, employee, other)
    assert [r.id for r in kit.of_kind("reports")] == [report.id]


async def test_an_employee_may_not_write_internal_notes() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    with pytest.raises(Forbidden, match="internalNotes"):
        await kit.build(WriteReport, A)(
            employee,
            NewReport(
                target_id=target.id,
                content=ReportContent(title="X", internal_notes="secret"),
                given_fields=frozenset({"title", "internalNotes"}),
            ),
        )
    assert kit.of_kind("reports") == []


async def test_a_manager_writes_no_report_and_an_employee_approves_none() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    with pytest.raises(Forbidden):
        await _write(kit, MANAGER, target)
    report = await _write(kit, employee, target)
    await kit.build(SubmitReport, A)(employee, report.id)
    with pytest.raises(Forbidden):
        await kit.build(ApproveReport, A)(employee, report.id)
    [stored] = kit.of_kind("reports")
    assert stored.status is ReportStatus.SUBMITTED


async def test_another_employee_neither_sees_nor_changes_the_report() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    stranger = await _employee(kit, "Eva Schulz")
    with pytest.raises(NotFound):
        await kit.build(ChangeReport, A)(stranger, report.id, {"title": "Mine"}, frozenset())
    listed = await kit.build(ListReports, A)(stranger, PageRequest(), ReportFilter())
    assert listed.items == []
    mine = await kit.build(ListReports, A)(employee, PageRequest(), ReportFilter())
    assert [r.id for r in mine.items] == [report.id]


async def test_approval_raises_one_follow_up_need_and_one_billing_trigger() -> None:
    kit = Kit()
    report = await _approved(
        kit, follow_up_required=True, follow_up_description="Seal worn", billable=True
    )
    [need] = kit.of_kind("follow_ups")
    [trigger] = kit.of_kind("billing_triggers")
    assert (need.report_id, need.status) == (report.id, FollowUpStatus.NEEDED)
    assert (trigger.report_id, trigger.approved_by) == (report.id, MANAGER.id)
    types = [e.type for e in kit.of_kind("events")]
    assert {"report.approved", "follow_up.needed", "billing.triggered"} <= set(types)
    # Edited and approved again: still one of each.
    await kit.build(ChangeReport, A)(ADMIN, report.id, {"summary": "Fixed"}, frozenset())
    await kit.build(ApproveReport, A)(MANAGER, report.id)
    assert len(kit.of_kind("follow_ups")) == 1
    assert len(kit.of_kind("billing_triggers")) == 1


async def test_the_billing_event_never_carries_the_billing_details() -> None:
    kit = Kit()
    employee = await _employee(kit)
    target, _ = await _work(kit, ADMIN, billing_details="Invoice HQ, PO 4711")
    await kit.build(AssignTarget, A)(DISPATCHER, target.id, employee.id)
    report = await _write(kit, employee, target, billable=True)
    await kit.build(SubmitReport, A)(employee, report.id)
    await kit.build(ApproveReport, A)(MANAGER, report.id)
    [trigger] = kit.of_kind("billing_triggers")
    assert trigger.billing_details == "Invoice HQ, PO 4711"
    [event] = [e for e in kit.of_kind("events") if e.type == "billing.triggered"]
    assert "PO 4711" not in repr(event.payload)


async def test_planning_a_follow_up_creates_linked_work_at_the_same_place() -> None:
    kit = Kit()
    report = await _approved(kit, follow_up_required=True, follow_up_description="Seal")
    [need] = kit.of_kind("follow_ups")
    planned, work = await kit.build(PlanFollowUp, A)(
        DISPATCHER, need.id, FollowUpPlan(title="Replace seal", customer_note="New seal.")
    )
    assert planned.status is FollowUpStatus.PLANNED
    assert planned.planned_target_id == work.id
    assert (work.customer_id, work.location_id) == (report.customer_id, report.location_id)
    with pytest.raises(NotFound):
        await kit.build(PlanFollowUp, A)(DISPATCHER, uuid4(), FollowUpPlan(title="X"))


# --- files ---------------------------------------------------------------------------------------


async def test_an_upload_is_stored_with_its_checksum_under_a_generated_key() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    file = await kit.build(UploadReportAttachment, A)(employee, report.id, _upload())
    assert file.checksum_sha256 == hashlib.sha256(PDF).hexdigest()
    assert (file.size, file.media_type, file.released_at) == (len(PDF), "application/pdf", None)
    assert kit.storage.keys() == [f"{A}/{report.customer_id}/{file.id}"]
    assert b"".join([c async for c in kit.storage.read(file.storage_key)]) == PDF


async def test_a_file_over_the_limit_is_refused_while_it_streams() -> None:
    storage = Kit().storage
    data = b"%PDF-1.7\n" + b"0" * 10_000
    seen: list[int] = []
    upload = Upload(
        file_name="big.pdf", content_type="application/pdf", chunks=_chunks(data, 100, seen)
    )
    with pytest.raises(PayloadTooLarge):
        await store_upload(storage, "t/c/a", upload, UploadPolicy(max_bytes=1000))
    assert storage.keys() == []
    assert len(seen) <= 11  # stopped at the chunk that crossed 1000 bytes, not at the end


async def test_a_declared_size_over_the_limit_is_refused_before_reading() -> None:
    storage = Kit().storage
    seen: list[int] = []
    upload = Upload(
        file_name="big.pdf",
        content_type="application/pdf",
        chunks=_chunks(PDF, seen=seen),
        declared_size=5000,
    )
    with pytest.raises(PayloadTooLarge):
        await store_upload(storage, "t/c/a", upload, UploadPolicy(max_bytes=1000))
    assert seen == []


async def test_content_that_does_not_fit_the_declared_type_is_refused() -> None:
    storage = Kit().storage
    with pytest.raises(ContentMismatch):
        await store_upload(
            storage,
            "t/c/a",
            _upload(b"just some notes " * 50, "x.png", "image/png"),
            UploadPolicy(),
        )
    assert storage.keys() == []


async def test_an_empty_file_is_refused() -> None:
    storage = Kit().storage
    with pytest.raises(InvalidValue):
        await store_upload(storage, "t/c/a", _upload(b"", "x.txt", "text/plain"), UploadPolicy())
    assert storage.keys() == []


async def test_a_failed_commit_leaves_no_stored_file() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    use_case = kit.build(UploadReportAttachment, A)

    async def failing_commit() -> None:
        raise RuntimeError("database went away")

    use_case._uow.commit = failing_commit
    with pytest.raises(RuntimeError):
        await use_case(employee, report.id, _upload())
    assert kit.storage.keys() == []


async def test_only_the_author_adds_files_and_a_bad_name_is_refused_before_reading() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    seen: list[int] = []
    bad = Upload(
        file_name="../x.pdf", content_type="application/pdf", chunks=_chunks(PDF, seen=seen)
    )
    with pytest.raises(InvalidValue):
        await kit.build(UploadReportAttachment, A)(employee, report.id, bad)
    assert seen == []
    with pytest.raises(Forbidden):
        await kit.build(UploadReportAttachment, A)(MANAGER, report.id, _upload())
    assert kit.storage.keys() == []


async def test_deleting_a_report_removes_its_stored_files() -> None:
    kit = Kit()
    employee, target = await _assigned_work(kit)
    report = await _write(kit, employee, target)
    upload = kit.build(UploadReportAttachment, A)
    await upload(employee, report.id, _upload())
    await upload(employee, report.id, _upload(name="second.pdf"))
    assert len(kit.storage.keys()) == 2
    with pytest.raises(Forbidden):
        await kit.build(DeleteReport, A)(MANAGER, report.id)
    await kit.build(DeleteReport, A)(ADMIN, report.id)
    assert kit.storage.keys() == []
    assert kit.of_kind("reports") == [] and kit.of_kind("attachments") == []


async def test_removing_a_tenant_removes_its_stored_files_and_no_others() -> None:
    from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
    from ordinavo.application.use_cases.tenants.remove_tenant import RemoveTenant

    kit = Kit()
    made = {}
    for slug in ("acme", "globex"):
        made[slug] = await kit.build(CreateTenant)(
            slug=slug, name=slug.title(), admin_email=f"a@{slug}.example", admin_name="A"
        )
        tenant_id = made[slug].tenant.id
        await kit.storage.put(f"{tenant_id}/{uuid4()}/{uuid4()}", _chunks(PDF))
    await kit.build(RemoveTenant)("acme")
    assert [key.split("/")[0] for key in kit.storage.keys()] == [str(made["globex"].tenant.id)]


async def test_the_employee_of_a_finished_visit_still_writes_its_report() -> None:
    from ordinavo.application.use_cases.appointments.plan_appointment import (
        NewAppointment,
        PlanAppointment,
    )
    from ordinavo.application.use_cases.appointments.report_visit_status import (
        ReportVisitStatus,
    )
    from ordinavo.domain.appointments import AppointmentStatus
    from tests.unit.test_work_use_cases import _window

    kit = Kit()
    employee = await _employee(kit)
    target, _ = await _work(kit)
    visit = await kit.build(PlanAppointment, A)(
        DISPATCHER,
        NewAppointment(target_id=target.id, window=_window(), assigned_employee_id=employee.id),
    )
    for status in (AppointmentStatus.STARTED, AppointmentStatus.DONE):
        await kit.build(ReportVisitStatus, A)(employee, visit.id, status)
    report = await kit.build(WriteReport, A)(
        employee,
        NewReport(
            target_id=target.id,
            content=ReportContent(title="Done"),
            given_fields=frozenset({"title"}),
            appointment_id=visit.id,
        ),
    )
    assert report.appointment_id == visit.id
    other = await _employee(kit, "Eva Schulz")
    with pytest.raises(NotFound):  # the visit is not hers
        await kit.build(WriteReport, A)(
            other,
            NewReport(
                target_id=target.id,
                content=ReportContent(title="Mine"),
                given_fields=frozenset({"title"}),
                appointment_id=visit.id,
            ),
        )
