"""The operator's commands, run in-process with click's runner on a database of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ordinavo.entrypoints.cli.main import cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ORDINAVO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}",
        "ORDINAVO_DATA_DIR": str(tmp_path),
    }


def _run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


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
