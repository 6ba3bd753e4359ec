"""Connect: source systems, their value mappings, links from a source's external ids to the
records they created, import jobs and their per-record results; API keys bound to a source.
Tenant-owned, so row-level security fails closed as 0011 made every policy.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC, JsonB
from alembic import op

from ordinavo.adapters.persistence.migrations.tenant_rls import secure, unsecure

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TABLES = (
    "connect_sources",
    "connect_value_mappings",
    "connect_links",
    "import_jobs",
    "import_results",
)


def _owned(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("tenant_id", GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _of_source(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", "source_id"],
        ["connect_sources.tenant_id", "connect_sources.id"],
        name=f"fk_{table}_source",
        ondelete="CASCADE",
    )


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, DateTimeUTC(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("source_system", sa.String(length=40), nullable=True))
    op.create_table(
        "connect_sources",
        *_owned("connect_sources"),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        _at("created_at"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_connect_sources_tenant_id"),
        sa.UniqueConstraint("tenant_id", "key", name="uq_connect_sources_tenant_key"),
    )
    op.create_table(
        "connect_value_mappings",
        *_owned("connect_value_mappings"),
        sa.Column("source_id", GUID(length=16), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("external_value", sa.String(length=120), nullable=False),
        sa.Column("internal_value", sa.String(length=120), nullable=False),
        _at("updated_at"),
        _of_source("connect_value_mappings"),
        sa.UniqueConstraint(
            "tenant_id",
            "source_id",
            "field",
            "external_value",
            name="uq_connect_value_mappings_value",
        ),
    )
    op.create_table(
        "connect_links",
        *_owned("connect_links"),
        sa.Column("source_id", GUID(length=16), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("record_id", GUID(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        _at("updated_at"),
        _of_source("connect_links"),
        sa.UniqueConstraint(
            "tenant_id", "source_id", "kind", "external_id", name="uq_connect_links_external_id"
        ),
    )
    op.create_table(
        "import_jobs",
        *_owned("import_jobs"),
        sa.Column("source_id", GUID(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("counts", JsonB, nullable=False),
        sa.Column("records", JsonB, nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", GUID(length=16), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        _at("created_at"),
        _at("started_at", True),
        _at("finished_at", True),
        _at("lease_until", True),
        _of_source("import_jobs"),
        sa.UniqueConstraint("tenant_id", "id", name="uq_import_jobs_tenant_id"),
        sa.UniqueConstraint(
            "tenant_id", "source_id", "idempotency_key", name="uq_import_jobs_idempotency_key"
        ),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_import_jobs_tenant_id", ["tenant_id", "id"], unique=False)
        batch_op.create_index("ix_import_jobs_state", ["state"], unique=False)
    op.create_table(
        "import_results",
        *_owned("import_results"),
        sa.Column("job_id", GUID(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("record_id", GUID(length=16), nullable=True),
        sa.Column("warnings", JsonB, nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "job_id"],
            ["import_jobs.tenant_id", "import_jobs.id"],
            name="fk_import_results_job",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("tenant_id", "job_id", "position", name="uq_import_results_position"),
    )
    with op.batch_alter_table("import_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_import_results_job", ["tenant_id", "job_id", "outcome", "id"], unique=False
        )
    for table in TABLES:
        secure(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        unsecure(table)
    op.drop_table("import_results")
    op.drop_table("import_jobs")
    op.drop_table("connect_links")
    op.drop_table("connect_value_mappings")
    op.drop_table("connect_sources")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("source_system")
