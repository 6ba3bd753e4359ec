"""The retention job's deletes: per tenant and kind, a batch of the oldest expired rows a
statement, picked by id under `FOR UPDATE SKIP LOCKED` on PostgreSQL so that two workers
running the job at once take different rows and never wait for each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.mail.models import OutgoingMailModel
from ordinavo.adapters.persistence.models import (
    AccessTokenModel,
    AuditEntryModel,
    RetentionRunModel,
)
from ordinavo.adapters.persistence.portal_models import (
    LoginThrottleModel,
    PortalSessionModel,
    RateLimitWindowModel,
    SecurityEventModel,
)
from ordinavo.adapters.persistence.report_models import AttachmentDownloadModel
from ordinavo.adapters.persistence.request_models import IdempotencyKeyModel
from ordinavo.adapters.persistence.webhooks.models import (
    WebhookAttemptModel,
    WebhookDeliveryModel,
)
from ordinavo.domain.mail import MailStatus
from ordinavo.domain.retention import STORED_FILES, RetentionKind
from ordinavo.domain.tenants import LONGEST_PORTAL_IDLE
from ordinavo.domain.webhooks import DeliveryStatus

# A session idle since before `cutoff - LONGEST_PORTAL_IDLE` has surely ended before the cutoff;
# the exact end (last seen + its own timeout) would need date arithmetic that differs per
# database.

Expired = Callable[[datetime, datetime], ColumnElement[bool]]  # (cutoff, now) -> condition


@dataclass(frozen=True, slots=True)
class _Target:
    model: Any
    expired: Expired
    # Rows that point at the target's rows, deleted with them (table, its reference column):
    # SQLite enforces no cascade unless told to, so the job does not rely on one.
    children: tuple[tuple[Any, str], ...] = ()


def _session_ended(cutoff: datetime, now: datetime) -> ColumnElement[bool]:
    s = PortalSessionModel
    return or_(
        s.revoked_at < cutoff,
        s.absolute_expiry < cutoff,
        s.last_seen_at < cutoff - LONGEST_PORTAL_IDLE,
    )


def _token_ended(cutoff: datetime, now: datetime) -> ColumnElement[bool]:
    t = AccessTokenModel
    return or_(t.revoked_at < cutoff, t.expires_at < cutoff)


def _delivery_finished(cutoff: datetime, now: datetime) -> ColumnElement[bool]:
    d = WebhookDeliveryModel
    finished = (DeliveryStatus.SUCCEEDED.value, DeliveryStatus.FAILED.value)
    return d.status.in_(finished) & (d.updated_at < cutoff)


def _mail_done(cutoff: datetime, now: datetime) -> ColumnElement[bool]:
    m = OutgoingMailModel
    done = (MailStatus.SENT.value, MailStatus.FAILED.value)  # a queued mail is still owed
    return m.status.in_(done) & (m.created_at < cutoff)


def _older(column: Any) -> Expired:
    return lambda cutoff, now: column < cutoff


def _throttle_forgotten(cutoff: datetime, now: datetime) -> ColumnElement[bool]:
    t = LoginThrottleModel
    idle = or_(t.last_failure_at.is_(None), t.last_failure_at < cutoff)
    return idle & or_(t.blocked_until.is_(None), t.blocked_until < now)


TENANT_TARGETS: dict[RetentionKind, tuple[_Target, ...]] = {
    RetentionKind.CLOSED_SESSIONS: (
        _Target(PortalSessionModel, _session_ended),
        _Target(AccessTokenModel, _token_ended),
    ),
    RetentionKind.SECURITY_EVENTS: (
        _Target(SecurityEventModel, _older(SecurityEventModel.occurred_at)),
    ),
    RetentionKind.AUDIT_ENTRIES: (_Target(AuditEntryModel, _older(AuditEntryModel.occurred_at)),),
    RetentionKind.WEBHOOK_DELIVERIES: (
        _Target(
            WebhookDeliveryModel,
            _delivery_finished,
            children=((WebhookAttemptModel, "delivery_id"),),
        ),
    ),
    RetentionKind.MAIL_LOG: (_Target(OutgoingMailModel, _mail_done),),
    RetentionKind.ATTACHMENT_DOWNLOADS: (
        _Target(AttachmentDownloadModel, _older(AttachmentDownloadModel.downloaded_at)),
    ),
    RetentionKind.IDEMPOTENCY_KEYS: (
        _Target(IdempotencyKeyModel, _older(IdempotencyKeyModel.created_at)),
    ),
    RetentionKind.RETENTION_RUNS: (_Target(RetentionRunModel, _older(RetentionRunModel.ran_at)),),
}
SHARED_TARGETS: dict[RetentionKind, tuple[_Target, ...]] = {
    RetentionKind.LOGIN_THROTTLES: (_Target(LoginThrottleModel, _throttle_forgotten),),
    RetentionKind.RATE_LIMIT_WINDOWS: (
        _Target(RateLimitWindowModel, _older(RateLimitWindowModel.window_start)),
    ),
}


class _Remover:
    def __init__(self, session: AsyncSession, tenant_id: UUID | None) -> None:
        self._session = session
        self._tenant_id = tenant_id

    def _where(self, target: _Target, cutoff: datetime, now: datetime) -> list[Any]:
        conditions = [target.expired(cutoff, now)]
        if self._tenant_id is not None:
            conditions.insert(0, target.model.tenant_id == self._tenant_id)
        return conditions

    async def _remove(self, target: _Target, cutoff: datetime, now: datetime, limit: int) -> int:
        m = target.model
        batch: Select[Any] = (
            select(m.id).where(*self._where(target, cutoff, now)).order_by(m.id).limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            # Another worker's batch is skipped, not waited for; it deletes those rows itself.
            batch = batch.with_for_update(skip_locked=True)
        options = {"synchronize_session": False}
        if not target.children:
            result = await self._session.execute(
                delete(m).where(m.id.in_(batch)).execution_options(**options)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
        ids = list(await self._session.scalars(batch))
        if not ids:
            return 0
        for child, column in target.children:
            await self._session.execute(
                delete(child)
                .where(child.tenant_id == self._tenant_id)
                .where(getattr(child, column).in_(ids))
                .execution_options(**options)
            )
        result = await self._session.execute(
            delete(m).where(m.id.in_(ids)).execution_options(**options)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def _count(self, target: _Target, cutoff: datetime, now: datetime) -> int:
        stmt = select(func.count()).select_from(target.model)
        return int(await self._session.scalar(stmt.where(*self._where(target, cutoff, now))) or 0)

    async def _remove_kind(
        self,
        targets: dict[RetentionKind, tuple[_Target, ...]],
        kind: RetentionKind,
        cutoff: datetime,
        now: datetime,
        limit: int,
    ) -> int:
        # One table per call: each batch stays one short statement (two with children).
        for target in targets[kind]:
            removed = await self._remove(target, cutoff, now, limit)
            if removed:
                return removed
        return 0

    async def _count_kind(
        self,
        targets: dict[RetentionKind, tuple[_Target, ...]],
        kind: RetentionKind,
        cutoff: datetime,
        now: datetime,
    ) -> int:
        return sum([await self._count(target, cutoff, now) for target in targets[kind]])


class SqlaRetentionStore(_Remover):
    def __init__(self, session: AsyncSession, tenant_id: UUID) -> None:
        super().__init__(session, tenant_id)

    async def remove_expired(
        self, kind: RetentionKind, cutoff: datetime, now: datetime, limit: int
    ) -> int:
        return await self._remove_kind(TENANT_TARGETS, kind, cutoff, now, limit)

    async def count_expired(self, kind: RetentionKind, cutoff: datetime, now: datetime) -> int:
        return await self._count_kind(TENANT_TARGETS, kind, cutoff, now)

    async def record_run(
        self, ran_at: datetime, removed: dict[RetentionKind, int], files_removed: int = 0
    ) -> None:
        counts = {kind.value: count for kind, count in removed.items()}
        counts[STORED_FILES] = files_removed
        for kind, count in counts.items():
            if count:
                self._session.add(
                    RetentionRunModel(
                        tenant_id=self._tenant_id, ran_at=ran_at, kind=kind, removed=count
                    )
                )
        await self._session.flush()


class SqlaSharedRetentionStore(_Remover):
    """Throttle windows belong to no tenant (no row-level security): no binding needed."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, None)

    async def remove_expired(
        self, kind: RetentionKind, cutoff: datetime, now: datetime, limit: int
    ) -> int:
        return await self._remove_kind(SHARED_TARGETS, kind, cutoff, now, limit)

    async def count_expired(self, kind: RetentionKind, cutoff: datetime, now: datetime) -> int:
        return await self._count_kind(SHARED_TARGETS, kind, cutoff, now)

    async def commit(self) -> None:
        await self._session.commit()
