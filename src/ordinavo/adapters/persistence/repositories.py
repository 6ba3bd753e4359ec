"""SQLAlchemy repositories. Each is constructed with its tenant and adds it to every query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Select, exists, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence import mappers
from ordinavo.adapters.persistence.models import (
    DELETING,
    AccessTokenModel,
    ApiKeyModel,
    AuditEntryModel,
    ContactModel,
    CustomerModel,
    EventModel,
    InternalUserModel,
    LocationModel,
)
from ordinavo.adapters.persistence.tenant_binding import bind_tenant
from ordinavo.application.ports.repositories import ContactFilter, CustomerFilter, LocationFilter
from ordinavo.domain.access import RecordScope
from ordinavo.domain.audit import AuditEntry, AuditQuery
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import AccessToken, ApiKey, InternalUser
from ordinavo.domain.locations import Location
from ordinavo.domain.paging import Page, PageRequest

M = TypeVar("M", bound=Any)
D = TypeVar("D")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def customer_kept(tenant_id: UUID, customer_column: Any) -> ColumnElement[bool]:
    """The row's customer is not being deleted: from the deletion's first step its rows are
    gone for every reader, while the worker removes them over several steps (erasure.py
    deletes with statements of its own, which this never narrows).

    An uncorrelated `NOT IN`: one range of ix_customers_tenant_status_id (the few customers
    being deleted), hashed once per statement, not a lookup per row."""
    being_deleted = select(CustomerModel.id).where(
        CustomerModel.tenant_id == tenant_id, CustomerModel.status == DELETING
    )
    kept = customer_column.not_in(being_deleted)
    nullable = getattr(getattr(customer_column, "expression", customer_column), "nullable", True)
    # NOT IN is unknown for a NULL: a row of no customer (an event, say) must stay.
    return or_(customer_column.is_(None), kept) if nullable else kept


class TenantScoped(Generic[M]):
    """Base of every tenant-owned repository: `_select` is the only way in, and it filters:
    by tenant, and, for a model with a `customer_id`, leaving out a customer being deleted."""

    model: type[M]
    # True only where the customer's rows are gone in the same transaction that marks it
    # (portal grants): there the filter would cost every portal request and hide nothing.
    shows_customers_being_deleted: ClassVar[bool] = False

    def __init__(self, session: AsyncSession, tenant_id: UUID) -> None:
        self.__session = session
        self._tenant_id = tenant_id

    @property
    def _session(self) -> AsyncSession:
        """The session, bound to this repository's tenant on every use: units of work of two
        tenants may share one session (the worker's steps), and the last one made must not
        decide for both which rows PostgreSQL shows."""
        bind_tenant(self.__session, self._tenant_id)
        return self.__session

    def _select(self) -> Select[tuple[M]]:
        stmt = select(self.model).where(self.model.tenant_id == self._tenant_id)
        customer = getattr(self.model, "customer_id", None)
        if customer is None or self.shows_customers_being_deleted:
            return stmt
        return stmt.where(customer_kept(self._tenant_id, customer))

    async def _row(self, record_id: UUID) -> M | None:
        result = await self._session.execute(self._select().where(self.model.id == record_id))
        return result.scalar_one_or_none()

    async def _page(
        self,
        stmt: Select[tuple[M]],
        page: PageRequest,
        to_domain: Callable[[M], D],
        *,
        newest_first: bool = False,
    ) -> Page[D]:
        """Keyset pages by id (= time, UUIDv7); `page.after` is the last id seen."""
        key = self.model.id
        if page.after is not None:
            stmt = stmt.where(key < page.after if newest_first else key > page.after)
        order = key.desc() if newest_first else key
        rows: Sequence[M] = (
            (await self._session.execute(stmt.order_by(order).limit(page.size + 1))).scalars().all()
        )
        more = len(rows) > page.size
        rows = rows[: page.size]
        return Page(items=[to_domain(r) for r in rows], next_after=rows[-1].id if more else None)

    @staticmethod
    def _narrowed(
        stmt: Select[tuple[M]],
        equal: Sequence[tuple[Any, Any]],
        at: Any,
        since: Any = None,
        until: Any = None,
    ) -> Select[tuple[M]]:
        """A filter's set fields: each column equal to its value (None: any), `at` within
        [since, until)."""
        for column, value in equal:
            if value is not None:
                stmt = stmt.where(column == value)
        if since is not None:
            stmt = stmt.where(at >= since)
        if until is not None:
            stmt = stmt.where(at < until)
        return stmt

    @staticmethod
    def _scoped(stmt: Select[tuple[M]], column: Any, scope: RecordScope) -> Select[tuple[M]]:
        if scope.only is None:
            return stmt
        if not scope.only:
            return stmt.where(false())
        return stmt.where(column.in_(scope.only))


class SqlaCustomerRepository(TenantScoped[CustomerModel]):
    model = CustomerModel

    def _select(self) -> Select[tuple[CustomerModel]]:
        # A customer being deleted is gone for every reader from the first step on.
        return super()._select().where(CustomerModel.status != DELETING)

    async def add(self, customer: Customer) -> None:
        self._session.add(mappers.customer_onto_row(customer, CustomerModel()))
        await self._session.flush()

    async def get(self, customer_id: UUID) -> Customer | None:
        row = await self._row(customer_id)
        return mappers.customer_from_row(row) if row else None

    async def save(self, customer: Customer) -> None:
        row = await self._row(customer.id)
        if row is None:
            raise LookupError("customer vanished during the transaction")
        mappers.customer_onto_row(customer, row)
        await self._session.flush()

    async def number_taken(self, customer_number: str, *, except_id: UUID | None = None) -> bool:
        stmt = self._select().where(CustomerModel.customer_number == customer_number)
        if except_id is not None:
            stmt = stmt.where(CustomerModel.id != except_id)
        return bool(await self._session.scalar(select(exists(stmt))))

    async def list(self, page: PageRequest, where: CustomerFilter) -> Page[Customer]:
        stmt = self._scoped(self._select(), CustomerModel.id, where.scope)
        if where.status is not None:
            stmt = stmt.where(CustomerModel.status == where.status.value)
        if where.search:
            pattern = _like(where.search)
            stmt = stmt.where(
                func.lower(CustomerModel.name).like(pattern, escape="\\")
                | func.lower(CustomerModel.customer_number).like(pattern, escape="\\")
            )
        return await self._page(stmt, page, mappers.customer_from_row)


class SqlaLocationRepository(TenantScoped[LocationModel]):
    model = LocationModel

    async def add(self, location: Location) -> None:
        self._session.add(mappers.location_onto_row(location, LocationModel()))
        await self._session.flush()

    async def get(self, location_id: UUID) -> Location | None:
        row = await self._row(location_id)
        return mappers.location_from_row(row) if row else None

    async def save(self, location: Location) -> None:
        row = await self._row(location.id)
        if row is None:
            raise LookupError("location vanished during the transaction")
        mappers.location_onto_row(location, row)
        await self._session.flush()

    async def list(self, page: PageRequest, where: LocationFilter) -> Page[Location]:
        stmt = self._scoped(self._select(), LocationModel.id, where.scope)
        if where.customer_id is not None:
            stmt = stmt.where(LocationModel.customer_id == where.customer_id)
        if where.status is not None:
            archived = where.status.value == "archived"
            stmt = stmt.where(
                LocationModel.archived_at.is_not(None)
                if archived
                else LocationModel.archived_at.is_(None)
            )
        if where.search:
            pattern = _like(where.search)
            stmt = stmt.where(
                func.lower(LocationModel.name).like(pattern, escape="\\")
                | func.lower(LocationModel.city).like(pattern, escape="\\")
            )
        return await self._page(stmt, page, mappers.location_from_row)


class SqlaContactRepository(TenantScoped[ContactModel]):
    model = ContactModel

    async def add(self, contact: Contact) -> None:
        self._session.add(mappers.contact_onto_row(contact, ContactModel()))
        await self._session.flush()

    async def get(self, contact_id: UUID) -> Contact | None:
        row = await self._row(contact_id)
        return mappers.contact_from_row(row) if row else None

    async def save(self, contact: Contact) -> None:
        row = await self._row(contact.id)
        if row is None:
            raise LookupError("contact vanished during the transaction")
        mappers.contact_onto_row(contact, row)
        await self._session.flush()

    async def list(self, page: PageRequest, where: ContactFilter) -> Page[Contact]:
        stmt = self._scoped(self._select(), ContactModel.customer_id, where.customer_scope)
        stmt = self._scoped(stmt, ContactModel.id, where.contact_scope)
        if where.customer_id is not None:
            stmt = stmt.where(ContactModel.customer_id == where.customer_id)
        if where.location_id is not None:
            stmt = stmt.where(ContactModel.location_id == where.location_id)
        if where.status is not None:
            archived = where.status.value == "archived"
            stmt = stmt.where(
                ContactModel.archived_at.is_not(None)
                if archived
                else ContactModel.archived_at.is_(None)
            )
        if where.search:
            stmt = stmt.where(func.lower(ContactModel.name).like(_like(where.search), escape="\\"))
        return await self._page(stmt, page, mappers.contact_from_row)


class SqlaUserRepository(TenantScoped[InternalUserModel]):
    model = InternalUserModel

    async def add(self, user: InternalUser) -> None:
        self._session.add(mappers.user_onto_row(user, InternalUserModel()))
        await self._session.flush()

    async def get(self, user_id: UUID) -> InternalUser | None:
        row = await self._row(user_id)
        return mappers.user_from_row(row) if row else None

    async def find_by_email(self, email: str) -> InternalUser | None:
        result = await self._session.execute(self._select().where(InternalUserModel.email == email))
        row = result.scalar_one_or_none()
        return mappers.user_from_row(row) if row else None

    async def save(self, user: InternalUser) -> None:
        row = await self._row(user.id)
        if row is None:
            raise LookupError("user vanished during the transaction")
        mappers.user_onto_row(user, row)
        await self._session.flush()

    async def list(self, page: PageRequest) -> Page[InternalUser]:
        return await self._page(self._select(), page, mappers.user_from_row)

    async def active_with_roles(self, roles: frozenset[str]) -> list[InternalUser]:
        result = await self._session.execute(
            self._select()
            .where(InternalUserModel.role.in_(sorted(roles)))
            .where(InternalUserModel.disabled_at.is_(None))
            .order_by(InternalUserModel.id)
        )
        return [mappers.user_from_row(row) for row in result.scalars()]


class SqlaAccessTokenRepository(TenantScoped[AccessTokenModel]):
    model = AccessTokenModel

    async def add(self, token: AccessToken) -> None:
        self._session.add(mappers.token_to_row(token))
        await self._session.flush()

    async def revoke(self, token_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(AccessTokenModel)
            .where(AccessTokenModel.tenant_id == self._tenant_id)
            .where(AccessTokenModel.id == token_id, AccessTokenModel.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_all_of_user(
        self, user_id: UUID, at: datetime, *, except_id: UUID | None = None
    ) -> int:
        statement = (
            update(AccessTokenModel)
            .where(AccessTokenModel.tenant_id == self._tenant_id)
            .where(AccessTokenModel.user_id == user_id, AccessTokenModel.revoked_at.is_(None))
        )
        if except_id is not None:
            statement = statement.where(AccessTokenModel.id != except_id)
        result = await self._session.execute(statement.values(revoked_at=at))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class SqlaApiKeyRepository(TenantScoped[ApiKeyModel]):
    model = ApiKeyModel

    async def add(self, key: ApiKey) -> None:
        self._session.add(mappers.api_key_onto_row(key, ApiKeyModel()))
        await self._session.flush()

    async def get(self, key_id: UUID) -> ApiKey | None:
        row = await self._row(key_id)
        return mappers.api_key_from_row(row) if row else None

    async def save(self, key: ApiKey) -> None:
        row = await self._row(key.id)
        if row is None:
            raise LookupError("API key vanished during the transaction")
        mappers.api_key_onto_row(key, row)
        await self._session.flush()

    async def list(self, page: PageRequest) -> Page[ApiKey]:
        return await self._page(self._select(), page, mappers.api_key_from_row)


class SqlaEventLog(TenantScoped[EventModel]):
    model = EventModel

    def __init__(self, session: AsyncSession, tenant_id: UUID) -> None:
        super().__init__(session, tenant_id)
        self.appended = False  # the unit of work wakes the relay after a commit that added any

    def append(self, event: DomainEvent) -> None:
        if event.tenant_id != self._tenant_id:
            raise ValueError("An event must belong to the unit of work's tenant.")
        self._session.add(mappers.event_to_row(event))
        self.appended = True

    async def mark_dispatched(self, event_ids: list[UUID], at: datetime) -> None:
        await self._session.execute(
            update(EventModel)
            .where(EventModel.tenant_id == self._tenant_id, EventModel.id.in_(event_ids))
            .values(dispatched_at=at)
            .execution_options(synchronize_session=False)
        )

    async def list(self, page: PageRequest) -> Page[DomainEvent]:
        return await self._page(self._select(), page, mappers.event_from_row)


class SqlaAuditTrail(TenantScoped[AuditEntryModel]):
    model = AuditEntryModel

    def __init__(
        self, session: AsyncSession, tenant_id: UUID, request_id: Callable[[], str | None]
    ) -> None:
        super().__init__(session, tenant_id)
        self._request_id = request_id

    def record(self, entry: AuditEntry) -> None:
        if entry.tenant_id != self._tenant_id:
            raise ValueError("An audit entry must belong to the unit of work's tenant.")
        row = mappers.audit_to_row(entry)
        row.request_id = entry.request_id or self._request_id()
        self._session.add(row)

    async def list(
        self, page: PageRequest, where: AuditQuery = AuditQuery()
    ) -> Page[AuditEntry]:
        m = AuditEntryModel
        stmt = self._narrowed(
            self._select(),
            [
                (m.actor_id, where.actor_id),
                (m.action, where.action),
                (m.object_type, where.object_type),
                (m.object_id, where.object_id),
            ],
            m.occurred_at,
            where.since,
            where.until,
        )
        return await self._page(stmt, page, mappers.audit_from_row)
