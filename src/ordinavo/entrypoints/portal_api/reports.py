"""Portal routes of published reports, released files and follow-ups, and request uploads."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Stream

from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.download_my_attachment import DownloadMyAttachment
from ordinavo.application.use_cases.portal.list_my_follow_ups import (
    ListMyFollowUps,
    PortalFollowUp,
)
from ordinavo.application.use_cases.portal.published_reports import (
    GetMyReport,
    ListMyReports,
    PortalReport,
)
from ordinavo.application.use_cases.portal.upload_request_attachment import (
    UploadRequestAttachment,
)
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.downloads import UPLOAD_OPT, FileName, file_response, upload_from
from ordinavo.entrypoints.common.paging import Cursor, Limit, encode_cursor, page_request
from ordinavo.entrypoints.portal_api.language import accepted_languages
from ordinavo.entrypoints.portal_api.planned_work import LocationFilter, place_out, status_out
from ordinavo.entrypoints.portal_api.schemas import (
    PlannedVisitOut,
    PortalFileOut,
    PortalFollowUpOut,
    PortalFollowUpPage,
    PortalReportOut,
    PortalReportPage,
)


def _report(item: PortalReport) -> PortalReportOut:
    v = item.view
    return PortalReportOut(
        id=v.id,
        title=v.title,
        summary=v.summary,
        message=v.message,
        status=status_out(item.status),
        published_at=v.published_at,
        visited_at=v.visited_at,
        work_title=v.work_title,
        location=place_out(v.place) if v.place else None,
        files=[
            PortalFileOut(id=f.id, file_name=f.file_name, media_type=f.media_type, size=f.size)
            for f in v.attachments
        ],
    )


def _follow_up(item: PortalFollowUp) -> PortalFollowUpOut:
    visit = (
        PlannedVisitOut(starts_at=item.next_visit_starts_at, ends_at=item.next_visit_ends_at)
        if item.next_visit_starts_at and item.next_visit_ends_at
        else None
    )
    return PortalFollowUpOut(
        id=item.id,
        status=status_out(item.status),
        note=item.note,
        work_title=item.work_title,
        location=place_out(item.place) if item.place else None,
        created_at=item.created_at,
        planned_visit=visit,
    )


class PortalReportController(Controller):
    path = "/reports"
    tags = ["reports"]

    @get("/", summary="Visit reports published for me")
    async def list_reports(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[ListMyReports],
        limit: Limit = 50,
        cursor: Cursor = None,
        location_id: LocationFilter = None,
    ) -> PortalReportPage:
        page = await use_case(
            subject,
            display,
            page_request(limit, cursor),
            accepted_languages=accepted_languages(request),
            location_id=location_id,
        )
        return PortalReportPage(
            items=[_report(x) for x in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @get("/{report_id:uuid}", summary="One published report")
    async def get_report(
        self,
        request: Request[Any, Any, Any],
        report_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[GetMyReport],
    ) -> PortalReportOut:
        return _report(await use_case(subject, display, report_id, accepted_languages(request)))


class PortalFileController(Controller):
    path = "/files"
    tags = ["reports"]

    @get(
        "/{file_id:uuid}",
        summary="Download a released report file or a file of a request (needs the download "
        "permission)",
    )
    async def download_file(
        self,
        file_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[DownloadMyAttachment],
    ) -> Stream:
        found, chunks = await use_case(subject, file_id)
        return file_response(
            chunks, file_name=found.file_name, media_type=found.media_type, size=found.size
        )


class PortalFollowUpController(Controller):
    path = "/follow-ups"
    tags = ["reports"]

    @get("/", summary="Follow-ups needed at my locations, and the visits planned for them")
    async def list_follow_ups(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[ListMyFollowUps],
        limit: Limit = 50,
        cursor: Cursor = None,
        location_id: LocationFilter = None,
    ) -> PortalFollowUpPage:
        page = await use_case(
            subject,
            display,
            page_request(limit, cursor),
            accepted_languages=accepted_languages(request),
            location_id=location_id,
        )
        return PortalFollowUpPage(
            items=[_follow_up(x) for x in page.items], next_cursor=encode_cursor(page.next_after)
        )


@post(
    "/requests/{request_id:uuid}/files",
    tags=["requests"],
    summary="Add a file to my request: the body is the file, its type in Content-Type",
    request_max_body_size=None,  # the upload policy's limit applies while streaming
    opt=UPLOAD_OPT,
)
async def upload_request_file(
    request: Request[Any, Any, Any],
    request_id: FromPath[UUID],
    file_name: FileName,
    subject: FromDishka[PortalSubject],
    use_case: FromDishka[UploadRequestAttachment],
) -> PortalFileOut:
    attachment = await use_case(subject, request_id, upload_from(request, file_name))
    return PortalFileOut(
        id=attachment.id,
        file_name=attachment.file_name,
        media_type=attachment.media_type,
        size=attachment.size,
    )
