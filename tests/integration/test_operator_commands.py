"""The operator's commands, run in-process with click's runner on a database of their own."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from ordinavo.adapters.persistence.database import database_config
from ordinavo.adapters.persistence.portal_models import SecurityEventModel
from ordinavo.entrypoints.cli.main import cli
from tests.integration.test_retention import Seeder


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ORDINAVO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}",
        "ORDINAVO_DATA_DIR": str(tmp_path),
    }


# The newest migration, as the versions folder holds it (each file starts with its revision).
NEWEST = max(
    p.name[:4]
    for p in (
        Path(__file__).parents[2] / "src/ordinavo/adapters/persistence/migrations/versions"
    ).glob("[0-9][0-9][0-9][0-9]_*.py")
)


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout  # logs go to stderr


def test_a_locked_out_admin_gets_a_new_password_from_the_operator(env: dict[str, str]) -> None:
    assert _run(env, "migrate")[0] == 0
    code, out = _run(
        env, "tenant", "create", "--slug", "acme", "--name", "Acme",
        "--admin-email", "ada@acme.example", "--json",
    )  # fmt: skip
    assert code == 0, out
    first = json.loads(out)["password"]
    code, out = _run(
        env, "user", "reset-password", "--tenant", "acme", "--email", "ada@acme.example", "--json"
    )
    assert code == 0, out
    reset = json.loads(out)
    assert reset["email"] == "ada@acme.example" and reset["password"] != first
    assert len(reset["password"]) >= 20


def test_an_unknown_user_is_named_plainly(env: dict[str, str]) -> None:
    assert _run(env, "migrate")[0] == 0
    result = CliRunner().invoke(
        cli, ["user", "reset-password", "--tenant", "nowhere", "--email", "x@y.example"], env=env
    )
    assert result.exit_code == 2
    assert "Error:" in result.output and "not found" in result.output.lower()


def test_the_version_is_the_package_s() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == "ordinavo 0.1.0"


def test_migrate_current_tells_where_the_database_stands(env: dict[str, str]) -> None:
    code, out = _run(env, "migrate", "--current")
    assert code == 0, out
    assert out.strip() == f"No migration has run on this database; the newest is {NEWEST}."
    assert _run(env, "migrate")[0] == 0
    code, out = _run(env, "migrate", "--current")
    assert code == 0, out
    assert out.strip() == f"Current revision: {NEWEST} (up to date)."


def test_migrate_history_lists_every_migration_and_marks_the_current_one(
    env: dict[str, str],
) -> None:
    assert _run(env, "migrate")[0] == 0
    code, out = _run(env, "migrate", "--history")
    assert code == 0, out
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == [f"{n:04d}" for n in range(1, int(NEWEST) + 1)]
    assert lines[0].startswith("0001  customer core and internal identity")
    assert [line for line in lines if line.endswith("(current)")] == [lines[-1]]


def test_migrate_takes_one_of_current_and_history(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["migrate", "--current", "--history"], env=env)
    assert result.exit_code == 2 and "not both" in result.output


def test_a_created_tenant_is_listed(env: dict[str, str]) -> None:
    assert _run(env, "migrate")[0] == 0
    assert _run(env, "tenant", "list")[1].strip() == (
        "No tenants yet; open one with `ordinavo tenant create`."
    )
    for slug, name in (("bravo", "Bravo Services"), ("acme", "Acme")):
        code, out = _run(
            env, "tenant", "create", "--slug", slug, "--name", name,
            "--admin-email", f"ada@{slug}.example",
        )  # fmt: skip
        assert code == 0, out
    code, out = _run(env, "tenant", "list")
    assert code == 0, out
    rows = [line.split(maxsplit=1) for line in out.strip().splitlines()]
    assert [row[0] for row in rows] == ["acme", "bravo"]
    assert rows[1][1].startswith("Bravo Services")
    listed = json.loads(_run(env, "tenant", "list", "--json")[1])
    assert [(t["slug"], t["name"]) for t in listed] == [
        ("acme", "Acme"),
        ("bravo", "Bravo Services"),
    ]
    assert all(len(t["id"]) == 36 for t in listed)


def test_tenant_list_before_migrating_says_what_to_do(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["tenant", "list"], env=env)
    assert result.exit_code == 1
    assert "run `ordinavo migrate` first" in result.output


def test_tenant_list_on_the_suite_s_database(empty_database: str, tmp_path: Path) -> None:
    """On PostgreSQL too (ORDINAVO_TEST_DATABASE_URL): the tenants table has no row-level
    security policy, and the command's session is bound to no tenant."""
    env = {"ORDINAVO_DATABASE_URL": empty_database, "ORDINAVO_DATA_DIR": str(tmp_path)}
    code, out = _run(env, "migrate", "--current")
    assert code == 0 and out.strip() == f"Current revision: {NEWEST} (up to date)."
    code, out = _run(
        env, "tenant", "create", "--slug", "listed", "--name", "Listed",
        "--admin-email", "ada@listed.example",
    )  # fmt: skip
    assert code == 0, out
    code, out = _run(env, "tenant", "list")
    assert code == 0 and out.split()[:2] == ["listed", "Listed"]


def test_the_retention_job_run_by_hand_counts_then_removes(env: dict[str, str]) -> None:
    assert _run(env, "migrate")[0] == 0
    code, out = _run(
        env, "tenant", "create", "--slug", "acme", "--name", "Acme",
        "--admin-email", "ada@acme.example", "--json",
    )  # fmt: skip
    assert code == 0, out
    tenant_id = json.loads(_run(env, "tenant", "list", "--json")[1])[0]["id"]

    async def seed() -> None:
        config = database_config(env["ORDINAVO_DATABASE_URL"])
        async with config.create_session_maker()() as session:
            seeder = Seeder(session, UUID(tenant_id))
            for _ in range(3):
                old = datetime.now(UTC) - timedelta(days=400)
                await seeder.add(SecurityEventModel, occurred_at=old)
            await seeder.commit()
        await config.get_engine().dispose()

    asyncio.run(seed())
    code, out = _run(env, "retention", "run", "--dry-run")
    assert code == 0, out
    assert "tenant acme: would remove security_events 3." in out
    code, out = _run(env, "retention", "run", "--tenant", "acme")
    assert code == 0 and "tenant acme: removed security_events 3." in out, out
    assert "shared records" not in out  # one tenant named: the shared records wait
    code, out = _run(env, "retention", "run")
    assert code == 0 and "tenant acme: nothing to remove." in out, out
    result = CliRunner().invoke(cli, ["retention", "run", "--tenant", "nowhere"], env=env)
    assert result.exit_code == 2 and "not found" in result.output.lower()
