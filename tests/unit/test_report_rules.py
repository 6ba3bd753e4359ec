"""Rules of visit reports, publication, attachments, follow-ups and billing triggers."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from ordinavo.domain import attachments, publication
from ordinavo.domain.attachments import (
    Attachment,
    ContentMismatch,
    FileTooLarge,
    UploadMeter,
    content_matches,
    storage_key,
)
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp, FollowUpStatus
from ordinavo.domain.reports import PortalTexts, ReportContent, ReportStatus, VisitReport
from ordinavo.domain.tenants import TenantSettings
from ordinavo.domain.work import Origin, Target, TargetDetails
from ordinavo.entrypoints.common.downloads import content_disposition
from tests.unit.fakes import NOW

T = UUID(int=7)
MANAGER = uuid4()
TEXTS = PortalTexts("Your oven is ready", "We cleaned the burners.", "Thank you!")


def _target() -> Target:
    customer = Customer.register(
        id=uuid4(),
        tenant_id=T,
        details=CustomerDetails(name="Bakery", customer_number="C-1"),
        now=NOW,
    )
    return Target.create(
        id=uuid4(),
        customer=customer,
        location=None,
        contact=None,
        details=TargetDetails(title="Oven service"),
        origin=Origin.MANUAL,
        now=NOW,
    )


def _report(**content: object) -> VisitReport:
    return VisitReport.write(
        id=uuid4(),
        target=_target(),
        appointment=None,
        author_id=uuid4(),
        content=ReportContent(title="Oven serviced", **content),  # type: ignore[arg-type]
        now=NOW,
    )


def _approved(**content: object) -> VisitReport:
    report = _report(**content)
    report.submit(NOW)
    report.approve(MANAGER, NOW)
    return report


# --- the workflow ----------------------------------------------------------------------------


def test_a_report_goes_from_draft_through_review_to_approved() -> None:
    report = _report()
    assert report.status is ReportStatus.DRAFT
    report.submit(NOW)
    report.request_changes(MANAGER, "Add the part numbers.", NOW)
    assert report.status is ReportStatus.CHANGES_REQUESTED
    assert report.review is not None and report.review.comment == "Add the part numbers."
    report.submit(NOW)
    report.approve(MANAGER, NOW)
    assert report.status is ReportStatus.APPROVED
    assert report.review is not None and report.review.reviewed_by == MANAGER


def test_only_a_submitted_report_can_be_approved_or_sent_back() -> None:
    report = _report()
    with pytest.raises(RuleViolation):
        report.approve(MANAGER, NOW)
    with pytest.raises(RuleViolation):
        report.request_changes(MANAGER, "No.", NOW)
    approved = _approved()
    with pytest.raises(RuleViolation):
        approved.submit(NOW)


def test_sending_back_needs_a_comment() -> None:
    report = _report()
    report.submit(NOW)
    with pytest.raises(InvalidValue):
        report.request_changes(MANAGER, "   ", NOW)
    assert report.status is ReportStatus.SUBMITTED


def test_a_follow_up_requirement_needs_a_description_and_only_then() -> None:
    with pytest.raises(InvalidValue):
        _report(follow_up_required=True)
    with pytest.raises(InvalidValue):
        _report(follow_up_description="Seal")
    assert _report(follow_up_required=True, follow_up_description="Seal").content.follow_up_required


def test_editing_an_approved_report_sends_it_back_to_review_and_off_the_portal() -> None:
    report = _approved()
    publication.publish(report, TEXTS, MANAGER, NOW)
    changed, unpublished = report.revise({"summary": "Corrected."}, NOW + timedelta(hours=1))
    assert changed == ["summary"]
    assert unpublished is True
    assert report.status is ReportStatus.SUBMITTED
    assert report.publication is None and report.review is None


def test_an_internal_note_alone_leaves_an_approved_report_approved() -> None:
    report = _approved()
    changed, unpublished = report.revise({"internal_notes": "Paid in cash."}, NOW)
    assert changed == ["internal_notes"]
    assert (report.status, unpublished) == (ReportStatus.APPROVED, False)
    assert report.review is not None


def test_an_edit_that_changes_nothing_changes_no_status() -> None:
    report = _approved()
    assert report.revise({"title": "Oven serviced"}, NOW) == ([], False)
    assert report.status is ReportStatus.APPROVED


def test_an_appointment_of_other_work_cannot_carry_the_report() -> None:
    from ordinavo.domain.appointments import Appointment, AppointmentStatus, Window

    target, other = _target(), _target()
    visit = Appointment(
        id=uuid4(),
        tenant_id=T,
        target_id=other.id,
        customer_id=other.customer_id,
        location_id=uuid4(),
        window=Window.of(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1)),
        status=AppointmentStatus.PLANNED,
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(RuleViolation):
        VisitReport.write(
            id=uuid4(),
            target=target,
            appointment=visit,
            author_id=uuid4(),
            content=ReportContent(title="X"),
            now=NOW,
        )


# --- publication -----------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["draft", "submitted", "changes requested"])
def test_only_an_approved_report_can_be_published(step: str) -> None:
    report = _report()
    if step != "draft":
        report.submit(NOW)
    if step == "changes requested":
        report.request_changes(MANAGER, "More.", NOW)
    with pytest.raises(RuleViolation):
        publication.publish(report, TEXTS, MANAGER, NOW)
    assert report.publication is None


@pytest.mark.parametrize(
    "texts",
    [
        PortalTexts("", "Summary", "Message"),
        PortalTexts("Title", "  ", "Message"),
        PortalTexts("Title", "Summary", ""),
    ],
)
def test_publishing_needs_every_text_for_the_customer(texts: PortalTexts) -> None:
    report = _approved()
    with pytest.raises(InvalidValue):
        publication.publish(report, texts, MANAGER, NOW)
    assert report.publication is None


def test_publication_records_who_and_when_and_unpublish_removes_it() -> None:
    report = _approved()
    published = publication.publish(report, TEXTS, MANAGER, NOW)
    assert (published.published_by, published.published_at) == (MANAGER, NOW)
    assert report.is_published
    publication.unpublish(report, NOW)
    assert not report.is_published
    with pytest.raises(RuleViolation):
        publication.unpublish(report, NOW)


def _file(report: VisitReport | None = None, request_id: UUID | None = None) -> Attachment:
    return Attachment(
        id=uuid4(),
        tenant_id=T,
        customer_id=uuid4(),
        location_id=None,
        report_id=report.id if report else None,
        request_id=request_id,
        file_name="sheet.pdf",
        media_type="application/pdf",
        size=10,
        checksum_sha256="0" * 64,
        storage_key="k",
        uploaded_by_type="user",
        uploaded_by_id=uuid4(),
        uploaded_at=NOW,
    )


def test_a_file_is_released_one_by_one_and_the_release_can_be_withdrawn() -> None:
    file = _file(_approved())
    assert not file.is_released
    assert publication.release(file, MANAGER, NOW) is True
    assert publication.release(file, MANAGER, NOW) is False  # already released
    assert (file.released_at, file.released_by) == (NOW, MANAGER)
    assert publication.withdraw_release(file) is True
    assert publication.withdraw_release(file) is False
    assert (file.released_at, file.released_by) == (None, None)


def test_a_request_file_cannot_be_released() -> None:
    with pytest.raises(RuleViolation):
        publication.release(_file(request_id=uuid4()), MANAGER, NOW)


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "dir/file.pdf",
        "dir\\file.pdf",
        "report\r\n.pdf",
        "report\x00.pdf",
        "invoice\u202efdp.exe",
        "zero\u200bwidth.pdf",
        "a" * 201,
        ".htaccess",
        "",
        "   ",
    ],
)
def test_harmful_file_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidValue):
        attachments.file_name(name)


def test_ordinary_names_in_any_script_are_kept() -> None:
    assert attachments.file_name(" Prüfbericht März.pdf ") == "Prüfbericht März.pdf"
    assert attachments.file_name("تقرير الزيارة.pdf") == "تقرير الزيارة.pdf"


@pytest.mark.parametrize(
    ("kind", "head", "fits"),
    [
        ("application/pdf", b"%PDF-1.7\n", True),
        ("application/pdf", b"MZ\x90\x00", False),
        ("image/png", b"\x89PNG\r\n\x1a\n....", True),
        ("image/png", b"\xff\xd8\xff\xe0", False),
        ("image/jpeg", b"\xff\xd8\xff\xe0", True),
        ("image/gif", b"GIF89a", True),
        ("image/webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
        ("image/webp", b"RIFF\x00\x00\x00\x00WAVEfmt ", False),
        ("text/plain", "Grüße\n".encode(), True),
        ("text/plain", "Grü".encode()[:-1], True),  # a character cut at the sample's end
        ("text/plain", b"%PDF-1.7\n", False),
        ("text/plain", b"plain\x00binary", False),
        ("text/plain", b"\xff\xfe\xfa bad", False),
    ],
)
def test_the_declared_type_must_fit_the_first_bytes(kind: str, head: bytes, fits: bool) -> None:
    assert content_matches(kind, head) is fits


@pytest.mark.parametrize("declared", ["application/x-msdownload", "text/html", "", None])
def test_types_outside_the_list_are_refused(declared: str | None) -> None:
    with pytest.raises(InvalidValue):
        attachments.media_type(declared)


def test_declared_types_are_read_without_parameters_and_case() -> None:
    assert attachments.media_type("Text/Plain; charset=utf-8") == "text/plain"


def test_the_meter_counts_hashes_and_stops_past_the_limit() -> None:
    meter = UploadMeter("application/pdf", limit=10)
    meter.feed(b"%PDF-")
    meter.feed(b"12345")
    assert meter.size == 10
    assert meter.checksum == hashlib.sha256(b"%PDF-12345").hexdigest()
    meter.check_content()
    with pytest.raises(FileTooLarge):
        meter.feed(b"6")


def test_the_meter_refuses_content_of_another_type() -> None:
    meter = UploadMeter("image/png", limit=100)
    meter.feed(b"%PDF-1.7")
    with pytest.raises(ContentMismatch):
        meter.check_content()


def test_storage_keys_are_generated_from_ids_only() -> None:
    tenant, customer, file = uuid4(), uuid4(), uuid4()
    assert storage_key(tenant, customer, file) == f"{tenant}/{customer}/{file}"


def test_the_download_name_header_carries_no_raw_quote_or_line_break() -> None:
    header = content_disposition('Prüf"bericht; März.pdf')
    assert header.startswith('attachment; filename="Pr_f_bericht_ M_rz.pdf"; ')
    assert header.endswith("filename*=UTF-8''Pr%C3%BCf%22bericht%3B%20M%C3%A4rz.pdf")
    assert "\r" not in header and "\n" not in header


# --- follow-ups and billing --------------------------------------------------------------------


def test_an_approved_report_that_requires_a_follow_up_makes_a_need() -> None:
    report = _approved(follow_up_required=True, follow_up_description="Door seal worn")
    need = FollowUp.from_report(id=uuid4(), report=report, now=NOW)
    assert (need.status, need.description, need.original_target_id) == (
        FollowUpStatus.NEEDED,
        "Door seal worn",
        report.target_id,
    )
    target_id = uuid4()
    need.plan(target_id, "We will replace the seal.", NOW)
    assert (need.status, need.planned_target_id, need.customer_note) == (
        FollowUpStatus.PLANNED,
        target_id,
        "We will replace the seal.",
    )
    with pytest.raises(RuleViolation):
        need.plan(uuid4(), None, NOW)


def test_no_need_from_a_report_that_requires_none_or_is_not_approved() -> None:
    with pytest.raises(RuleViolation):
        FollowUp.from_report(id=uuid4(), report=_approved(), now=NOW)
    draft = _report(follow_up_required=True, follow_up_description="Seal")
    with pytest.raises(RuleViolation):
        FollowUp.from_report(id=uuid4(), report=draft, now=NOW)


def test_a_billing_trigger_needs_an_approved_billable_report() -> None:
    trigger = BillingTrigger.for_report(
        id=uuid4(), report=_approved(billable=True), billing_details="PO 4711", now=NOW
    )
    assert (trigger.approved_by, trigger.billing_details) == (MANAGER, "PO 4711")
    with pytest.raises(RuleViolation):
        BillingTrigger.for_report(id=uuid4(), report=_approved(), billing_details=None, now=NOW)
    with pytest.raises(RuleViolation):
        BillingTrigger.for_report(
            id=uuid4(), report=_report(billable=True), billing_details=None, now=NOW
        )


def test_portal_attachment_access_is_off_unless_switched_on() -> None:
    assert TenantSettings().portal_attachments_enabled is False
    with pytest.raises(InvalidValue):
        TenantSettings(portal_attachments_enabled="yes")  # type: ignore[arg-type]


def test_a_requests_file_is_shown_on_the_portal_when_the_customer_sent_it_or_on_a_reply() -> None:
    sent = _file(request_id=uuid4())
    sent.uploaded_by_type = attachments.BY_PORTAL_USER
    assert attachments.shown_on_portal(sent, None)
    staff_loose = _file(request_id=uuid4())  # staff's, on no reply
    assert not attachments.shown_on_portal(staff_loose, None)
    on_reply = _file(request_id=uuid4())
    on_reply.comment_id = uuid4()
    assert attachments.shown_on_portal(on_reply, False)
    assert not attachments.shown_on_portal(on_reply, True)  # an internal comment
    assert not attachments.shown_on_portal(on_reply, None)  # the reply is not found
    assert not attachments.shown_on_portal(_file(report=None), None)  # on no request


def test_staff_attach_files_only_to_their_replies_the_customer_reads() -> None:
    from ordinavo.domain.requests import CommentAuthor, RequestComment

    def comment(author: CommentAuthor, internal: bool) -> RequestComment:
        return RequestComment(uuid4(), T, uuid4(), author, uuid4(), "Hi", internal, NOW)

    attachments.check_reply_takes_file(comment(CommentAuthor.STAFF, internal=False))
    for refused in (comment(CommentAuthor.STAFF, True), comment(CommentAuthor.CUSTOMER, False)):
        with pytest.raises(RuleViolation):
            attachments.check_reply_takes_file(refused)
