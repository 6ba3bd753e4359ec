"""Portal routes of requests: submit, follow, withdraw and talk with the service team."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter

from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.portal.comment_on_my_request import CommentOnMyRequest
from ordinavo.application.use_cases.portal.following import FollowedRequest
from ordinavo.application.use_cases.portal.get_my_request import GetMyRequest
from ordinavo.application.use_cases.portal.list_my_request_comments import (
    ListMyRequestComments,
)
from ordinavo.application.use_cases.portal.list_my_request_files import ListMyRequestFiles
from ordinavo.application.use_cases.portal.list_my_requests import ListMyRequests
from ordinavo.application.use_cases.portal.submit_request import RequestInput, SubmitRequest
from ordinavo.application.use_cases.portal.withdraw_request import WithdrawRequest
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.requests import RequestComment, RequestType
from ordinavo.domain.visibility import PortalSubject
from ordinavo.entrypoints.common.paging import Cursor, Limit, encode_cursor, page_request
from ordinavo.entrypoints.portal_api.language import accepted_languages
from ordinavo.entrypoints.portal_api.schemas import (
    MilestoneOut,
    PortalCommentOut,
    PortalCommentPage,
    PortalFileOut,
    PortalRequestDetailOut,
    PortalRequestFileOut,
    PortalRequestFilePage,
    PortalRequestOut,
    PortalRequestPage,
    PortalStatusOut,
    RequestCommentBody,
    SubmitRequestBody,
    WindowOut,
)

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        pattern=r"^[A-Za-z0-9_.:-]{8,100}$",
        description="Send the same key again to get the first result instead of a duplicate",
    ),
]


def request_out(item: FollowedRequest) -> PortalRequestOut:
    return PortalRequestOut(**_request_fields(item))


def request_detail_out(item: FollowedRequest, viewer: UUID) -> PortalRequestDetailOut:
    return PortalRequestDetailOut(
        **_request_fields(item), files=[request_file_out(f, viewer) for f in item.files]
    )


def _request_fields(item: FollowedRequest) -> dict[str, Any]:
    return dict(
        id=item.id,
        type=item.type,
        title=item.title,
        description=item.description,
        status=PortalStatusOut(key=item.status.key, label=item.status.label),
        customer_id=item.customer_id,
        location_id=item.location_id,
        appointment_id=item.appointment_id,
        preferred_windows=[
            WindowOut(starts_at=w.starts_at, ends_at=w.ends_at) for w in item.windows
        ],
        submitted_at=item.submitted_at,
        mine=item.mine,
        decline_reason=item.decline_reason,
        next_visit_starts_at=item.next_visit_starts_at,
        milestones=[
            MilestoneOut(
                key=m.key,
                label=m.label,
                at=m.at,
                reason=m.reason,
                visit_starts_at=m.visit_starts_at,
            )
            for m in item.milestones
        ],
    )


def request_file_out(file: Attachment, viewer: UUID) -> PortalRequestFileOut:
    return PortalRequestFileOut(
        id=file.id,
        file_name=file.file_name,
        media_type=file.media_type,
        size=file.size,
        uploaded_at=file.uploaded_at,
        by="customer" if file.from_customer else "staff",
        mine=file.from_customer and file.uploaded_by_id == viewer,
    )


def comment_out(
    comment: RequestComment, viewer: UUID, files: list[Attachment] | None = None
) -> PortalCommentOut:
    return PortalCommentOut(
        id=comment.id,
        by=comment.author.value,
        mine=comment.author_id == viewer,
        body=comment.body,
        created_at=comment.created_at,
        files=[
            PortalFileOut(id=f.id, file_name=f.file_name, media_type=f.media_type, size=f.size)
            for f in files or []
        ],
    )


# The keys the answers show (a request turned into work reads as accepted).
MyRequestStatus = Annotated[
    Literal["received", "under_review", "accepted", "declined", "withdrawn"] | None,
    QueryParameter(name="status", description="One status, as the answers show it"),
]


class PortalRequestController(Controller):
    path = "/requests"
    tags = ["requests"]

    @get("/", summary="Requests at my locations and customers, with their status")
    async def list_requests(
        self,
        request: Request[Any, Any, Any],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[ListMyRequests],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: MyRequestStatus = None,
    ) -> PortalRequestPage:
        page = await use_case(
            subject,
            display,
            page_request(limit, cursor),
            accepted_languages=accepted_languages(request),
            status=status,
        )
        return PortalRequestPage(
            items=[request_out(x) for x in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @get("/{request_id:uuid}", summary="One request with its milestones and files")
    async def get_request(
        self,
        request: Request[Any, Any, Any],
        request_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[GetMyRequest],
    ) -> PortalRequestDetailOut:
        followed = await use_case(subject, display, request_id, accepted_languages(request))
        return request_detail_out(followed, subject.user_id)

    @get(
        "/{request_id:uuid}/files",
        summary="Files of a request: what we sent, and what the service team attached to answers",
    )
    async def list_files(
        self,
        request_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ListMyRequestFiles],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PortalRequestFilePage:
        page = await use_case(subject, request_id, page_request(limit, cursor))
        return PortalRequestFilePage(
            items=[request_file_out(f, subject.user_id) for f in page.items],
            next_cursor=encode_cursor(page.next_after),
        )

    @get("/{request_id:uuid}/comments", summary="The conversation on a request")
    async def list_comments(
        self,
        request_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[ListMyRequestComments],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PortalCommentPage:
        page = await use_case(subject, request_id, page_request(limit, cursor))
        return PortalCommentPage(
            items=[comment_out(c.comment, subject.user_id, c.files) for c in page.items],
            next_cursor=encode_cursor(page.next_after),
        )


class PortalRequestChangeController(Controller):
    """Submitting, withdrawing and writing, apart from the reads that staff previews mount."""

    path = "/requests"
    tags = ["requests"]

    @post("/", status_code=201, summary="Submit a request (send an Idempotency-Key to retry)")
    async def submit_request(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SubmitRequestBody],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[SubmitRequest],
        follow: FromDishka[GetMyRequest],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[PortalRequestOut]:
        submitted = await use_case(
            subject,
            RequestInput(
                type=RequestType(data.type),
                title=data.title,
                description=data.description,
                location_id=data.location_id,
                customer_id=data.customer_id,
                appointment_id=data.appointment_id,
                windows=tuple((w.starts_at, w.ends_at) for w in data.preferred_windows),
            ),
            idempotency_key,
        )
        followed = await follow(subject, display, submitted.request.id, accepted_languages(request))
        headers = {"Idempotent-Replayed": "true"} if submitted.repeated else {}
        return Response(request_out(followed), status_code=201, headers=headers)

    @post("/{request_id:uuid}/withdraw", status_code=200, summary="Withdraw my request")
    async def withdraw_request(
        self,
        request: Request[Any, Any, Any],
        request_id: FromPath[UUID],
        subject: FromDishka[PortalSubject],
        display: FromDishka[DisplayPreferences],
        use_case: FromDishka[WithdrawRequest],
        follow: FromDishka[GetMyRequest],
    ) -> PortalRequestOut:
        await use_case(subject, request_id)
        return request_out(await follow(subject, display, request_id, accepted_languages(request)))

    @post("/{request_id:uuid}/comments", status_code=201, summary="Write to the service team")
    async def comment_on_my_request(
        self,
        request_id: FromPath[UUID],
        data: JSONBody[RequestCommentBody],
        subject: FromDishka[PortalSubject],
        use_case: FromDishka[CommentOnMyRequest],
    ) -> PortalCommentOut:
        return comment_out(await use_case(subject, request_id, data.body), subject.user_id)
