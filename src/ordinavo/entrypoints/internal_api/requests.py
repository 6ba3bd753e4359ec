"""The review queue of portal requests on the internal app (managers, dispatchers, admins)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from ordinavo.application.ports.requests import RequestFilter
from ordinavo.application.use_cases.requests.accept_request import AcceptRequest
from ordinavo.application.use_cases.requests.attach_file_to_reply import AttachFileToReply
from ordinavo.application.use_cases.requests.comment_on_request import CommentOnRequest
from ordinavo.application.use_cases.requests.convert_request import Conversion, ConvertRequest
from ordinavo.application.use_cases.requests.get_request import GetRequest
from ordinavo.application.use_cases.requests.list_request_comments import ListRequestComments
from ordinavo.application.use_cases.requests.list_requests import ListRequests
from ordinavo.application.use_cases.requests.reject_request import RejectRequest
from ordinavo.application.use_cases.requests.start_request_review import StartRequestReview
from ordinavo.domain.identity import Actor
from ordinavo.domain.locations import Priority
from ordinavo.domain.requests import PortalRequest, RequestComment, RequestStatus, RequestType
from ordinavo.entrypoints.common.downloads import UPLOAD_OPT, FileName, upload_from
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import (
    Cursor,
    ForCustomer,
    Limit,
    SubmittedAfter,
    SubmittedBefore,
    WithLocation,
)
from ordinavo.entrypoints.internal_api.presenters import appointment_out, target_out
from ordinavo.entrypoints.internal_api.report_schemas import AttachmentOut, attachment_out
from ordinavo.entrypoints.internal_api.schemas import (
    ConversionBody,
    ConvertedOut,
    RejectionBody,
    RequestCommentOut,
    RequestOut,
    StaffCommentBody,
    WindowBody,
)


def request_out(request: PortalRequest) -> RequestOut:
    return RequestOut(
        id=request.id,
        type=request.type.value,
        title=request.title,
        description=request.description,
        status=request.status.value,
        customer_id=request.customer_id,
        location_id=request.location_id,
        appointment_id=request.appointment_id,
        author_id=request.author_id,
        contact_id=request.contact_id,
        preferred_windows=[
            WindowBody(starts_at=w.starts_at, ends_at=w.ends_at) for w in request.windows
        ],
        created_at=request.created_at,
        updated_at=request.updated_at,
        review_started_at=request.review_started_at,
        decided_at=request.decided_at,
        reviewer_id=request.reviewer_id,
        customer_reason=request.customer_reason,
        target_id=request.target_id,
    )


def comment_out(comment: RequestComment) -> RequestCommentOut:
    return RequestCommentOut(
        id=comment.id,
        request_id=comment.request_id,
        by=comment.author.value,
        author_id=comment.author_id,
        body=comment.body,
        internal=comment.internal,
        created_at=comment.created_at,
    )


class RequestReviewController(Controller):
    path = "/requests"
    tags = ["requests"]

    @get("/", summary="The review queue of portal requests")
    async def list_requests(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListRequests],
        limit: Limit = 50,
        cursor: Cursor = None,
        status: FromQuery[RequestStatus | None] = None,
        type: FromQuery[RequestType | None] = None,
        customer_id: ForCustomer = None,
        location_id: WithLocation = None,
        submitted_before: SubmittedBefore = None,
        submitted_after: SubmittedAfter = None,
    ) -> PageOf[RequestOut]:
        page = await use_case(
            actor,
            page_request(limit, cursor),
            RequestFilter(
                status=status,
                type=type,
                customer_id=customer_id,
                location_id=location_id,
                submitted_before=submitted_before,
                submitted_after=submitted_after,
            ),
        )
        return PageOf(
            items=[request_out(x) for x in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @get("/{request_id:uuid}", summary="Show a request")
    async def get_request(
        self, request_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[GetRequest]
    ) -> RequestOut:
        return request_out(await use_case(actor, request_id))

    @post("/{request_id:uuid}/review", status_code=200, summary="Start reviewing a request")
    async def start_review(
        self,
        request_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[StartRequestReview],
    ) -> RequestOut:
        return request_out(await use_case(actor, request_id))

    @post("/{request_id:uuid}/accept", status_code=200, summary="Accept a request")
    async def accept_request(
        self,
        request_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[AcceptRequest],
    ) -> RequestOut:
        return request_out(await use_case(actor, request_id))

    @post(
        "/{request_id:uuid}/reject",
        status_code=200,
        summary="Decline, with a reason for the customer (and an internal comment)",
    )
    async def decline_request(
        self,
        request_id: FromPath[UUID],
        data: JSONBody[RejectionBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[RejectRequest],
    ) -> RequestOut:
        rejected = await use_case(actor, request_id, data.reason, data.internal_comment)
        return request_out(rejected)

    @post(
        "/{request_id:uuid}/convert",
        status_code=200,
        summary="Turn the request into work, optionally with a visit in a preferred window",
    )
    async def convert_request(
        self,
        request_id: FromPath[UUID],
        data: JSONBody[ConversionBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[ConvertRequest],
    ) -> ConvertedOut:
        done = await use_case(
            actor,
            request_id,
            Conversion(
                title=data.title,
                priority=Priority(data.priority),
                assigned_employee_id=data.assigned_employee_id,
                plan_window=data.plan_window,
            ),
        )
        return ConvertedOut(
            request=request_out(done.request),
            target=target_out(done.target, actor),
            appointment=appointment_out(done.appointment, actor) if done.appointment else None,
        )

    @get("/{request_id:uuid}/comments", summary="The conversation, internal comments included")
    async def list_comments(
        self,
        request_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ListRequestComments],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[RequestCommentOut]:
        page = await use_case(actor, request_id, page_request(limit, cursor))
        return PageOf(
            items=[comment_out(c) for c in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @post(
        "/{request_id:uuid}/comments",
        status_code=201,
        summary="Answer the customer, or write an internal comment (internal: true)",
    )
    async def comment_on_request(
        self,
        request_id: FromPath[UUID],
        data: JSONBody[StaffCommentBody],
        actor: FromDishka[Actor],
        use_case: FromDishka[CommentOnRequest],
    ) -> RequestCommentOut:
        return comment_out(await use_case(actor, request_id, data.body, internal=data.internal))

    @post(
        "/{request_id:uuid}/comments/{comment_id:uuid}/files",
        summary="Attach a file to a reply the customer reads: the body is the file, its type in "
        "Content-Type",
        request_max_body_size=None,  # the upload policy's limit applies while streaming
        opt=UPLOAD_OPT,
    )
    async def attach_file(
        self,
        request: Request[Any, Any, Any],
        request_id: FromPath[UUID],
        comment_id: FromPath[UUID],
        file_name: FileName,
        actor: FromDishka[Actor],
        use_case: FromDishka[AttachFileToReply],
    ) -> AttachmentOut:
        upload = upload_from(request, file_name)
        return attachment_out(await use_case(actor, request_id, comment_id, upload))
