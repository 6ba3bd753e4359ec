"""The retention job on the real database (SQLite, or PostgreSQL behind row-level security):
for every kind, a record one hour inside its period stays and one an hour past goes; another
tenant's records are untouched; a second run removes nothing; batches smaller than the backlog
still remove all of it; a dry run removes nothing and counts what would go."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from advanced_alchemy.config import SQLAlchemyAsyncConfig
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.database import is_sqlite
from ordinavo.adapters.persistence.directory import SqlaTenantDirectory
from ordinavo.adapters.persistence.mail.models import OutgoingMailModel
from ordinavo.adapters.persistence.models import (
    AccessTokenModel,
    AuditEntryModel,
    ContactModel,
    CustomerModel,
    InternalUserModel,
    LocationModel,
    RetentionRunModel,
)
from ordinavo.adapters.persistence.portal_models import (
    LoginThrottleModel,
    PortalSessionModel,
    PortalUserModel,
    RateLimitWindowModel,
    SecurityEventModel,
)
from ordinavo.adapters.persistence.report_models import AttachmentDownloadModel, AttachmentModel
from ordinavo.adapters.persistence.request_models import IdempotencyKeyModel, RequestModel
from ordinavo.adapters.persistence.retention.repository import SqlaSharedRetentionStore
from ordinavo.adapters.persistence.unit_of_work import SqlaUnitOfWork, SqlaUnitOfWorkFactory
from ordinavo.adapters.persistence.webhooks.models import (
    WebhookAttemptModel,
    WebhookDeliveryModel,
    WebhookEndpointModel,
)
from ordinavo.adapters.storage.memory_storage import InMemoryFileStorage
from ordinavo.adapters.tasks.taskiq_queue import IdleJobQueue
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.use_cases.retention.run_retention import RetentionReport, RunRetention
from ordinavo.domain.retention import (
    ADJUSTABLE,
    SHARED_KINDS,
    TENANT_KINDS,
    RetentionKind,
    RetentionPolicy,
)
from tests.integration.conftest import NOW, ids, open_tenant
from tests.support.clock import MovableClock

HOUR = timedelta(hours=1)
Rows = dict[Any, list[UUID]]  # model -> ids of the rows seeded


def _filled(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    """A row of `model`: the given values, and something valid in every other required
    column, so each test names only the columns that matter to it."""
    row = dict(values)
    for column in model.__table__.columns:
        if column.name in row or column.nullable or column.name == "sa_orm_sentinel":
            continue
        try:
            python_type = column.type.python_type
        except NotImplementedError:  # JSON and its kin
            python_type = list
        if column.name == "id" or python_type is UUID:
            row[column.name] = ids.new_id()
        elif python_type is datetime:
            row[column.name] = NOW
        elif python_type is bool:
            row[column.name] = False
        elif python_type in (int, float):
            row[column.name] = 0
        elif python_type is date:
            row[column.name] = date(2026, 1, 1)
        elif python_type is time:
            row[column.name] = time(8)
        elif python_type is bytes:
            row[column.name] = b"{}"
        elif python_type in (list, dict):
            row[column.name] = []
        else:  # text: unique where it must be
            length = getattr(column.type, "length", None) or 32
            row[column.name] = ids.new_id().hex[-min(length, 32) :]
    return row


class Seeder:
    def __init__(self, session: AsyncSession, tenant_id: UUID | None) -> None:
        self.session = session
        self.tenant_id = tenant_id
        self._parents: dict[str, UUID] = {}

    async def add(self, model: Any, **values: Any) -> UUID:
        if self.tenant_id is not None:
            values.setdefault("tenant_id", self.tenant_id)
            SqlaUnitOfWork(self.session, self.tenant_id)  # binds the session to the tenant
        row = _filled(model, values)
        await self.session.execute(insert(model.__table__).values(**row))
        return row["id"]

    async def parent(self, name: str) -> UUID:
        """One of each parent row per tenant, made when first needed."""
        if name not in self._parents:
            self._parents[name] = await self._make(name)
        return self._parents[name]

    async def _make(self, name: str) -> UUID:
        if name == "customer":
            return await self.add(CustomerModel, status="active")
        if name == "location":
            return await self.add(LocationModel, customer_id=await self.parent("customer"))
        if name == "contact":
            return await self.add(ContactModel, customer_id=await self.parent("customer"))
        if name == "portal_user":
            return await self.add(PortalUserModel, contact_id=await self.parent("contact"))
        if name == "staff_user":
            return await self.add(InternalUserModel)
        if name == "request":
            return await self.add(
                RequestModel,
                customer_id=await self.parent("customer"),
                location_id=await self.parent("location"),
                author_id=await self.parent("portal_user"),
                appointment_id=None,
                target_id=None,
            )
        if name == "attachment":
            return await self.add(
                AttachmentModel,
                customer_id=await self.parent("customer"),
                request_id=await self.parent("request"),
            )
        if name == "endpoint":
            return await self.add(WebhookEndpointModel)
        raise KeyError(name)

    async def commit(self) -> None:
        await self.session.commit()


# Per kind: seed one record whose time is `at`, and say which rows it made.
Seed = Callable[[Seeder, datetime], Awaitable[Rows]]


async def _sessions(s: Seeder, at: datetime) -> Rows:
    user, staff = await s.parent("portal_user"), await s.parent("staff_user")
    session_id = await s.add(
        PortalSessionModel,
        portal_user_id=user,
        created_at=at - 2 * HOUR,
        last_seen_at=at - timedelta(minutes=1),
        absolute_expiry=at + 12 * HOUR,
        revoked_at=at,
    )
    token_id = await s.add(
        AccessTokenModel, user_id=staff, created_at=at - 12 * HOUR, expires_at=at
    )
    return {PortalSessionModel: [session_id], AccessTokenModel: [token_id]}


async def _security_event(s: Seeder, at: datetime) -> Rows:
    return {SecurityEventModel: [await s.add(SecurityEventModel, occurred_at=at)]}


async def _audit_entry(s: Seeder, at: datetime) -> Rows:
    return {AuditEntryModel: [await s.add(AuditEntryModel, occurred_at=at)]}


async def _delivery(s: Seeder, at: datetime) -> Rows:
    delivery = await s.add(
        WebhookDeliveryModel,
        endpoint_id=await s.parent("endpoint"),
        status="succeeded",
        created_at=at - HOUR,
        updated_at=at,
    )
    attempt = await s.add(WebhookAttemptModel, delivery_id=delivery, attempted_at=at)
    return {WebhookDeliveryModel: [delivery], WebhookAttemptModel: [attempt]}


async def _mail(s: Seeder, at: datetime) -> Rows:
    return {OutgoingMailModel: [await s.add(OutgoingMailModel, status="sent", created_at=at)]}


async def _download(s: Seeder, at: datetime) -> Rows:
    download = await s.add(
        AttachmentDownloadModel,
        attachment_id=await s.parent("attachment"),
        portal_user_id=await s.parent("portal_user"),
        downloaded_at=at,
    )
    return {AttachmentDownloadModel: [download]}


async def _idempotency_key(s: Seeder, at: datetime) -> Rows:
    key = await s.add(
        IdempotencyKeyModel,
        portal_user_id=await s.parent("portal_user"),
        request_id=await s.parent("request"),
        created_at=at,
    )
    return {IdempotencyKeyModel: [key]}


async def _run_record(s: Seeder, at: datetime) -> Rows:
    return {RetentionRunModel: [await s.add(RetentionRunModel, ran_at=at, kind="x", removed=1)]}


async def _login_throttle(s: Seeder, at: datetime) -> Rows:
    return {LoginThrottleModel: [await s.add(LoginThrottleModel, last_failure_at=at)]}


async def _rate_window(s: Seeder, at: datetime) -> Rows:
    return {RateLimitWindowModel: [await s.add(RateLimitWindowModel, window_start=at)]}


SEEDS: dict[RetentionKind, Seed] = {
    RetentionKind.CLOSED_SESSIONS: _sessions,
    RetentionKind.SECURITY_EVENTS: _security_event,
    RetentionKind.AUDIT_ENTRIES: _audit_entry,
    RetentionKind.WEBHOOK_DELIVERIES: _delivery,
    RetentionKind.MAIL_LOG: _mail,
    RetentionKind.ATTACHMENT_DOWNLOADS: _download,
    RetentionKind.IDEMPOTENCY_KEYS: _idempotency_key,
    RetentionKind.RETENTION_RUNS: _run_record,
    RetentionKind.LOGIN_THROTTLES: _login_throttle,
    RetentionKind.RATE_LIMIT_WINDOWS: _rate_window,
}


def test_every_kind_has_a_seed() -> None:
    assert set(SEEDS) == set(RetentionKind)


def _job(session: AsyncSession, storage: FileStorage | None = None) -> RunRetention:
    return RunRetention(
        SqlaTenantDirectory(session),
        SqlaUnitOfWorkFactory(session, IdleJobQueue()),
        SqlaSharedRetentionStore(session),
        MovableClock(NOW),
        storage or InMemoryFileStorage(),
    )


async def _present(session: AsyncSession, tenant_id: UUID | None, rows: Rows) -> set[UUID]:
    found: set[UUID] = set()
    for model, row_ids in rows.items():
        if tenant_id is not None:
            SqlaUnitOfWork(session, tenant_id)
        found |= set(await session.scalars(select(model.id).where(model.id.in_(row_ids))))
    await session.commit()
    return found


def _merge(*many: Rows) -> Rows:
    merged: Rows = {}
    for rows in many:
        for model, row_ids in rows.items():
            merged.setdefault(model, []).extend(row_ids)
    return merged


def _removed(reports: list[RetentionReport], kind: RetentionKind) -> int:
    return sum(r.removed.get(kind, 0) for r in reports)


async def _set_policy(session: AsyncSession, tenant_id: UUID, policy: RetentionPolicy) -> None:
    directory = SqlaTenantDirectory(session)
    tenant = await directory.get(tenant_id)
    assert tenant is not None
    tenant.change_retention(policy)
    await directory.save(tenant)
    await session.commit()


@pytest.mark.parametrize("kind", TENANT_KINDS, ids=str)
async def test_a_record_inside_its_period_stays_and_one_past_it_goes(
    session: AsyncSession, kind: RetentionKind
) -> None:
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    cutoff = RetentionPolicy().cutoff(kind, NOW)
    assert cutoff is not None
    ours, theirs = Seeder(session, a), Seeder(session, b)
    inside = await SEEDS[kind](ours, cutoff + HOUR)
    past = await SEEDS[kind](ours, cutoff - HOUR)
    other = _merge(
        await SEEDS[kind](theirs, cutoff + HOUR), await SEEDS[kind](theirs, cutoff - HOUR)
    )
    await session.commit()

    dry = await _job(session)("tenant-a", dry_run=True)
    assert _removed(dry, kind) == sum(len(v) for k, v in past.items() if k in _counted(kind))
    assert await _present(session, a, _merge(inside, past)) == _ids(inside) | _ids(past)

    first = await _job(session)("tenant-a")
    assert _removed(first, kind) == _removed(dry, kind)
    assert await _present(session, a, _merge(inside, past)) == _ids(inside)
    assert await _present(session, b, other) == _ids(other)  # another tenant's: untouched

    second = await _job(session)("tenant-a")
    assert _removed(second, kind) == 0
    assert await _present(session, a, inside) == _ids(inside)


def _counted(kind: RetentionKind) -> set[Any]:
    """The tables a kind's count covers: a delivery's attempts go with it, uncounted."""
    if kind is RetentionKind.WEBHOOK_DELIVERIES:
        return {WebhookDeliveryModel}
    return {
        m
        for m in (
            PortalSessionModel,
            AccessTokenModel,
            SecurityEventModel,
            AuditEntryModel,
            OutgoingMailModel,
            AttachmentDownloadModel,
            IdempotencyKeyModel,
            RetentionRunModel,
            LoginThrottleModel,
            RateLimitWindowModel,
        )
    }


def _ids(rows: Rows) -> set[UUID]:
    return {row_id for row_ids in rows.values() for row_id in row_ids}


@pytest.mark.parametrize("kind", SHARED_KINDS, ids=str)
async def test_shared_throttle_records_go_once_their_fixed_period_is_past(
    session: AsyncSession, kind: RetentionKind
) -> None:
    await open_tenant(session, "tenant-a")
    cutoff = RetentionPolicy().cutoff(kind, NOW)
    assert cutoff is not None
    shared = Seeder(session, None)
    inside = await SEEDS[kind](shared, cutoff + HOUR)
    past = await SEEDS[kind](shared, cutoff - HOUR)
    await session.commit()

    assert _removed(await _job(session)("tenant-a"), kind) == 0  # one tenant: not shared rows
    assert _removed(await _job(session)(dry_run=True), kind) == 1
    assert _removed(await _job(session)(), kind) == 1
    assert await _present(session, None, _merge(inside, past)) == _ids(inside)
    assert _removed(await _job(session)(), kind) == 0


async def test_a_queued_mail_is_kept_however_old(session: AsyncSession) -> None:
    a = await open_tenant(session, "tenant-a")
    queued = await Seeder(session, a).add(
        OutgoingMailModel, status="queued", created_at=NOW - 999 * 24 * HOUR
    )
    await session.commit()
    await _job(session)()
    assert await _present(session, a, {OutgoingMailModel: [queued]}) == {queued}


async def test_a_kind_kept_forever_is_not_touched_and_each_tenant_has_its_own_policy(
    session: AsyncSession,
) -> None:
    a, b = await open_tenant(session, "tenant-a"), await open_tenant(session, "tenant-b")
    await _set_policy(session, a, RetentionPolicy.parse({"security_events": 30}))
    await _set_policy(session, b, RetentionPolicy.parse({"security_events": None}))
    old = NOW - 40 * 24 * HOUR
    ours = await _security_event(Seeder(session, a), old)
    theirs = await _security_event(Seeder(session, b), old)
    await session.commit()

    reports = await _job(session)()
    assert {r.tenant: r.removed.get(RetentionKind.SECURITY_EVENTS) for r in reports} == {
        "tenant-a": 1,
        "tenant-b": None,
        None: None,
    }
    assert await _present(session, a, ours) == set()
    assert await _present(session, b, theirs) == _ids(theirs)


async def test_batches_smaller_than_the_backlog_remove_all_of_it_and_the_run_is_recorded(
    session: AsyncSession,
) -> None:
    a = await open_tenant(session, "tenant-a")
    seeder = Seeder(session, a)
    old = NOW - 400 * 24 * HOUR
    rows = _merge(*[await _audit_entry(seeder, old + i * HOUR) for i in range(7)])
    await session.commit()

    reports = await _job(session)("tenant-a", batch_size=3)
    assert _removed(reports, RetentionKind.AUDIT_ENTRIES) == 7
    assert await _present(session, a, rows) == set()
    SqlaUnitOfWork(session, a)
    runs = (await session.execute(select(RetentionRunModel.kind, RetentionRunModel.removed))).all()
    await session.commit()
    assert [tuple(r) for r in runs] == [("audit_entries", 7)]


async def test_two_workers_at_once_remove_each_record_once(
    db: SQLAlchemyAsyncConfig, database_url: str, session: AsyncSession
) -> None:
    if is_sqlite(database_url):
        pytest.skip("SQLite runs one writer at a time; the batches' SKIP LOCKED is PostgreSQL's")
    a = await open_tenant(session, "tenant-a")
    seeder = Seeder(session, a)
    old = NOW - 400 * 24 * HOUR
    rows = _merge(*[await _security_event(seeder, old + i * HOUR) for i in range(60)])
    await session.commit()

    maker = db.create_session_maker()
    async with maker() as one, maker() as two:
        first, second = await asyncio.gather(
            _job(one)("tenant-a", batch_size=5), _job(two)("tenant-a", batch_size=5)
        )
    kind = RetentionKind.SECURITY_EVENTS
    assert _removed(first, kind) + _removed(second, kind) == 60
    assert await _present(session, a, rows) == set()


def test_the_adjustable_kinds_are_the_tenant_kinds_with_a_policy() -> None:
    assert set(ADJUSTABLE) <= set(TENANT_KINDS)
