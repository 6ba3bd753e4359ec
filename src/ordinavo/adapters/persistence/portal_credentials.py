"""The portal principal behind a session digest: session, user, active grants with their
locations, the grants' customer names and the tenant's display preferences (portal settings
and label overrides, which every portal list needs), in one prebuilt statement.

It runs on a pooled connection of its own in AUTOCOMMIT, without an ORM session: the
statement is its own transaction, so no BEGIN and no ROLLBACK go with it (one round trip).

On PostgreSQL the statement also tells the row-level security backstop (migration 0011) who
it works for, in order: it spans all tenants to find the session by its digest (the tenant is
known only from that row), then binds itself to the session's tenant before it reads the
grants and customers, which the backstop then limits to that tenant. SQLite has no backstop:
the same rows come from plain joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    ColumnElement,
    Select,
    Table,
    bindparam,
    func,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from ordinavo.adapters.persistence.driver_statements import Statements, statements_for
from ordinavo.adapters.persistence.models import CustomerModel, TenantModel
from ordinavo.adapters.persistence.portal_models import (
    GrantLocationModel,
    GrantModel,
    PortalSessionModel,
    PortalUserModel,
)
from ordinavo.adapters.persistence.tenant_binding import (
    bind_tenant_in_statement,
    span_all_tenants_in_statement,
)
from ordinavo.adapters.persistence.work_models import CalendarFeedModel, StatusLabelOverrideModel
from ordinavo.application.ports.portal import FeedPrincipal, PortalPrincipal
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.domain.calendar_feeds import CalendarFeed
from ordinavo.domain.contacts import Language
from ordinavo.domain.portal_access import Capabilities, Grant, PortalUser
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.status_labels import LabelOverride, PortalLanguage
from ordinavo.domain.tenants import TenantSettings

_S = PortalSessionModel.__table__.c
_U = PortalUserModel.__table__.c
_G = GrantModel.__table__.c
_GL = GrantLocationModel.__table__.c
_C = CustomerModel.__table__.c
_TN = TenantModel.__table__.c
_SL = StatusLabelOverrideModel.__table__.c

_F = CalendarFeedModel.__table__.c
_USER = (
    _U.contact_id,
    _U.email,
    _U.display_name,
    _U.language,
    _U.password_hash,
    _U.created_at.label("user_created_at"),
    _U.activated_at,
    _U.disabled_at,
)
_GRANTED = (
    _G.id.label("grant_id"),
    _G.customer_id,
    _G.can_submit_requests,
    _G.can_see_reports,
    _G.can_download_attachments,
    _G.created_at.label("grant_created_at"),
    _G.updated_at.label("grant_updated_at"),
    _GL.location_id,
    _C.name.label("customer_name"),
)


class _Source:
    """What a secret names: a portal session (every request) or a calendar feed (a calendar
    program's fetch). Either way the rest of the statement is the same: the user, the active
    grants, the display preferences."""

    def __init__(self, table: Table, columns: tuple[ColumnElement[Any], ...]) -> None:
        self.table = table
        c = table.c
        self.columns = (*columns, c.tenant_id, c.portal_user_id, c.token_hash, c.revoked_at)
        self.tenant_id, self.portal_user_id = c.tenant_id, c.portal_user_id
        self.by_digest = c.token_hash == bindparam("digest")
        self.user = (_U.tenant_id == c.tenant_id) & (_U.id == c.portal_user_id)

    @property
    def who(self) -> tuple[ColumnElement[Any], ...]:
        return (*self.columns, *_USER)


SESSION = _Source(
    PortalSessionModel.__table__,
    (
        _S.id.label("session_id"),
        _S.created_at.label("session_created_at"),
        _S.last_seen_at,
        _S.idle_timeout_seconds,
        _S.absolute_expiry,
        _S.revoked_reason,
    ),
)
FEED = _Source(
    CalendarFeedModel.__table__, (_F.id.label("feed_id"), _F.created_at.label("feed_created_at"))
)
_LOCATIONS = (_GL.tenant_id == _G.tenant_id) & (_GL.grant_id == _G.id)
_CUSTOMER = (_C.tenant_id == _G.tenant_id) & (_C.id == _G.customer_id)
_REASON = "a portal secret names its tenant only by its row"


def _overrides(tenant_id: ColumnElement[Any], postgresql: bool) -> ColumnElement[Any]:
    """The tenant's label overrides in every language, as one JSON array of [language, key,
    label] (NULL when there are none): one column, so they multiply no row."""
    triple = (_SL.language, _SL.status_key, _SL.label)
    aggregate = (
        func.json_agg(func.json_build_array(*triple), type_=JSON)
        if postgresql
        else func.json_group_array(func.json_array(*triple), type_=JSON)
    )
    return (
        select(aggregate)
        .where(_SL.tenant_id == tenant_id)
        .having(func.count() > 0)
        .scalar_subquery()
        .label("label_overrides")
    )


def plain_statement(source: _Source = SESSION) -> Select[Any]:
    """SQLite: one row per granted location (or per grant, or one without any grant)."""
    return (
        select(
            *source.who,
            _show_first_name(),
            _overrides(source.tenant_id, postgresql=False),
            _TN.name.label("tenant_name"),
            *_GRANTED,
        )
        .select_from(source.table)
        .join(PortalUserModel.__table__, source.user)
        .join(TenantModel.__table__, _TN.id == source.tenant_id)
        .outerjoin(
            GrantModel.__table__,
            (_G.tenant_id == source.tenant_id)
            & (_G.portal_user_id == source.portal_user_id)
            & _G.revoked_at.is_(None),
        )
        .outerjoin(GrantLocationModel.__table__, _LOCATIONS)
        .outerjoin(CustomerModel.__table__, _CUSTOMER)
        .where(source.by_digest)
        .order_by(_G.id)
    )


def backstopped_statement(source: _Source = SESSION, *, filter_grants: bool = True) -> Select[Any]:
    """PostgreSQL: the same rows, each read under the backstop setting it needs.

    The order is forced by data, not left to the planner: `found` refers to `spanning` and
    `granted` to `found.bound` (LATERAL), so each is computed for the row before it; both
    compute a volatile function or carry OFFSET 0, so neither is merged into its parent.
    `shown` (the display preferences) depends on `found.bound` the same way.
    `filter_grants=False` leaves out the grants' tenant and user filter: only the test that
    shows the backstop still holds on this path uses it."""
    spanning = span_all_tenants_in_statement(_REASON)
    found = (
        select(*source.who, bind_tenant_in_statement(source.tenant_id).label("bound"))
        .select_from(source.table)
        .join(PortalUserModel.__table__, source.user)
        .where(source.by_digest, spanning.c.spanning == "on")
        .lateral("found")
    )
    narrowed = (
        (_G.tenant_id == found.c.tenant_id, _G.portal_user_id == found.c.portal_user_id)
        if filter_grants
        else ()
    )
    granted = (
        select(*_GRANTED)
        .select_from(GrantModel.__table__)
        .outerjoin(GrantLocationModel.__table__, _LOCATIONS)
        .join(CustomerModel.__table__, _CUSTOMER)
        .where(*narrowed, _G.revoked_at.is_(None), found.c.bound.is_not(None))
        .offset(0)
        .lateral("granted")
    )
    shown = (
        select(
            _show_first_name(),
            _overrides(_TN.id, postgresql=True),
            _TN.name.label("tenant_name"),
        )
        .where(_TN.id == found.c.tenant_id, found.c.bound.is_not(None))
        .offset(0)
        .lateral("shown")
    )
    return (
        select(*(found.c[c.name] for c in source.who), *shown.c, *granted.c)
        .select_from(spanning)
        .join(found, true())
        .join(shown, true())
        .outerjoin(granted, true())
        .order_by(granted.c.grant_id)
    )


def _show_first_name() -> Any:
    """The one tenant setting a principal carries, read out of the settings in SQL: the
    whole settings document, decoded and parsed on every request, cost more than the rest of
    the display preferences together."""
    return _TN.settings["show_technician_first_name"].as_boolean().label("show_first_name")


# What TenantSettings makes of a tenant whose settings never mention it.
_SHOW_FIRST_NAME_UNSET = TenantSettings().show_technician_first_name


def _positions(statement: Select[Any]) -> dict[str, int]:
    return {name: i for i, name in enumerate(statement.selected_columns.keys())}


def principal_from_rows(rows: Sequence[Any], at: dict[str, int]) -> PortalPrincipal | None:
    """The principal from the statement's rows (`row[i]`; `at` names each column's place)."""
    if not rows:
        return None
    first = rows[0]
    session = PortalSession(
        id=first[at["session_id"]],
        tenant_id=first[at["tenant_id"]],
        portal_user_id=first[at["portal_user_id"]],
        token_hash=first[at["token_hash"]],
        created_at=first[at["session_created_at"]],
        last_seen_at=first[at["last_seen_at"]],
        idle_timeout=timedelta(seconds=first[at["idle_timeout_seconds"]]),
        absolute_expiry=first[at["absolute_expiry"]],
        revoked_at=first[at["revoked_at"]],
        revoked_reason=first[at["revoked_reason"]],
    )
    return _principal(rows, at, session)


def feed_from_rows(rows: Sequence[Any], at: dict[str, int]) -> FeedPrincipal | None:
    """The calendar feed, its user's principal (no session) and the tenant's name."""
    if not rows:
        return None
    first = rows[0]
    feed = CalendarFeed(
        id=first[at["feed_id"]],
        tenant_id=first[at["tenant_id"]],
        portal_user_id=first[at["portal_user_id"]],
        token_hash=first[at["token_hash"]],
        created_at=first[at["feed_created_at"]],
        revoked_at=first[at["revoked_at"]],
    )
    return FeedPrincipal(feed, _principal(rows, at, None), first[at["tenant_name"]])


def _principal(
    rows: Sequence[Any], at: dict[str, int], session: PortalSession | None
) -> PortalPrincipal:
    first = rows[0]
    grant_at, location_at = at["grant_id"], at["location_id"]
    grants: dict[UUID, Any] = {}
    locations: dict[UUID, set[UUID]] = {}
    for row in rows:
        grant_id = row[grant_at]
        if grant_id is None:
            continue
        grants.setdefault(grant_id, row)
        found = locations.setdefault(grant_id, set())
        if row[location_at] is not None:
            found.add(row[location_at])
    tenant_id, user_id = first[at["tenant_id"]], first[at["portal_user_id"]]
    customer_at = at["customer_id"]
    return PortalPrincipal(
        tenant_id=tenant_id,
        session=session,
        user=PortalUser(
            id=user_id,
            tenant_id=tenant_id,
            contact_id=first[at["contact_id"]],
            email=first[at["email"]],
            display_name=first[at["display_name"]],
            language=Language(first[at["language"]]),
            created_at=first[at["user_created_at"]],
            password_hash=first[at["password_hash"]],
            activated_at=first[at["activated_at"]],
            disabled_at=first[at["disabled_at"]],
        ),
        grants=tuple(
            Grant(
                id=gid,
                tenant_id=tenant_id,
                portal_user_id=user_id,
                customer_id=row[customer_at],
                location_ids=frozenset(locations[gid]),
                capabilities=Capabilities(
                    submit_requests=row[at["can_submit_requests"]],
                    see_reports=row[at["can_see_reports"]],
                    download_attachments=row[at["can_download_attachments"]],
                ),
                created_at=row[at["grant_created_at"]],
                updated_at=row[at["grant_updated_at"]],
                revoked_at=None,
            )
            for gid, row in grants.items()
        ),
        customer_names={row[customer_at]: row[at["customer_name"]] for row in grants.values()},
        display=DisplayPreferences(
            overrides=tuple(
                LabelOverride(key, PortalLanguage(language), label)
                for language, key, label in first[at["label_overrides"]] or ()
            ),
            show_technician_first_name=_SHOW_FIRST_NAME_UNSET
            if (shown := first[at["show_first_name"]]) is None
            else bool(shown),
        ),
    )


class SqlaPortalCredentialReader:
    def __init__(self, engine: AsyncEngine, statements: Statements | None = None) -> None:
        # Its own transaction per statement: a read that binds its tenant for itself needs
        # no BEGIN before it nor ROLLBACK after it.
        self._statements = statements or statements_for(engine)
        build = backstopped_statement if engine.dialect.name == "postgresql" else plain_statement
        self._session, self._feed = build(SESSION), build(FEED)
        self._session_at, self._feed_at = _positions(self._session), _positions(self._feed)

    async def read(self, digest: str) -> PortalPrincipal | None:
        rows = await self._statements.rows(self._session, {"digest": digest})
        return principal_from_rows(rows, self._session_at)

    async def read_feed(self, digest: str) -> FeedPrincipal | None:
        rows = await self._statements.rows(self._feed, {"digest": digest})
        return feed_from_rows(rows, self._feed_at)
