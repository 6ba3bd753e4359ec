"""Visit reports, their files, follow-ups and billing triggers on the internal app."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream

from ordinavo.application.ports.reports import FollowUpFilter, ReportFilter
from ordinavo.application.use_cases.attachments.delete_attachment import DeleteAttachment
from ordinavo.application.use_cases.attachments.list_attachment_downloads import (
    ListAttachmentDownloads,
)
from ordinavo.application.use_cases.attachments.list_report_attachments import (
    ListReportAttachments,
)
from ordinavo.application.use_cases.attachments.list_request_attachments import (
    ListRequestAttachments,
)
from ordinavo.application.use_cases.attachments.read_attachment import ReadAttachment
from ordinavo.application.use_cases.attachments.release_attachment import ReleaseAttachment
from ordinavo.application.use_cases.attachments.upload_report_attachment import (
    UploadReportAttachment,
)
from ordinavo.application.use_cases.attachments.withdraw_attachment_release import (
    WithdrawAttachmentRelease,
)
from ordinavo.application.use_cases.billing.list_billing_triggers import ListBillingTriggers
from ordinavo.application.use_cases.follow_ups.list_follow_ups import ListFollowUps
from ordinavo.application.use_cases.follow_ups.plan_follow_up import FollowUpPlan, PlanFollowUp
from ordinavo.application.use_cases.reports.approve_report import ApproveReport
from ordinavo.application.use_cases.reports.change_report import ChangeReport
from ordinavo.application.use_cases.reports.delete_report import DeleteReport
from ordinavo.application.use_cases.reports.get_report import GetReport
from ordinavo.application.use_cases.reports.list_reports import ListReports
from ordinavo.application.use_cases.reports.publish_report import PublishReport
from ordinavo.application.use_cases.reports.request_report_changes import RequestReportChanges
from ordinavo.application.use_cases.reports.submit_report import SubmitReport
from ordinavo.application.use_cases.reports.unpublish_report import UnpublishReport
from ordinavo.application.use_cases.reports.write_report import NewReport, WriteReport
from ordinavo.domain.follow_ups import FollowUpStatus
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Priority
from ordinavo.domain.reports import PortalTexts, ReportContent, ReportStatus
from ordinavo.entrypoints.common.downloads import UPLOAD_OPT, FileName, file_response, upload_from
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import Cursor, ForCustomer, ForTarget, Limit
from ordinavo.entrypoints.internal_api.presenters import target_out
from ordinavo.entrypoints.internal_api.report_schemas import (
    AttachmentDownloadOut,
    AttachmentOut,
    BillingTriggerOut,
    ChangesRequest,
    FollowUpOut,
    FollowUpPlanBody,
    PublishBody,
    ReportChange,
    ReportCreate,
    ReportOut,
    attachment_out,
    billing_trigger_out,
    follow_up_out,
    report_out,
)
from ordinavo.entrypoints.internal_api.schemas import Output, TargetOut

_CONTENT_FIELDS = (
    "result",
    "summary",
    "problems",
    "follow_up_required",
    "follow_up_description",
    "billable",
    "internal_notes",
)


class FollowUpPlanned(Output, kw_only=True):
    """The follow-up, now planned, and the new work that answers it."""

    follow_up: FollowUpOut
    work: TargetOut


class ReportController(Controller):
    path = "/reports"
    tags = ["reports"]

    @get("/", summary="List visit reports (employees: their own and their work's)")
    async def list_reports(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListReports],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: FromQuery[ReportStatus | None] = None,
        target_id: ForTarget = None,
        customer_id: ForCustomer = None,
    ) -> PageOf[ReportOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            ReportFilter(status=status, target_id=target_id, customer_id=customer_id),
        )
        return PageOf(
            items=[report_out(r, actor) for r in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post("/", summary="Write a visit report (a draft) on work or one of its appointments")
    async def write_report(
        self,
        data: JSONBody[ReportCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[WriteReport],
    ) -> ReportOut:
        fields = data.present()
        content = ReportContent(
            title=data.title, **{k: v for k, v in fields.items() if k in _CONTENT_FIELDS}
        )
        report = await use_case(
            actor,
            NewReport(
                target_id=data.target_id,
                content=content,
                given_fields=data.given(),
                appointment_id=fields.get("appointment_id"),
            ),
        )
        return report_out(report, actor)

    @get("/{report_id:uuid}", summary="Show a visit report")
    async def get_report(
        self, report_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetReport]
    ) -> ReportOut:
        return report_out(await use_case(actor, report_id), actor)

    @patch(
        "/{report_id:uuid}",
        summary="Change a report (an approved one goes back to review and off the portal)",
    )
    async def change_report(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[ReportChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeReport],
    ) -> ReportOut:
        report = await use_case(actor, report_id, data.present(), data.given())
        return report_out(report, actor)

    @delete("/{report_id:uuid}", summary="Delete a report, its files and what it set in motion")
    async def delete_report(
        self,
        report_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[DeleteReport],
    ) -> None:
        await use_case(actor, report_id)

    @post("/{report_id:uuid}/submit", status_code=200, summary="Submit a report for review")
    async def submit_report(
        self,
        report_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[SubmitReport],
    ) -> ReportOut:
        return report_out(await use_case(actor, report_id), actor)

    @post(
        "/{report_id:uuid}/approve",
        status_code=200,
        summary="Approve a submitted report (records follow-up needs and billing triggers)",
    )
    async def approve_report(
        self,
        report_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ApproveReport],
    ) -> ReportOut:
        return report_out(await use_case(actor, report_id), actor)

    @post(
        "/{report_id:uuid}/request-changes",
        status_code=200,
        summary="Send a submitted report back to its author",
    )
    async def request_changes(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[ChangesRequest],
        actor: FromDishka[Actor],
        use_case: FromDishka[RequestReportChanges],
    ) -> ReportOut:
        return report_out(await use_case(actor, report_id, data.comment), actor)

    @post(
        "/{report_id:uuid}/publish",
        status_code=200,
        summary="Publish an approved report on the portal, with texts for the customer",
    )
    async def publish_report(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[PublishBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[PublishReport],
    ) -> ReportOut:
        texts = PortalTexts(data.portal_title, data.portal_summary, data.customer_message)
        return report_out(await use_case(actor, report_id, texts), actor)

    @post("/{report_id:uuid}/unpublish", status_code=200, summary="Take a report off the portal")
    async def unpublish_report(
        self,
        report_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[UnpublishReport],
    ) -> ReportOut:
        return report_out(await use_case(actor, report_id), actor)

    @get("/{report_id:uuid}/attachments", summary="Files of a report")
    async def list_attachments(
        self,
        report_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListReportAttachments],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[AttachmentOut]:
        page = await use_case(actor, report_id, page_request(limit, cursor))
        return PageOf(
            items=[attachment_out(a) for a in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/{report_id:uuid}/attachments",
        summary="Upload a file to a report: the body is the file, its type in Content-Type",
        request_max_body_size=None,  # the upload policy's limit applies while streaming
        opt=UPLOAD_OPT,
    )
    async def upload_attachment(
        self,
        request: Request[Any, Any, Any],
        report_id: FromPath[UUID],
        file_name: FileName,
        actor: FromDishka[Actor],
        use_case: FromDishka[UploadReportAttachment],
    ) -> AttachmentOut:
        return attachment_out(await use_case(actor, report_id, upload_from(request, file_name)))


class AttachmentController(Controller):
    path = "/attachments"
    tags = ["reports"]

    @get("/{attachment_id:uuid}/content", summary="Download a file (staff)")
    async def download_attachment(
        self,
        attachment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ReadAttachment],
    ) -> Stream:
        attachment, chunks = await use_case(actor, attachment_id)
        return file_response(
            chunks,
            file_name=attachment.file_name,
            media_type=attachment.media_type,
            size=attachment.size,
        )

    @get(
        "/{attachment_id:uuid}/downloads",
        summary="Who downloaded a file on the portal, and when (newest first)",
    )
    async def list_attachment_downloads(
        self,
        attachment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListAttachmentDownloads],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[AttachmentDownloadOut]:
        page = await use_case(actor, attachment_id, page_request(limit, cursor))
        return PageOf(
            items=[
                AttachmentDownloadOut(
                    id=d.id,
                    portal_user_id=d.portal_user_id,
                    portal_user_name=d.portal_user_name,
                    downloaded_at=d.downloaded_at,
                )
                for d in page.items
            ],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/{attachment_id:uuid}/release",
        status_code=200,
        summary="Release a report file for the portal",
    )
    async def release_attachment(
        self,
        attachment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ReleaseAttachment],
    ) -> AttachmentOut:
        return attachment_out(await use_case(actor, attachment_id))

    @post(
        "/{attachment_id:uuid}/withdraw-release",
        status_code=200,
        summary="Withdraw a file's release; the portal can no longer download it",
    )
    async def withdraw_release(
        self,
        attachment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[WithdrawAttachmentRelease],
    ) -> AttachmentOut:
        return attachment_out(await use_case(actor, attachment_id))

    @delete("/{attachment_id:uuid}", summary="Delete a file and its stored bytes")
    async def delete_attachment(
        self,
        attachment_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[DeleteAttachment],
    ) -> None:
        await use_case(actor, attachment_id)


@get("/requests/{request_id:uuid}/attachments", tags=["requests"], summary="Files of a request")
async def list_request_attachments(
    request_id: FromPath[UUID],
    actor: FromDishka[Actor],
    use_case: FromDishka[ListRequestAttachments],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOf[AttachmentOut]:
    page = await use_case(actor, request_id, page_request(limit, cursor))
    return PageOf(
        items=[attachment_out(a) for a in page.items], next_cursor=encode_cursor(page.next_after)
    )


class FollowUpController(Controller):
    path = "/follow-ups"
    tags = ["reports"]

    @get("/", summary="Follow-up needs from approved reports (employees: of their work)")
    async def list_follow_ups(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListFollowUps],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: FromQuery[FollowUpStatus | None] = None,
        customer_id: ForCustomer = None,
    ) -> PageOf[FollowUpOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            FollowUpFilter(status=status, customer_id=customer_id),
        )
        return PageOf(
            items=[follow_up_out(f) for f in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @post(
        "/{follow_up_id:uuid}/plan",
        summary="Plan follow-up work, linked to the original, for the same customer and place",
    )
    async def plan_follow_up(
        self,
        follow_up_id: FromPath[UUID],
        data: JSONBody[FollowUpPlanBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[PlanFollowUp],
    ) -> FollowUpPlanned:
        fields = data.present()
        need, target = await use_case(
            actor,
            follow_up_id,
            FollowUpPlan(
                title=data.title,
                customer_note=fields.get("customer_note"),
                priority=Priority(fields.get("priority", Priority.NORMAL)),
                assigned_employee_id=fields.get("assigned_employee_id"),
            ),
        )
        return FollowUpPlanned(follow_up=follow_up_out(need), work=target_out(target, actor))


class BillingTriggerController(Controller):
    path = "/billing-triggers"
    tags = ["reports"]

    @get("/", summary="Billing triggers of approved billable reports (admins; managers limited)")
    async def list_billing_triggers(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListBillingTriggers],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[BillingTriggerOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[billing_trigger_out(t, actor) for t in page.items],
            next_cursor=encode_cursor(page.next_after),
        )
