"""Repositories of the webhooks module, built for one tenant like every other."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.adapters.persistence.webhooks import mappers
from ordinavo.adapters.persistence.webhooks.models import (
    WebhookAttemptModel,
    WebhookDeliveryModel,
    WebhookEndpointModel,
)
from ordinavo.application.ports.webhooks import DeliveryFilter
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.webhooks import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DisabledReason,
    EndpointStatus,
    WebhookEndpoint,
)

M = TypeVar("M", bound=Any)
D = TypeVar("D")
_OPEN = (DeliveryStatus.PENDING.value, DeliveryStatus.FAILING.value)


class SqlaWebhookEndpointRepository(TenantScoped[WebhookEndpointModel]):
    model = WebhookEndpointModel

    async def add(self, endpoint: WebhookEndpoint) -> None:
        self._session.add(mappers.endpoint_onto_row(endpoint, WebhookEndpointModel()))
        await self._session.flush()

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint | None:
        row = await self._row(endpoint_id)
        return mappers.endpoint_from_row(row) if row else None

    async def save(self, endpoint: WebhookEndpoint) -> None:
        row = await self._row(endpoint.id)
        if row is None:
            raise LookupError("webhook endpoint vanished during the transaction")
        mappers.endpoint_onto_row(endpoint, row)
        await self._session.flush()

    async def remove(self, endpoint_id: UUID) -> None:
        # Deliveries and attempts go with it (ON DELETE CASCADE); SQLite needs foreign keys on,
        # which the engine sets for every connection.
        await self._session.execute(
            delete(WebhookEndpointModel).where(
                WebhookEndpointModel.tenant_id == self._tenant_id,
                WebhookEndpointModel.id == endpoint_id,
            )
        )

    async def list(self, page: PageRequest) -> Page[WebhookEndpoint]:
        return await self._page(self._select(), page, mappers.endpoint_from_row)

    async def count(self) -> int:
        stmt = (
            select(func.count())
            .select_from(WebhookEndpointModel)
            .where(WebhookEndpointModel.tenant_id == self._tenant_id)
        )
        return int(await self._session.scalar(stmt) or 0)

    async def subscribed_to(self, event_type: str) -> list[WebhookEndpoint]:
        # A tenant has at most a few dozen endpoints: filter the enabled ones here rather than
        # in dialect-specific JSON SQL.
        result = await self._session.execute(
            self._select().where(WebhookEndpointModel.status == EndpointStatus.ENABLED.value)
        )
        endpoints = [mappers.endpoint_from_row(row) for row in result.scalars()]
        return [e for e in endpoints if e.subscribes_to(event_type)]

    def _update(self, endpoint_id: UUID) -> Any:
        return (
            update(WebhookEndpointModel)
            .where(WebhookEndpointModel.tenant_id == self._tenant_id)
            .where(WebhookEndpointModel.id == endpoint_id)
            .execution_options(synchronize_session=False)
        )

    async def note_success(self, endpoint_id: UUID) -> None:
        await self._session.execute(
            self._update(endpoint_id)
            .where(WebhookEndpointModel.failing_since.is_not(None))
            .values(failing_since=None)
        )

    async def note_failure(self, endpoint_id: UUID, at: datetime) -> datetime | None:
        await self._session.execute(
            self._update(endpoint_id)
            .where(WebhookEndpointModel.failing_since.is_(None))
            .values(failing_since=at)
        )
        return await self._session.scalar(
            select(WebhookEndpointModel.failing_since).where(
                WebhookEndpointModel.tenant_id == self._tenant_id,
                WebhookEndpointModel.id == endpoint_id,
            )
        )

    async def disable_if_enabled(
        self, endpoint_id: UUID, reason: DisabledReason, at: datetime
    ) -> bool:
        result = await self._session.execute(
            self._update(endpoint_id)
            .where(WebhookEndpointModel.status == EndpointStatus.ENABLED.value)
            .values(
                status=EndpointStatus.DISABLED.value,
                disabled_reason=reason.value,
                disabled_at=at,
                updated_at=at,
            )
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


class SqlaWebhookDeliveryRepository(TenantScoped[WebhookDeliveryModel]):
    model = WebhookDeliveryModel

    async def add(self, delivery: Delivery) -> bool:
        if delivery.tenant_id != self._tenant_id:
            raise ValueError("A delivery must belong to the unit of work's tenant.")
        values = mappers.delivery_values(delivery)
        dialect = self._session.get_bind().dialect.name
        maker = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            maker(WebhookDeliveryModel)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["tenant_id", "endpoint_id", "event_id"])
        )
        result = await self._session.execute(stmt)
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def get(self, delivery_id: UUID) -> Delivery | None:
        result = await self._session.execute(
            self._select()
            .where(WebhookDeliveryModel.id == delivery_id)
            .execution_options(populate_existing=True)
        )
        row = result.scalar_one_or_none()
        return mappers.delivery_from_row(row) if row else None

    async def list(
        self, endpoint_id: UUID, page: PageRequest, where: DeliveryFilter
    ) -> Page[Delivery]:
        stmt = self._select().where(WebhookDeliveryModel.endpoint_id == endpoint_id)
        if where.status is not None:
            stmt = stmt.where(WebhookDeliveryModel.status == where.status.value)
        if where.event_type is not None:
            stmt = stmt.where(WebhookDeliveryModel.event_type == where.event_type)
        if where.since is not None:
            stmt = stmt.where(WebhookDeliveryModel.created_at >= where.since)
        if where.until is not None:
            stmt = stmt.where(WebhookDeliveryModel.created_at < where.until)
        return await self._page(stmt, page, mappers.delivery_from_row, newest_first=True)

    def _update(self, delivery_id: UUID) -> Any:
        return (
            update(WebhookDeliveryModel)
            .where(WebhookDeliveryModel.tenant_id == self._tenant_id)
            .where(WebhookDeliveryModel.id == delivery_id)
            .execution_options(synchronize_session=False)
        )

    async def claim(
        self, delivery_id: UUID, now: datetime, lease_until: datetime, token: UUID
    ) -> Delivery | None:
        # One conditional UPDATE: of two workers racing for the same delivery, the database
        # lets exactly one match. RETURNING spares a second round trip.
        result = await self._session.execute(
            self._update(delivery_id)
            .where(WebhookDeliveryModel.status.in_(_OPEN))
            .where(WebhookDeliveryModel.next_attempt_at <= now)
            .where(
                or_(
                    WebhookDeliveryModel.lease_until.is_(None),
                    WebhookDeliveryModel.lease_until <= now,
                )
            )
            .values(
                lease_until=lease_until,
                lease_token=token,
                attempts=WebhookDeliveryModel.attempts + 1,
                updated_at=now,
            )
            .returning(WebhookDeliveryModel)
            .execution_options(populate_existing=True)
        )
        row = result.scalar_one_or_none()
        return mappers.delivery_from_row(row) if row else None

    async def settle(self, delivery: Delivery, token: UUID) -> bool:
        result = await self._session.execute(
            self._update(delivery.id)
            .where(WebhookDeliveryModel.lease_token == token)
            .values(**mappers.delivery_state(delivery))
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def reopen(self, delivery: Delivery, now: datetime) -> bool:
        result = await self._session.execute(
            self._update(delivery.id)
            .where(
                or_(
                    WebhookDeliveryModel.lease_until.is_(None),
                    WebhookDeliveryModel.lease_until <= now,
                )
            )
            .values(**mappers.delivery_state(delivery))
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def record_attempt(self, attempt: DeliveryAttempt) -> None:
        if attempt.tenant_id != self._tenant_id:
            raise ValueError("An attempt must belong to the unit of work's tenant.")
        self._session.add(mappers.attempt_to_row(attempt))  # written with the commit

    async def attempts(self, delivery_id: UUID, page: PageRequest) -> Page[DeliveryAttempt]:
        scoped = _Attempts(self._session, self._tenant_id)
        stmt = scoped._select().where(WebhookAttemptModel.delivery_id == delivery_id)
        return await scoped._page(stmt, page, mappers.attempt_from_row, newest_first=True)

    async def resend_failed(
        self, endpoint_id: UUID, since: datetime, until: datetime, now: datetime, limit: int
    ) -> list[UUID]:
        ids = list(
            (
                await self._session.execute(
                    select(WebhookDeliveryModel.id)
                    .where(WebhookDeliveryModel.tenant_id == self._tenant_id)
                    .where(WebhookDeliveryModel.endpoint_id == endpoint_id)
                    .where(WebhookDeliveryModel.status == DeliveryStatus.FAILED.value)
                    .where(WebhookDeliveryModel.created_at >= since)
                    .where(WebhookDeliveryModel.created_at < until)
                    .order_by(WebhookDeliveryModel.id)
                    .limit(limit)
                )
            ).scalars()
        )
        if ids:
            await self._session.execute(
                update(WebhookDeliveryModel)
                .where(WebhookDeliveryModel.tenant_id == self._tenant_id)
                .where(WebhookDeliveryModel.id.in_(ids))
                .where(WebhookDeliveryModel.status == DeliveryStatus.FAILED.value)
                .values(
                    status=DeliveryStatus.PENDING.value,
                    failures_in_row=0,
                    next_attempt_at=now,
                    updated_at=now,
                )
                .execution_options(synchronize_session=False)
            )
        return ids


class _Attempts(TenantScoped[WebhookAttemptModel]):
    model = WebhookAttemptModel
