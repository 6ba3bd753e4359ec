"""Tenant-scoped repositories of portal requests, comments and idempotency keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, select, union_all

from ordinavo.adapters.persistence.portal_repositories import branch_clause
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.adapters.persistence.request_models import (
    IdempotencyKeyModel,
    RequestCommentModel,
    RequestModel,
)
from ordinavo.adapters.persistence.work_models import AppointmentModel, TargetModel
from ordinavo.application.ports.requests import IdempotentSubmission, Progress, RequestFilter
from ordinavo.domain.appointments import HIDDEN_FROM_PORTAL
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.requests import (
    CommentAuthor,
    PortalRequest,
    PreferredWindow,
    RequestComment,
    RequestStatus,
    RequestType,
)


def _windows_to_json(windows: tuple[PreferredWindow, ...]) -> list[list[str]]:
    return [[w.starts_at.isoformat(), w.ends_at.isoformat()] for w in windows]


def _windows_from_json(raw: list[Any] | None) -> tuple[PreferredWindow, ...]:
    return tuple(
        PreferredWindow(datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in raw or []
    )


def request_from_row(row: RequestModel) -> PortalRequest:
    return PortalRequest(
        id=row.id,
        tenant_id=row.tenant_id,
        type=RequestType(row.type),
        title=row.title,
        description=row.description,
        customer_id=row.customer_id,
        location_id=row.location_id,
        appointment_id=row.appointment_id,
        author_id=row.author_id,
        contact_id=row.contact_id,
        windows=_windows_from_json(row.preferred_windows),
        status=RequestStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        review_started_at=row.review_started_at,
        decided_at=row.decided_at,
        reviewer_id=row.reviewer_id,
        customer_reason=row.customer_reason,
        target_id=row.target_id,
    )


def _onto_row(request: PortalRequest, row: RequestModel) -> RequestModel:
    row.id = request.id
    row.tenant_id = request.tenant_id
    row.type = request.type.value
    row.title = request.title
    row.description = request.description
    row.customer_id = request.customer_id
    row.location_id = request.location_id
    row.appointment_id = request.appointment_id
    row.author_id = request.author_id
    row.contact_id = request.contact_id
    row.preferred_windows = _windows_to_json(request.windows)
    row.status = request.status.value
    row.created_at = request.created_at
    row.updated_at = request.updated_at
    row.review_started_at = request.review_started_at
    row.decided_at = request.decided_at
    row.reviewer_id = request.reviewer_id
    row.customer_reason = request.customer_reason
    row.target_id = request.target_id
    return row


class SqlaRequestRepository(TenantScoped[RequestModel]):
    model = RequestModel

    async def add(self, request: PortalRequest) -> None:
        self._session.add(_onto_row(request, RequestModel()))
        await self._session.flush()

    async def get(self, request_id: UUID) -> PortalRequest | None:
        row = await self._row(request_id)
        return request_from_row(row) if row else None

    async def save(self, request: PortalRequest) -> None:
        row = await self._row(request.id)
        if row is None:
            raise LookupError("request vanished during the transaction")
        _onto_row(request, row)
        await self._session.flush()

    def _filtered(self, stmt: Any, where: RequestFilter) -> Any:
        for column, value in (
            (RequestModel.status, where.status.value if where.status else None),
            (RequestModel.type, where.type.value if where.type else None),
            (RequestModel.customer_id, where.customer_id),
            (RequestModel.location_id, where.location_id),
            (RequestModel.author_id, where.author_id),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        if where.statuses is not None:
            stmt = stmt.where(RequestModel.status.in_(sorted(s.value for s in where.statuses)))
        if where.submitted_before is not None:
            stmt = stmt.where(RequestModel.created_at < where.submitted_before)
        if where.submitted_after is not None:
            stmt = stmt.where(RequestModel.created_at >= where.submitted_after)
        return stmt

    async def list(self, page: PageRequest, where: RequestFilter) -> Page[PortalRequest]:
        if where.scope is None:
            return await self._page(self._filtered(self._select(), where), page, request_from_row)
        # The portal: one index range per granted customer or location, merged and cut.
        keys = self._portal_keys(page, where)
        if keys is None:
            return Page([], None)
        rows = (
            (
                await self._session.execute(
                    select(RequestModel)
                    .join(
                        keys,
                        and_(
                            RequestModel.tenant_id == self._tenant_id, RequestModel.id == keys.c.id
                        ),
                    )
                    .order_by(RequestModel.id)
                    .limit(page.size + 1)
                )
            )
            .scalars()
            .all()
        )
        more = len(rows) > page.size
        items = [request_from_row(r) for r in rows[: page.size]]
        return Page(items, items[-1].id if more else None)

    def _portal_keys(self, page: PageRequest, where: RequestFilter) -> Any:
        """The page's request ids: one index range per branch of the portal's scope."""
        branches = where.scope.branches() if where.scope is not None else []
        if not branches:
            return None
        selects = []
        for branch in branches:
            stmt = self._filtered(
                select(RequestModel.id.label("id")).where(
                    RequestModel.tenant_id == self._tenant_id,
                    branch_clause(branch, RequestModel.customer_id, RequestModel.location_id),
                ),
                where,
            )
            if page.after is not None:
                stmt = stmt.where(RequestModel.id > page.after)
            selects.append(select(stmt.order_by(RequestModel.id).limit(page.size + 1).subquery()))
        return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page_keys")

    async def followed(
        self, page: PageRequest, where: RequestFilter
    ) -> Page[tuple[PortalRequest, Progress | None]]:
        """The portal's page and each request's progress in one statement (columns, not
        entities: the portal's hot path reads it on a plain connection)."""
        keys = self._portal_keys(page, where)
        if keys is None:
            return Page([], None)
        request, target = RequestModel.__table__, TargetModel.__table__
        stmt = (
            select(
                *request.c,
                target.c.status.label("progress_target_status"),
                target.c.closed_at.label("progress_target_closed_at"),
                *self._visit_columns(),
            )
            .select_from(keys)
            .join(request, and_(request.c.tenant_id == self._tenant_id, request.c.id == keys.c.id))
            .outerjoin(
                target,
                and_(target.c.tenant_id == request.c.tenant_id, target.c.id == request.c.target_id),
            )
            .order_by(keys.c.id)
            .limit(page.size + 1)
        )
        rows = (await self._session.execute(stmt)).all()
        items = [
            (
                request_from_row(row),
                Progress(
                    row.progress_target_status,
                    row.progress_target_closed_at,
                    row.progress_next_visit,
                    row.progress_planned_at,
                )
                if row.progress_target_status is not None
                else None,
            )
            for row in rows[: page.size]
        ]
        return Page(items, items[-1][0].id if len(rows) > page.size else None)

    def _visit_columns(self) -> tuple[Any, Any]:
        """The latest open visit of the target in the enclosing FROM: when it starts, and
        when it was planned."""
        open_visits = and_(
            AppointmentModel.tenant_id == self._tenant_id,
            AppointmentModel.target_id == TargetModel.id,
            AppointmentModel.status.notin_([s.value for s in HIDDEN_FROM_PORTAL]),
        )
        latest = (
            select(AppointmentModel.starts_at)
            .where(open_visits)
            .order_by(AppointmentModel.starts_at.desc())
            .limit(1)
            .correlate(TargetModel)
        )
        planned = (
            select(AppointmentModel.created_at)
            .where(open_visits)
            .order_by(AppointmentModel.starts_at.desc())
            .limit(1)
            .correlate(TargetModel)
        )
        return (
            latest.scalar_subquery().label("progress_next_visit"),
            planned.scalar_subquery().label("progress_planned_at"),
        )

    async def progress(self, target_ids: list[UUID]) -> dict[UUID, Progress]:
        if not target_ids:
            return {}
        rows = await self._session.execute(
            select(
                TargetModel.id, TargetModel.status, TargetModel.closed_at, *self._visit_columns()
            ).where(TargetModel.tenant_id == self._tenant_id, TargetModel.id.in_(target_ids))
        )
        return {
            target_id: Progress(status, closed_at, visit, planned)
            for target_id, status, closed_at, visit, planned in rows
        }


class SqlaRequestCommentRepository(TenantScoped[RequestCommentModel]):
    model = RequestCommentModel

    async def add(self, comment: RequestComment) -> None:
        self._session.add(
            RequestCommentModel(
                id=comment.id,
                tenant_id=comment.tenant_id,
                request_id=comment.request_id,
                author=comment.author.value,
                author_id=comment.author_id,
                body=comment.body,
                internal=comment.internal,
                created_at=comment.created_at,
            )
        )
        await self._session.flush()

    async def list(
        self, request_id: UUID, page: PageRequest, *, with_internal: bool
    ) -> Page[RequestComment]:
        stmt = self._select().where(RequestCommentModel.request_id == request_id)
        if not with_internal:
            stmt = stmt.where(RequestCommentModel.internal.is_(False))
        return await self._page(stmt, page, _comment)

    async def get(self, comment_id: UUID) -> RequestComment | None:
        row = await self._row(comment_id)
        return _comment(row) if row else None

    async def by_author(self, author_id: UUID) -> list[RequestComment]:
        rows = await self._session.scalars(
            self._select()
            .where(RequestCommentModel.author_id == author_id)
            .order_by(RequestCommentModel.id)
        )
        return [_comment(r) for r in rows]


def _comment(r: RequestCommentModel) -> RequestComment:
    return RequestComment(
        id=r.id,
        tenant_id=r.tenant_id,
        request_id=r.request_id,
        author=CommentAuthor(r.author),
        author_id=r.author_id,
        body=r.body,
        internal=r.internal,
        created_at=r.created_at,
    )


class SqlaIdempotencyKeys(TenantScoped[IdempotencyKeyModel]):
    model = IdempotencyKeyModel

    async def find(self, portal_user_id: UUID, key: str) -> IdempotentSubmission | None:
        row = await self._session.scalar(
            self._select().where(
                IdempotencyKeyModel.portal_user_id == portal_user_id,
                IdempotencyKeyModel.key == key,
            )
        )
        if row is None:
            return None
        return IdempotentSubmission(
            row.portal_user_id, row.key, row.body_digest, row.request_id, row.created_at
        )

    async def add(self, submission: IdempotentSubmission) -> None:
        self._session.add(
            IdempotencyKeyModel(
                tenant_id=self._tenant_id,
                portal_user_id=submission.portal_user_id,
                key=submission.key,
                body_digest=submission.body_digest,
                request_id=submission.request_id,
                created_at=submission.created_at,
            )
        )
        # Written with the commit: a racing twin fails there, as a Conflict.
