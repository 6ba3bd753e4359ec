"""Tenant-scoped repositories of visit reports, attachments, follow-ups and billing triggers,
and the portal's reader of published reports and follow-ups."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import JSON, and_, delete, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ordinavo.adapters.persistence.integrity import is_duplicate_key
from ordinavo.adapters.persistence.models import LocationModel
from ordinavo.adapters.persistence.portal_models import PortalUserModel
from ordinavo.adapters.persistence.portal_repositories import branch_clause, scope_clause
from ordinavo.adapters.persistence.report_models import (
    AttachmentDownloadModel,
    AttachmentModel,
    BillingTriggerModel,
    FollowUpModel,
    VisitReportModel,
)
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.adapters.persistence.request_models import RequestCommentModel
from ordinavo.adapters.persistence.work_models import AppointmentModel, TargetModel
from ordinavo.adapters.persistence.work_repositories import assigned_work
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.reports import (
    FollowUpFilter,
    PortalDownload,
    PortalFileView,
    PortalFollowUpView,
    PortalReportView,
    ReportFilter,
)
from ordinavo.application.ports.work import PlaceView
from ordinavo.domain.appointments import CLOSED_STATUSES
from ordinavo.domain.attachments import BY_PORTAL_USER, Attachment, AttachmentDownload
from ordinavo.domain.follow_ups import BillingTrigger, FollowUp, FollowUpStatus
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.reports import (
    PortalTexts,
    Publication,
    ReportContent,
    ReportStatus,
    Review,
    VisitReport,
    VisitResult,
)
from ordinavo.domain.visibility import PortalScope


def report_from_row(row: VisitReportModel) -> VisitReport:
    review = (
        Review(row.reviewed_by, row.reviewed_at, row.review_comment)
        if row.reviewed_by is not None and row.reviewed_at is not None
        else None
    )
    publication = (
        Publication(
            PortalTexts(
                row.portal_title or "", row.portal_summary or "", row.customer_message or ""
            ),
            row.published_by,
            row.published_at,
        )
        if row.published_at is not None and row.published_by is not None
        else None
    )
    return VisitReport(
        id=row.id,
        tenant_id=row.tenant_id,
        target_id=row.target_id,
        appointment_id=row.appointment_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        author_id=row.author_id,
        content=ReportContent(
            title=row.title,
            result=VisitResult(row.result),
            summary=row.summary,
            problems=row.problems,
            follow_up_required=row.follow_up_required,
            follow_up_description=row.follow_up_description,
            billable=row.billable,
            internal_notes=row.internal_notes,
        ),
        status=ReportStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        visited_at=row.visited_at,
        submitted_at=row.submitted_at,
        review=review,
        publication=publication,
    )


def _report_onto_row(r: VisitReport, row: VisitReportModel) -> VisitReportModel:
    c = r.content
    row.id = r.id
    row.tenant_id = r.tenant_id
    row.target_id = r.target_id
    row.appointment_id = r.appointment_id
    row.customer_id = r.customer_id
    row.location_id = r.location_id
    row.author_id = r.author_id
    row.title = c.title
    row.result = c.result.value
    row.summary = c.summary
    row.problems = c.problems
    row.follow_up_required = c.follow_up_required
    row.follow_up_description = c.follow_up_description
    row.billable = c.billable
    row.internal_notes = c.internal_notes
    row.status = r.status.value
    row.created_at = r.created_at
    row.updated_at = r.updated_at
    row.visited_at = r.visited_at
    row.submitted_at = r.submitted_at
    row.reviewed_by = r.review.reviewed_by if r.review else None
    row.reviewed_at = r.review.reviewed_at if r.review else None
    row.review_comment = r.review.comment if r.review else None
    p = r.publication
    row.portal_title = p.texts.title if p else None
    row.portal_summary = p.texts.summary if p else None
    row.customer_message = p.texts.message if p else None
    row.published_by = p.published_by if p else None
    row.published_at = p.published_at if p else None
    return row


def attachment_from_row(row: AttachmentModel) -> Attachment:
    return Attachment(
        id=row.id,
        tenant_id=row.tenant_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        report_id=row.report_id,
        request_id=row.request_id,
        file_name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        checksum_sha256=row.checksum_sha256,
        storage_key=row.storage_key,
        uploaded_by_type=row.uploaded_by_type,
        uploaded_by_id=row.uploaded_by_id,
        uploaded_at=row.uploaded_at,
        released_at=row.released_at,
        released_by=row.released_by,
        comment_id=row.comment_id,
    )


def _attachment_onto_row(a: Attachment, row: AttachmentModel) -> AttachmentModel:
    for name in (
        "id",
        "tenant_id",
        "customer_id",
        "location_id",
        "report_id",
        "request_id",
        "file_name",
        "media_type",
        "size",
        "checksum_sha256",
        "storage_key",
        "uploaded_by_type",
        "uploaded_by_id",
        "uploaded_at",
        "released_at",
        "released_by",
        "comment_id",
    ):
        setattr(row, name, getattr(a, name))
    return row


def follow_up_from_row(row: FollowUpModel) -> FollowUp:
    return FollowUp(
        id=row.id,
        tenant_id=row.tenant_id,
        report_id=row.report_id,
        original_target_id=row.original_target_id,
        customer_id=row.customer_id,
        location_id=row.location_id,
        description=row.description,
        status=FollowUpStatus(row.status),
        created_at=row.created_at,
        customer_note=row.customer_note,
        planned_target_id=row.planned_target_id,
        planned_at=row.planned_at,
    )


def _follow_up_onto_row(f: FollowUp, row: FollowUpModel) -> FollowUpModel:
    for name in (
        "id",
        "tenant_id",
        "report_id",
        "original_target_id",
        "customer_id",
        "location_id",
        "description",
        "created_at",
        "customer_note",
        "planned_target_id",
        "planned_at",
    ):
        setattr(row, name, getattr(f, name))
    row.status = f.status.value
    return row


def _trigger_from_row(row: BillingTriggerModel) -> BillingTrigger:
    return BillingTrigger(
        id=row.id,
        tenant_id=row.tenant_id,
        report_id=row.report_id,
        target_id=row.target_id,
        customer_id=row.customer_id,
        approved_by=row.approved_by,
        created_at=row.created_at,
        billing_details=row.billing_details,
    )


async def _add_once(session: AsyncSession, row: Any, message: str) -> None:
    """One per report: a concurrent second approval meets the unique index, answered 409."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as error:
        if is_duplicate_key(error):
            raise Conflict(message) from error
        raise


class SqlaVisitReportRepository(TenantScoped[VisitReportModel]):
    model = VisitReportModel

    async def add(self, report: VisitReport) -> None:
        self._session.add(_report_onto_row(report, VisitReportModel()))
        await self._session.flush()

    async def get(self, report_id: UUID) -> VisitReport | None:
        row = await self._row(report_id)
        return report_from_row(row) if row else None

    async def save(self, report: VisitReport) -> None:
        row = await self._row(report.id)
        if row is None:
            raise LookupError("report vanished during the transaction")
        _report_onto_row(report, row)
        await self._session.flush()

    async def remove(self, report_id: UUID) -> None:
        await self._session.execute(
            delete(VisitReportModel).where(
                VisitReportModel.tenant_id == self._tenant_id, VisitReportModel.id == report_id
            )
        )

    async def list(self, page: PageRequest, where: ReportFilter) -> Page[VisitReport]:
        stmt = self._select()
        if where.status is not None:
            stmt = stmt.where(VisitReportModel.status == where.status.value)
        if where.target_id is not None:
            stmt = stmt.where(VisitReportModel.target_id == where.target_id)
        if where.customer_id is not None:
            stmt = stmt.where(VisitReportModel.customer_id == where.customer_id)
        if where.only_for_employee is not None:
            stmt = stmt.where(
                or_(
                    VisitReportModel.author_id == where.only_for_employee,
                    assigned_work(
                        self._tenant_id, where.only_for_employee, VisitReportModel.target_id
                    ),
                )
            )
        return await self._page(stmt, page, report_from_row)


class SqlaAttachmentRepository(TenantScoped[AttachmentModel]):
    model = AttachmentModel

    async def add(self, attachment: Attachment) -> None:
        self._session.add(_attachment_onto_row(attachment, AttachmentModel()))
        await self._session.flush()

    async def get(self, attachment_id: UUID) -> Attachment | None:
        row = await self._row(attachment_id)
        return attachment_from_row(row) if row else None

    async def save(self, attachment: Attachment) -> None:
        row = await self._row(attachment.id)
        if row is None:
            raise LookupError("attachment vanished during the transaction")
        _attachment_onto_row(attachment, row)
        await self._session.flush()

    async def remove(self, attachment_id: UUID) -> None:
        await self._session.execute(
            delete(AttachmentModel).where(
                AttachmentModel.tenant_id == self._tenant_id, AttachmentModel.id == attachment_id
            )
        )

    async def of_report(self, report_id: UUID, page: PageRequest) -> Page[Attachment]:
        stmt = self._select().where(AttachmentModel.report_id == report_id)
        return await self._page(stmt, page, attachment_from_row)

    async def of_request(self, request_id: UUID, page: PageRequest) -> Page[Attachment]:
        stmt = self._select().where(AttachmentModel.request_id == request_id)
        return await self._page(stmt, page, attachment_from_row)

    async def shown_on_portal(self, request_id: UUID, page: PageRequest) -> Page[Attachment]:
        a, c = AttachmentModel, RequestCommentModel  # the rule of attachments.shown_on_portal
        stmt = (
            self._select()
            .outerjoin(
                c,
                and_(c.tenant_id == a.tenant_id, c.id == a.comment_id, c.request_id == request_id),
            )
            .where(
                a.request_id == request_id,
                or_(
                    and_(a.comment_id.is_(None), a.uploaded_by_type == BY_PORTAL_USER),
                    and_(a.comment_id.is_not(None), c.internal.is_(False)),
                ),
            )
        )
        return await self._page(stmt, page, attachment_from_row)

    async def on_comments(self, comment_ids: list[UUID]) -> dict[UUID, list[Attachment]]:
        found: dict[UUID, list[Attachment]] = {}
        if not comment_ids:
            return found
        rows = await self._session.execute(
            self._select()
            .where(AttachmentModel.comment_id.in_(comment_ids))
            .order_by(AttachmentModel.id)
        )
        for row in rows.scalars():
            found.setdefault(row.comment_id, []).append(attachment_from_row(row))
        return found

    async def uploaded_by_portal_user(self, portal_user_id: UUID) -> list[Attachment]:
        rows = await self._session.scalars(
            self._select()
            .where(
                AttachmentModel.uploaded_by_type == "portal_user",
                AttachmentModel.uploaded_by_id == portal_user_id,
            )
            .order_by(AttachmentModel.id)
        )
        return [attachment_from_row(r) for r in rows]

    async def keys_of_report(self, report_id: UUID) -> list[str]:
        rows = await self._session.execute(
            select(AttachmentModel.storage_key).where(
                AttachmentModel.tenant_id == self._tenant_id,
                AttachmentModel.report_id == report_id,
            )
        )
        return list(rows.scalars())

    async def record_download(
        self, *, id: UUID, attachment_id: UUID, portal_user_id: UUID, at: Any
    ) -> None:
        self._session.add(
            AttachmentDownloadModel(
                id=id,
                tenant_id=self._tenant_id,
                attachment_id=attachment_id,
                portal_user_id=portal_user_id,
                downloaded_at=at,
            )
        )
        await self._session.flush()

    async def downloads_of(
        self, attachment_id: UUID, page: PageRequest
    ) -> Page[AttachmentDownload]:
        d, u = AttachmentDownloadModel, PortalUserModel
        stmt = (
            select(d.id, d.attachment_id, d.portal_user_id, u.display_name, d.downloaded_at)
            .join(u, and_(u.tenant_id == d.tenant_id, u.id == d.portal_user_id))
            .where(d.tenant_id == self._tenant_id, d.attachment_id == attachment_id)
        )
        if page.after is not None:
            stmt = stmt.where(d.id < page.after)
        rows = (await self._session.execute(stmt.order_by(d.id.desc()).limit(page.size + 1))).all()
        more = len(rows) > page.size
        items = [AttachmentDownload(*row) for row in rows[: page.size]]
        return Page(items=items, next_after=items[-1].id if more else None)


class SqlaFollowUpRepository(TenantScoped[FollowUpModel]):
    model = FollowUpModel

    async def add(self, follow_up: FollowUp) -> None:
        await _add_once(
            self._session,
            _follow_up_onto_row(follow_up, FollowUpModel()),
            "The report already has a follow-up.",
        )

    async def get(self, follow_up_id: UUID) -> FollowUp | None:
        row = await self._row(follow_up_id)
        return follow_up_from_row(row) if row else None

    async def for_report(self, report_id: UUID) -> FollowUp | None:
        result = await self._session.execute(
            self._select().where(FollowUpModel.report_id == report_id)
        )
        row = result.scalar_one_or_none()
        return follow_up_from_row(row) if row else None

    async def save(self, follow_up: FollowUp) -> None:
        row = await self._row(follow_up.id)
        if row is None:
            raise LookupError("follow-up vanished during the transaction")
        _follow_up_onto_row(follow_up, row)
        await self._session.flush()

    async def list(self, page: PageRequest, where: FollowUpFilter) -> Page[FollowUp]:
        stmt = self._select()
        if where.status is not None:
            stmt = stmt.where(FollowUpModel.status == where.status.value)
        if where.customer_id is not None:
            stmt = stmt.where(FollowUpModel.customer_id == where.customer_id)
        if where.only_for_employee is not None:
            stmt = stmt.where(
                assigned_work(
                    self._tenant_id, where.only_for_employee, FollowUpModel.original_target_id
                )
            )
        return await self._page(stmt, page, follow_up_from_row)


class SqlaBillingTriggerRepository(TenantScoped[BillingTriggerModel]):
    model = BillingTriggerModel

    async def add(self, trigger: BillingTrigger) -> None:
        await _add_once(
            self._session,
            BillingTriggerModel(
                id=trigger.id,
                tenant_id=trigger.tenant_id,
                report_id=trigger.report_id,
                target_id=trigger.target_id,
                customer_id=trigger.customer_id,
                approved_by=trigger.approved_by,
                created_at=trigger.created_at,
                billing_details=trigger.billing_details,
            ),
            "The report already has a billing trigger.",
        )

    async def get(self, trigger_id: UUID) -> BillingTrigger | None:
        row = await self._row(trigger_id)
        return _trigger_from_row(row) if row else None

    async def for_report(self, report_id: UUID) -> BillingTrigger | None:
        result = await self._session.execute(
            self._select().where(BillingTriggerModel.report_id == report_id)
        )
        row = result.scalar_one_or_none()
        return _trigger_from_row(row) if row else None

    async def list(self, page: PageRequest) -> Page[BillingTrigger]:
        return await self._page(self._select(), page, _trigger_from_row)


_R = VisitReportModel.__table__.c
_F = AttachmentModel.__table__.c


class _JsonRows(FunctionElement[Any]):
    """The rows of a subquery as one JSON array of arrays (NULL or [] when there are none)."""

    type = JSON()
    inherit_cache = True
    name = "json_rows"


@compiles(_JsonRows)
def _json_rows_sqlite(element: _JsonRows, compiler: Any, **kw: Any) -> str:
    # SQLite keeps a UUID as a BLOB, which JSON cannot hold: its hex digits instead.
    values = ", ".join(
        f"hex({compiler.process(c, **kw)})" if _is_uuid(c) else compiler.process(c, **kw)
        for c in element.clauses
    )
    return f"json_group_array(json_array({values}))"


def _is_uuid(column: Any) -> bool:
    try:
        return column.type.python_type is UUID
    except NotImplementedError:
        return False


@compiles(_JsonRows, "postgresql")
def _json_rows_postgresql(element: _JsonRows, compiler: Any, **kw: Any) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


_FU = FollowUpModel.__table__.c
_T = TargetModel.__table__.c
_A = AppointmentModel.__table__.c
_L = LocationModel.__table__.c
_TARGETS = TargetModel.__table__
_LOCATIONS = LocationModel.__table__
_REPORTS = VisitReportModel.__table__
_FOLLOW_UPS = FollowUpModel.__table__
_CLOSED = [s.value for s in CLOSED_STATUSES]
_PLACE = (_L.id, _L.name, _L.address_line, _L.postal_code, _L.city, _L.country)


def _place(row: Any, at: int) -> PlaceView | None:
    return PlaceView(*row[at : at + 6]) if row[at] is not None else None


class SqlaPortalReportReader(TenantScoped[VisitReportModel]):
    """Published reports and follow-ups for the portal.

    As for appointments, each granted customer or location is one branch reading an index
    range (published reports have partial indexes of their own) that stops after a page; the
    branches are merged and cut to the page. A report page is one statement, the released
    files of each report coming along as one JSON column.
    """

    model = VisitReportModel

    def _keys(self, branches: list[Any], page: PageRequest, table: Any, extra: Any) -> Any:
        selects = []
        for branch in branches:
            stmt = select(table.c.id.label("id")).where(
                table.c.tenant_id == self._tenant_id,
                branch_clause(branch, table.c.customer_id, table.c.location_id),
                extra,
            )
            if page.after is not None:
                stmt = stmt.where(table.c.id > page.after)
            selects.append(select(stmt.order_by(table.c.id).limit(page.size + 1).subquery()))
        return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page_keys")

    def _report_select(self) -> Any:
        return (
            select(
                _R.id,
                _R.portal_title,
                _R.portal_summary,
                _R.customer_message,
                _R.published_at,
                _R.visited_at,
                _T.title,
                *_PLACE,
            )
            .join(_TARGETS, and_(_T.tenant_id == _R.tenant_id, _T.id == _R.target_id))
            .outerjoin(_LOCATIONS, and_(_L.tenant_id == _R.tenant_id, _L.id == _R.location_id))
        )

    async def _with_files(self, rows: list[Any]) -> list[PortalReportView]:
        files: dict[UUID, list[PortalFileView]] = {r[0]: [] for r in rows}
        if files:
            result = await self._session.execute(
                select(_F.report_id, _F.id, _F.file_name, _F.media_type, _F.size)
                .where(
                    _F.tenant_id == self._tenant_id,
                    _F.report_id.in_(list(files)),
                    _F.released_at.is_not(None),
                )
                .order_by(_F.report_id, _F.id)
            )
            for report_id, *file in result.all():
                files[report_id].append(PortalFileView(*file))
        return [
            PortalReportView(
                id=r[0],
                title=r[1],
                summary=r[2],
                message=r[3],
                published_at=r[4],
                visited_at=r[5],
                work_title=r[6],
                place=_place(r, 7),
                attachments=files[r[0]],
            )
            for r in rows
        ]

    async def published_reports(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[PortalReportView]:
        branches = scope.branches(location_id)
        if not branches:
            return Page([], None)
        keys = self._keys(branches, page, VisitReportModel.__table__, _R.published_at.is_not(None))
        # The released files of each report come along as one JSON column: one statement.
        files = (
            select(_JsonRows(_F.id, _F.file_name, _F.media_type, _F.size))
            .where(
                _F.tenant_id == _R.tenant_id,
                _F.report_id == _R.id,
                _F.released_at.is_not(None),
            )
            .scalar_subquery()
        )
        stmt = (
            self._report_select()
            .add_columns(files.label("released_files"))
            .join(keys, and_(_R.tenant_id == self._tenant_id, _R.id == keys.c.id))
            .order_by(keys.c.id)
            .limit(page.size + 1)
        )
        rows = list((await self._session.execute(stmt)).all())
        more = len(rows) > page.size
        items = [
            PortalReportView(
                id=r[0],
                title=r[1],
                summary=r[2],
                message=r[3],
                published_at=r[4],
                visited_at=r[5],
                work_title=r[6],
                place=_place(r, 7),
                attachments=sorted(
                    (
                        PortalFileView(UUID(str(fid)), name, media_type, size)
                        for fid, name, media_type, size in r.released_files or ()
                    ),
                    key=lambda f: f.id,
                ),
            )
            for r in rows[: page.size]
        ]
        return Page(items, items[-1].id if more else None)

    async def published_report(
        self, scope: PortalScope, report_id: UUID
    ) -> PortalReportView | None:
        stmt = self._report_select().where(
            _R.tenant_id == self._tenant_id,
            _R.id == report_id,
            _R.published_at.is_not(None),
            scope_clause(scope, _R.customer_id, _R.location_id),
        )
        row = (await self._session.execute(stmt)).first()
        if row is None:
            return None
        return (await self._with_files([row]))[0]

    async def released_file(self, scope: PortalScope, attachment_id: UUID) -> PortalDownload | None:
        stmt = (
            select(
                _F.id,
                _R.customer_id,
                _R.location_id,
                _F.file_name,
                _F.media_type,
                _F.size,
                _F.storage_key,
            )
            .join(_REPORTS, and_(_R.tenant_id == _F.tenant_id, _R.id == _F.report_id))
            .where(
                _F.tenant_id == self._tenant_id,
                _F.id == attachment_id,
                _F.released_at.is_not(None),
                _R.published_at.is_not(None),
                scope_clause(scope, _R.customer_id, _R.location_id),
            )
        )
        row = (await self._session.execute(stmt)).first()
        return PortalDownload(*row) if row else None

    async def follow_ups(
        self, scope: PortalScope, location_id: UUID | None, page: PageRequest
    ) -> Page[PortalFollowUpView]:
        branches = scope.branches(location_id)
        if not branches:
            return Page([], None)
        keys = self._keys(branches, page, FollowUpModel.__table__, _FU.id.is_not(None))

        def next_visit(column: Any) -> Any:
            return (
                select(column)
                .where(
                    _A.tenant_id == self._tenant_id,
                    _A.target_id == _FU.planned_target_id,
                    _A.status.notin_(_CLOSED),
                )
                .order_by(_A.starts_at)
                .limit(1)
                .correlate(FollowUpModel.__table__)
                .scalar_subquery()
            )

        stmt = (
            select(
                _FU.id,
                _FU.status,
                _FU.customer_note,
                _T.title,
                _FU.created_at,
                next_visit(_A.starts_at),
                next_visit(_A.ends_at),
                *_PLACE,
            )
            .select_from(keys)
            .join(
                FollowUpModel.__table__, and_(_FU.tenant_id == self._tenant_id, _FU.id == keys.c.id)
            )
            .join(_TARGETS, and_(_T.tenant_id == _FU.tenant_id, _T.id == _FU.original_target_id))
            .outerjoin(_LOCATIONS, and_(_L.tenant_id == _FU.tenant_id, _L.id == _FU.location_id))
            .order_by(keys.c.id)
            .limit(page.size + 1)
        )
        rows = (await self._session.execute(stmt)).all()
        more = len(rows) > page.size
        items = [
            PortalFollowUpView(
                id=r[0],
                status=FollowUpStatus(r[1]),
                note=r[2],
                work_title=r[3],
                place=_place(r, 7),
                created_at=r[4],
                next_visit_starts_at=r[5],
                next_visit_ends_at=r[6],
            )
            for r in rows[: page.size]
        ]
        return Page(items, items[-1].id if more else None)
