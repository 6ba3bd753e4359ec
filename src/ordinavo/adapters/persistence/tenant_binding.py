"""Which tenant a session works for, told to PostgreSQL's row-level security (migrations 0003
and 0011) before the first statement of each transaction that needs it.

A transaction bound to no tenant sees no tenant-owned row. `span_all_tenants` is the one way
to see every tenant's rows; a test lists the modules allowed to call it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, Subquery, Text, cast, event, func, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import asc_op, desc_op

_TENANT = "ordinavo_tenant"
_APPLIED = "ordinavo_tenant_applied"
ALL_TENANTS = "*"  # session marker of `span_all_tenants`; never a tenant id


def bind_tenant(session: AsyncSession, tenant_id: UUID) -> None:
    """Bind the session to a tenant for PostgreSQL's row-level security (migrations 0003,
    0011): its statements see and write only this tenant's rows."""
    session.info[_TENANT] = str(tenant_id)


def span_all_tenants(session: AsyncSession, reason: str) -> None:
    """The one way past the row-level security backstop: the session's statements see every
    tenant's rows, until a tenant is bound again. For the few paths that must cross tenants
    (lookups before the tenant is known, the worker's sweeps); `reason` says which, at the
    call site. A test lists the modules allowed to call this: a new caller is added knowingly.

    Without it (and without a bound tenant) a transaction sees no tenant-owned row at all."""
    if not reason:
        raise ValueError("say why the session works across tenants")
    session.info[_TENANT] = ALL_TENANTS


def span_all_tenants_in_statement(reason: str) -> Subquery:
    """`span_all_tenants` for one PostgreSQL statement run without a session, in its own
    (AUTOCOMMIT) transaction: a one-row subquery whose column `spanning` is 'on' once
    PostgreSQL has turned the backstop off. Whatever the statement reads across tenants must
    depend on that column (a LATERAL reference): PostgreSQL computes it first then, and a
    subquery computing a volatile function is never merged into its parent. Listed with
    `span_all_tenants` by the test of allowed callers."""
    if not reason:
        raise ValueError("say why the statement works across tenants")
    return select(func.set_config("ordinavo.all_tenants", "on", True).label("spanning")).subquery(
        "spanning"
    )


def bind_tenant_in_statement(tenant_id: ColumnElement[object]) -> ColumnElement[str]:
    """The statement form of `bind_tenant`: a column that, as PostgreSQL computes it for a row,
    binds the rest of the statement's transaction to that row's tenant and ends a span. What
    the statement reads afterwards (made to depend on this column, which is never NULL) sees
    only that tenant's rows, backstop included."""
    return func.concat(
        func.set_config("ordinavo.tenant_id", cast(tenant_id, Text), True),
        func.set_config("ordinavo.all_tenants", "off", True),
    )


def read_as_tenant(read: Select[Any], tenant_id: ColumnElement[Any]) -> Select[Any]:
    """`read` as one PostgreSQL statement that first binds its own (AUTOCOMMIT) transaction to
    the tenant, so the row-level security backstop applies to it without a session, a BEGIN
    or a separate binding statement: a read that forgot its tenant filter still sees only this
    tenant's rows.

    The binding is a one-row subquery computing a volatile function (never merged into its
    parent); `read` becomes a LATERAL subquery that refers to it, so PostgreSQL computes the
    binding first and only then reads. The rows keep `read`'s columns, and its order: what it
    sorts by is carried out of the subquery and sorted by again."""
    bound = select(bind_tenant_in_statement(tenant_id).label("bound")).subquery("bound")
    sorts = [_sort_key(clause) for clause in read._order_by_clauses]
    rows = (
        read.add_columns(*(column.label(f"sort_{i}") for i, (column, _) in enumerate(sorts)))
        .where(bound.c.bound.is_not(None))
        .lateral("bound_read")
    )
    columns = list(rows.c)
    shown = len(columns) - len(sorts)
    return (
        select(*columns[:shown])
        .select_from(bound)
        .join(rows, true())
        .order_by(
            *(
                columns[shown + i].desc() if descending else columns[shown + i]
                for i, (_, descending) in enumerate(sorts)
            )
        )
    )


def _sort_key(clause: ColumnElement[Any]) -> tuple[ColumnElement[Any], bool]:
    if isinstance(clause, UnaryExpression) and clause.modifier in (asc_op, desc_op):
        return clause.element, clause.modifier is desc_op  # type: ignore[return-value]
    if isinstance(clause, UnaryExpression) and clause.modifier is not None:
        raise ValueError(f"cannot carry the sort {clause} out of a subquery")
    return clause, False


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    # The setting lives as long as the transaction (set_config's `true`), and one made inside a
    # savepoint that is rolled back goes with it: tell PostgreSQL again next time rather than
    # assume it still knows.
    session.info.pop(_APPLIED, None)


def _tell_postgres(session: Session) -> None:
    """Tell PostgreSQL the transaction's tenant once, before its first statement needs it."""
    tenant, applied = session.info.get(_TENANT), session.info.get(_APPLIED)
    if tenant is None or applied == tenant:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    spans = tenant == ALL_TENANTS
    connection.execute(
        text(
            "SELECT set_config('ordinavo.tenant_id', :tenant, true), "
            "set_config('ordinavo.all_tenants', :all, true)"
        ),
        {"tenant": "" if spans else tenant, "all": "on" if spans else "off"},
    )
    session.info[_APPLIED] = tenant


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    _tell_postgres(state.session)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context: object, instances: object) -> None:
    # A flush writes without passing through `do_orm_execute`: a transaction whose first
    # statement is an INSERT would otherwise be refused by the policy's WITH CHECK.
    _tell_postgres(session)
