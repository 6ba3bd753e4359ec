"""Portal routes of my data: export it, fetch the export, ask to close the account."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec

from ordinavo.application.use_cases.exports.download_my_data_export import (
    DownloadMyDataExport,
)
from ordinavo.application.use_cases.exports.show_my_data_export import ShowMyDataExport
from ordinavo.application.use_cases.exports.start_my_data_export import StartMyDataExport
from ordinavo.application.use_cases.portal.request_account_closure import (
    RequestAccountClosure,
)
from ordinavo.domain.data_exports import DataExport
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.downloads import content_disposition
from ordinavo.entrypoints.portal_api.export_document import MyDataDocument
from ordinavo.entrypoints.portal_api.schemas import DataExportOut

NO_EXPORT = ResponseSpec(None, description="No export yet, or it expired (the detail says which).")
STILL_MAKING = ResponseSpec(None, description="The export is still being made.")
EXPORT_DOCUMENT = ResponseSpec(
    MyDataDocument, description="The export: everything the portal holds about me, as JSON."
)


def _out(export: DataExport, state: str) -> DataExportOut:
    return DataExportOut(
        state=state,  # type: ignore[arg-type]
        requested_at=export.requested_at,
        ready_at=export.ready_at,
        expires_at=export.expires_at,
    )


class MyDataExportStatusController(Controller):
    """Only the state of the export, apart from the download, so that staff previews mount it
    without the file."""

    path = "/me"
    tags = ["me"]

    @get(
        "/export",
        summary="Where my data export stands: pending, ready until when, or expired",
        responses={404: NO_EXPORT},
    )
    async def show_export(
        self, subject: FromDishka[PortalSubject], use_case: FromDishka[ShowMyDataExport]
    ) -> DataExportOut:
        export, state = await use_case(subject)
        return _out(export, state.value)


class MyDataController(Controller):
    path = "/me"
    tags = ["me"]

    @post(
        "/export",
        status_code=202,
        summary="Export my data: ready at once for small accounts, else soon (see GET /me/export)",
    )
    async def start_export(
        self,
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[StartMyDataExport],
    ) -> DataExportOut:
        export = await use_case(subject)
        # Just made or still being built: it cannot have expired yet.
        return _out(export, "pending" if export.ready_at is None else "ready")

    @get(
        "/export/download",
        summary="Download my data export (a JSON document), while it is offered (24 hours)",
        media_type="application/json",
        # The handler passes the stored bytes through; the document states their shape.
        responses={200: EXPORT_DOCUMENT, 404: NO_EXPORT, 409: STILL_MAKING},
    )
    async def download_export(
        self, subject: FromDishka[PortalSubject], use_case: FromDishka[DownloadMyDataExport]
    ) -> Response[bytes]:
        document = await use_case(subject)
        return Response(
            document,
            media_type="application/json",
            headers={
                "Content-Disposition": content_disposition("my-data.json"),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )

    @post(
        "/close-request",
        status_code=202,
        summary="Ask for my account to be closed (the tenant's administrators act on it)",
    )
    async def request_closure(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[RequestAccountClosure],
    ) -> None:
        await use_case(subject, request.client.host if request.client else None)
