"""Alembic environment. Migrations run on a connection handed in by `migrator.py`."""

from __future__ import annotations

from advanced_alchemy.base import metadata_registry
from alembic import context

import ordinavo.adapters.persistence.models  # noqa: F401  (registers the tables)
from ordinavo.adapters.persistence.migrator import VERSION_TABLE

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through `ordinavo migrate`.")

context.configure(
    connection=connection,
    target_metadata=metadata_registry.get(None),
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    # advanced-alchemy types (GUID, DateTimeUTC) reflect as plain types on SQLite; comparing
    # them would report false changes, so column types are reviewed by hand in each revision.
    compare_type=False,
)
with context.begin_transaction():
    context.run_migrations()
