"""Tenant-scoped SQLAlchemy repositories of portal access, and the portal's location reader."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, bindparam, delete, false, or_, select, update

from ordinavo.adapters.persistence.models import CustomerModel, LocationModel
from ordinavo.adapters.persistence.portal_models import (
    ContactPartnerModel,
    GrantLocationModel,
    GrantModel,
    InvitationModel,
    PasswordResetModel,
    PortalSessionModel,
    PortalUserModel,
    SecurityEventModel,
)
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.application.ports.portal import LocationView
from ordinavo.domain.contacts import Language
from ordinavo.domain.paging import Page, PageRequest
from ordinavo.domain.portal_access import (
    Capabilities,
    Grant,
    Invitation,
    PartnerRelation,
    PasswordReset,
    PortalUser,
)
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.security_events import SecurityEvent, SecurityEventKind, SecurityEventQuery
from ordinavo.domain.visibility import PortalScope, ScopeBranch


def portal_user_from_row(row: PortalUserModel) -> PortalUser:
    return PortalUser(
        id=row.id,
        tenant_id=row.tenant_id,
        contact_id=row.contact_id,
        email=row.email,
        display_name=row.display_name,
        language=Language(row.language),
        created_at=row.created_at,
        password_hash=row.password_hash,
        activated_at=row.activated_at,
        disabled_at=row.disabled_at,
    )


def _portal_user_onto_row(user: PortalUser, row: PortalUserModel) -> PortalUserModel:
    row.id = user.id
    row.tenant_id = user.tenant_id
    row.contact_id = user.contact_id
    row.email = user.email
    row.display_name = user.display_name
    row.language = user.language.value
    row.password_hash = user.password_hash
    row.created_at = user.created_at
    row.activated_at = user.activated_at
    row.disabled_at = user.disabled_at
    return row


def invitation_from_row(row: InvitationModel) -> Invitation:
    return Invitation(
        id=row.id,
        tenant_id=row.tenant_id,
        portal_user_id=row.portal_user_id,
        contact_id=row.contact_id,
        email=row.email,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        invited_by=row.invited_by,
        sent_count=row.sent_count,
        accepted_at=row.accepted_at,
        revoked_at=row.revoked_at,
    )


def _invitation_onto_row(inv: Invitation, row: InvitationModel) -> InvitationModel:
    row.id = inv.id
    row.tenant_id = inv.tenant_id
    row.portal_user_id = inv.portal_user_id
    row.contact_id = inv.contact_id
    row.email = inv.email
    row.token_hash = inv.token_hash
    row.created_at = inv.created_at
    row.expires_at = inv.expires_at
    row.invited_by = inv.invited_by
    row.sent_count = inv.sent_count
    row.accepted_at = inv.accepted_at
    row.revoked_at = inv.revoked_at
    return row


def session_from_row(row: PortalSessionModel) -> PortalSession:
    return PortalSession(
        id=row.id,
        tenant_id=row.tenant_id,
        portal_user_id=row.portal_user_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        idle_timeout=timedelta(seconds=row.idle_timeout_seconds),
        absolute_expiry=row.absolute_expiry,
        revoked_at=row.revoked_at,
        revoked_reason=row.revoked_reason,
    )


def reset_from_row(row: PasswordResetModel) -> PasswordReset:
    return PasswordReset(
        id=row.id,
        tenant_id=row.tenant_id,
        portal_user_id=row.portal_user_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
    )


class SqlaPortalUserRepository(TenantScoped[PortalUserModel]):
    model = PortalUserModel

    async def add(self, user: PortalUser) -> None:
        self._session.add(_portal_user_onto_row(user, PortalUserModel()))
        await self._session.flush()

    async def get(self, user_id: UUID) -> PortalUser | None:
        row = await self._row(user_id)
        return portal_user_from_row(row) if row else None

    async def find_by_email(self, email: str) -> PortalUser | None:
        row = (
            await self._session.execute(self._select().where(PortalUserModel.email == email))
        ).scalar_one_or_none()
        return portal_user_from_row(row) if row else None

    async def find_by_contact(self, contact_id: UUID) -> PortalUser | None:
        row = await self._session.scalar(
            self._select().where(PortalUserModel.contact_id == contact_id).limit(1)
        )
        return portal_user_from_row(row) if row else None

    async def save(self, user: PortalUser) -> None:
        row = await self._row(user.id)
        if row is None:
            raise LookupError("portal user vanished during the transaction")
        _portal_user_onto_row(user, row)
        await self._session.flush()

    async def list(self, page: PageRequest) -> Page[PortalUser]:
        return await self._page(self._select(), page, portal_user_from_row)


class SqlaInvitationRepository(TenantScoped[InvitationModel]):
    model = InvitationModel

    async def add(self, invitation: Invitation) -> None:
        self._session.add(_invitation_onto_row(invitation, InvitationModel()))
        await self._session.flush()

    async def get(self, invitation_id: UUID) -> Invitation | None:
        row = await self._row(invitation_id)
        return invitation_from_row(row) if row else None

    async def latest_for_user(self, portal_user_id: UUID) -> Invitation | None:
        row = (
            await self._session.execute(
                self._select()
                .where(InvitationModel.portal_user_id == portal_user_id)
                .order_by(InvitationModel.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        return invitation_from_row(row) if row else None

    async def of_user(self, portal_user_id: UUID) -> list[Invitation]:
        rows = await self._session.scalars(
            self._select()
            .where(InvitationModel.portal_user_id == portal_user_id)
            .order_by(InvitationModel.id)
        )
        return [invitation_from_row(r) for r in rows]

    async def save(self, invitation: Invitation) -> None:
        row = await self._row(invitation.id)
        if row is None:
            raise LookupError("invitation vanished during the transaction")
        _invitation_onto_row(invitation, row)
        await self._session.flush()

    async def list(self, page: PageRequest) -> Page[Invitation]:
        return await self._page(self._select(), page, invitation_from_row)


# Read on every portal request: grants and their locations in one statement, built once.
_G = GrantModel.__table__.c
_GL = GrantLocationModel.__table__.c
_ACTIVE_GRANTS = (
    select(GrantModel.__table__, _GL.location_id.label("granted_location_id"))
    .outerjoin(
        GrantLocationModel.__table__,
        (_GL.tenant_id == _G.tenant_id) & (_GL.grant_id == _G.id),
    )
    .where(
        _G.tenant_id == bindparam("tenant", type_=_G.tenant_id.type),
        _G.portal_user_id == bindparam("user", type_=_G.portal_user_id.type),
        _G.revoked_at.is_(None),
    )
    .order_by(_G.id)
)


class SqlaGrantRepository(TenantScoped[GrantModel]):
    model = GrantModel
    shows_customers_being_deleted = True  # a deletion removes the grants in its first step

    async def _locations_of(self, grant_ids: list[UUID]) -> dict[UUID, set[UUID]]:
        found: dict[UUID, set[UUID]] = {gid: set() for gid in grant_ids}
        if not grant_ids:
            return found
        rows = await self._session.execute(
            select(GrantLocationModel.grant_id, GrantLocationModel.location_id).where(
                GrantLocationModel.tenant_id == self._tenant_id,
                GrantLocationModel.grant_id.in_(grant_ids),
            )
        )
        for grant_id, location_id in rows:
            found[grant_id].add(location_id)
        return found

    @staticmethod
    def _from_row(row: Any, location_ids: set[UUID]) -> Grant:
        return Grant(
            id=row.id,
            tenant_id=row.tenant_id,
            portal_user_id=row.portal_user_id,
            customer_id=row.customer_id,
            location_ids=frozenset(location_ids),
            capabilities=Capabilities(
                submit_requests=row.can_submit_requests,
                see_reports=row.can_see_reports,
                download_attachments=row.can_download_attachments,
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
            revoked_at=row.revoked_at,
        )

    def _onto_row(self, grant: Grant, row: GrantModel) -> GrantModel:
        row.id = grant.id
        row.tenant_id = grant.tenant_id
        row.portal_user_id = grant.portal_user_id
        row.customer_id = grant.customer_id
        row.can_submit_requests = grant.capabilities.submit_requests
        row.can_see_reports = grant.capabilities.see_reports
        row.can_download_attachments = grant.capabilities.download_attachments
        row.created_at = grant.created_at
        row.updated_at = grant.updated_at
        row.revoked_at = grant.revoked_at
        return row

    async def _write_locations(self, grant: Grant) -> None:
        current = (await self._locations_of([grant.id]))[grant.id]
        for location_id in current - grant.location_ids:
            await self._session.execute(
                GrantLocationModel.__table__.delete().where(
                    GrantLocationModel.tenant_id == self._tenant_id,
                    GrantLocationModel.grant_id == grant.id,
                    GrantLocationModel.location_id == location_id,
                )
            )
        for location_id in grant.location_ids - current:
            self._session.add(
                GrantLocationModel(
                    tenant_id=self._tenant_id, grant_id=grant.id, location_id=location_id
                )
            )
        await self._session.flush()

    async def add(self, grant: Grant) -> None:
        self._session.add(self._onto_row(grant, GrantModel()))
        await self._session.flush()
        await self._write_locations(grant)

    async def get(self, grant_id: UUID) -> Grant | None:
        row = await self._row(grant_id)
        if row is None:
            return None
        return self._from_row(row, (await self._locations_of([row.id]))[row.id])

    async def save(self, grant: Grant) -> None:
        row = await self._row(grant.id)
        if row is None:
            raise LookupError("grant vanished during the transaction")
        self._onto_row(grant, row)
        await self._session.flush()
        await self._write_locations(grant)

    async def active_for_user(self, portal_user_id: UUID) -> list[Grant]:
        rows = await self._session.execute(
            _ACTIVE_GRANTS, {"tenant": self._tenant_id, "user": portal_user_id}
        )
        grants: dict[UUID, Any] = {}
        locations: dict[UUID, set[UUID]] = {}
        for row in rows:
            grants.setdefault(row.id, row)
            found = locations.setdefault(row.id, set())
            if row.granted_location_id is not None:
                found.add(row.granted_location_id)
        return [self._from_row(row, locations[gid]) for gid, row in grants.items()]

    async def active_for_customer(self, customer_id: UUID) -> list[Grant]:
        rows = (
            (
                await self._session.execute(
                    self._select()
                    .where(GrantModel.customer_id == customer_id)
                    .where(GrantModel.revoked_at.is_(None))
                    .order_by(GrantModel.id)
                )
            )
            .scalars()
            .all()
        )
        locations = await self._locations_of([r.id for r in rows])
        return [self._from_row(r, locations[r.id]) for r in rows]

    async def list_for_user(self, portal_user_id: UUID, page: PageRequest) -> Page[Grant]:
        rows_page = await self._page(
            self._select().where(GrantModel.portal_user_id == portal_user_id), page, lambda r: r
        )
        locations = await self._locations_of([r.id for r in rows_page.items])
        return Page(
            items=[self._from_row(r, locations[r.id]) for r in rows_page.items],
            next_after=rows_page.next_after,
        )


class SqlaPartnerRelationRepository(TenantScoped[ContactPartnerModel]):
    model = ContactPartnerModel

    @staticmethod
    def _from_row(row: ContactPartnerModel) -> PartnerRelation:
        return PartnerRelation(
            id=row.id,
            tenant_id=row.tenant_id,
            contact_id=row.contact_id,
            customer_id=row.customer_id,
            created_at=row.created_at,
            created_by=row.created_by,
        )

    async def add(self, relation: PartnerRelation) -> None:
        self._session.add(
            ContactPartnerModel(
                id=relation.id,
                tenant_id=relation.tenant_id,
                contact_id=relation.contact_id,
                customer_id=relation.customer_id,
                created_at=relation.created_at,
                created_by=relation.created_by,
            )
        )
        await self._session.flush()

    async def get(self, contact_id: UUID, customer_id: UUID) -> PartnerRelation | None:
        row = await self._session.scalar(
            self._select().where(
                ContactPartnerModel.contact_id == contact_id,
                ContactPartnerModel.customer_id == customer_id,
            )
        )
        return self._from_row(row) if row is not None else None

    async def customers_of(self, contact_id: UUID) -> frozenset[UUID]:
        rows = await self._session.scalars(
            self._select()
            .where(ContactPartnerModel.contact_id == contact_id)
            .with_only_columns(ContactPartnerModel.customer_id)
        )
        return frozenset(rows)

    async def list_for_contact(self, contact_id: UUID, page: PageRequest) -> Page[PartnerRelation]:
        return await self._page(
            self._select().where(ContactPartnerModel.contact_id == contact_id),
            page,
            self._from_row,
        )

    async def remove(self, relation: PartnerRelation) -> None:
        await self._session.execute(
            delete(ContactPartnerModel)
            .where(
                ContactPartnerModel.tenant_id == self._tenant_id,
                ContactPartnerModel.id == relation.id,
            )
            .execution_options(synchronize_session=False)
        )


class SqlaPortalSessionRepository(TenantScoped[PortalSessionModel]):
    model = PortalSessionModel

    async def add(self, session: PortalSession) -> None:
        self._session.add(
            PortalSessionModel(
                id=session.id,
                tenant_id=session.tenant_id,
                portal_user_id=session.portal_user_id,
                token_hash=session.token_hash,
                created_at=session.created_at,
                last_seen_at=session.last_seen_at,
                idle_timeout_seconds=int(session.idle_timeout.total_seconds()),
                absolute_expiry=session.absolute_expiry,
            )
        )
        await self._session.flush()

    def _update(self):  # type: ignore[no-untyped-def]
        return update(PortalSessionModel).where(PortalSessionModel.tenant_id == self._tenant_id)

    async def of_user(self, portal_user_id: UUID) -> list[PortalSession]:
        rows = await self._session.scalars(
            self._select()
            .where(PortalSessionModel.portal_user_id == portal_user_id)
            .order_by(PortalSessionModel.id)
        )
        return [session_from_row(r) for r in rows]

    async def touch(self, session_id: UUID, at: datetime) -> None:
        await self._session.execute(
            self._update().where(PortalSessionModel.id == session_id).values(last_seen_at=at)
        )

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None:
        await self._session.execute(
            self._update()
            .where(PortalSessionModel.id == session_id, PortalSessionModel.revoked_at.is_(None))
            .values(revoked_at=at, revoked_reason=reason)
        )

    async def revoke_all_of_user(
        self, portal_user_id: UUID, at: datetime, reason: str, *, except_id: UUID | None = None
    ) -> int:
        stmt = self._update().where(
            PortalSessionModel.portal_user_id == portal_user_id,
            PortalSessionModel.revoked_at.is_(None),
        )
        if except_id is not None:
            stmt = stmt.where(PortalSessionModel.id != except_id)
        result = await self._session.execute(stmt.values(revoked_at=at, revoked_reason=reason))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class SqlaPasswordResetRepository(TenantScoped[PasswordResetModel]):
    model = PasswordResetModel

    async def add(self, reset: PasswordReset) -> None:
        self._session.add(
            PasswordResetModel(
                id=reset.id,
                tenant_id=reset.tenant_id,
                portal_user_id=reset.portal_user_id,
                token_hash=reset.token_hash,
                created_at=reset.created_at,
                expires_at=reset.expires_at,
            )
        )
        await self._session.flush()

    async def mark_used(self, reset_id: UUID, at: datetime) -> None:
        await self._session.execute(
            update(PasswordResetModel)
            .where(PasswordResetModel.tenant_id == self._tenant_id)
            .where(PasswordResetModel.id == reset_id)
            .values(used_at=at)
        )


class SqlaSecurityEventLog(TenantScoped[SecurityEventModel]):
    model = SecurityEventModel

    def append(self, event: SecurityEvent) -> None:
        if event.tenant_id != self._tenant_id:
            raise ValueError("A security event must belong to the unit of work's tenant.")
        self._session.add(
            SecurityEventModel(
                id=event.id,
                tenant_id=event.tenant_id,
                occurred_at=event.occurred_at,
                kind=event.kind.value,
                portal_user_id=event.portal_user_id,
                internal_user_id=event.internal_user_id,
                actor_id=event.actor_id,
                client_address=event.client_address,
            )
        )

    async def list(
        self, page: PageRequest, where: SecurityEventQuery = SecurityEventQuery()
    ) -> Page[SecurityEvent]:
        m = SecurityEventModel
        stmt = self._narrowed(
            self._select(),
            [
                (m.kind, where.kind.value if where.kind else None),
                (m.portal_user_id, where.portal_user_id),
                (m.internal_user_id, where.internal_user_id),
                (m.actor_id, where.actor_id),
            ],
            m.occurred_at,
            where.since,
            where.until,
        )
        return await self._page(
            stmt,
            page,
            lambda r: SecurityEvent(
                id=r.id,
                tenant_id=r.tenant_id,
                occurred_at=r.occurred_at,
                kind=SecurityEventKind(r.kind),
                portal_user_id=r.portal_user_id,
                internal_user_id=r.internal_user_id,
                actor_id=r.actor_id,
                client_address=r.client_address,
            ),
        )


def scope_clause(scope: PortalScope, customer_column: Any, location_column: Any) -> Any:
    """The visibility policy's scope as one WHERE clause over a table's two columns."""
    if scope.is_empty:
        return false()
    parts = []
    if scope.whole_customers:
        parts.append(customer_column.in_(scope.whole_customers))
    if scope.locations:
        parts.append(location_column.in_(scope.locations))
    return or_(*parts)


def branch_clause(branch: ScopeBranch, customer_column: Any, location_column: Any) -> Any:
    """One branch of a scope as a WHERE clause: an index range on customer or location."""
    if branch.customer_id is not None:
        return customer_column == branch.customer_id
    clause = location_column == branch.location_id
    return and_(clause, customer_column.in_(branch.within)) if branch.within else clause


class SqlaPortalLocationReader(TenantScoped[LocationModel]):
    """Turns the visibility policy's scope into a WHERE clause; one statement per page."""

    model = LocationModel

    async def list_in_scope(self, scope: PortalScope, page: PageRequest) -> Page[LocationView]:
        # Columns, not the entity: the portal's hot path reads it on a plain connection.
        loc = LocationModel.__table__.c
        stmt = (
            select(
                loc.id,
                loc.customer_id,
                CustomerModel.name,
                loc.name,
                loc.address_line,
                loc.postal_code,
                loc.city,
                loc.country,
            )
            .join(
                CustomerModel,
                (CustomerModel.tenant_id == loc.tenant_id) & (CustomerModel.id == loc.customer_id),
            )
            .where(loc.tenant_id == self._tenant_id)
            .where(loc.archived_at.is_(None))
            .where(scope_clause(scope, loc.customer_id, loc.id))
        )
        if page.after is not None:
            stmt = stmt.where(loc.id > page.after)
        rows = (await self._session.execute(stmt.order_by(loc.id).limit(page.size + 1))).all()
        more = len(rows) > page.size
        items = [LocationView(*row) for row in rows[: page.size]]
        return Page(items=items, next_after=items[-1].id if more else None)

    async def customers_named(self, customer_ids: frozenset[UUID]) -> dict[UUID, str]:
        if not customer_ids:
            return {}
        rows = await self._session.execute(
            select(CustomerModel.id, CustomerModel.name).where(
                CustomerModel.tenant_id == self._tenant_id, CustomerModel.id.in_(customer_ids)
            )
        )
        return dict(rows.all())
