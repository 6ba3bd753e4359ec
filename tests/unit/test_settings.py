"""Settings from ORDINAVO_* variables: every value checked at start-up, refused in one line."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ordinavo.entrypoints.settings import Settings, SettingsError

ORDINAVO = Path(sys.executable).parent / "ordinavo"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ORDINAVO_* variable of the shell leaks in; the test suite's own stay."""
    for name in list(os.environ):
        if name.startswith("ORDINAVO_") and not name.startswith("ORDINAVO_TEST_"):
            monkeypatch.delenv(name)


def refused(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        Settings.from_env()
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_defaults_when_nothing_is_set() -> None:
    settings = Settings.from_env()
    assert settings.database_url == "sqlite+aiosqlite:///var/ordinavo.db"
    assert settings.database_pool_size == 16 and settings.database_max_overflow == 4
    assert settings.database_read_pool_size == 8
    assert settings.database_plan_cache_mode == "force_generic_plan"
    assert (settings.internal_port, settings.portal_port) == (8000, 8001)
    assert settings.log_level == "info" and settings.log_format == "text"
    assert settings.storage_backend == "local" and settings.mail_backend == "folder"
    assert settings.smtp_starttls is True and settings.webhooks_allow_loopback is False
    assert settings.portal_allowed_origins == () and settings.trusted_proxies == ()
    assert settings.broker_url is None and settings.encryption_key is None
    assert settings.portal_public_url == "http://127.0.0.1:8001"
    assert settings.time_zone == "UTC"


def test_empty_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDINAVO_SMTP_PORT", "")
    monkeypatch.setenv("ORDINAVO_BROKER_URL", "")
    settings = Settings.from_env()
    assert settings.smtp_port == 587 and settings.broker_url is None


def test_good_values_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    key = base64.urlsafe_b64encode(bytes(range(32))).decode()
    for name, value in {
        "ORDINAVO_DATABASE_URL": "postgresql+asyncpg://app:pw@db:5432/ordinavo",
        "ORDINAVO_DATABASE_POOL_SIZE": "3",
        "ORDINAVO_DATABASE_MAX_OVERFLOW": "0",
        "ORDINAVO_DATABASE_READ_POOL_SIZE": "2",
        "ORDINAVO_DATABASE_PLAN_CACHE_MODE": "Auto",
        "ORDINAVO_STORAGE": "S3",
        "ORDINAVO_S3_BUCKET": "files",
        "ORDINAVO_S3_ENDPOINT": "http://127.0.0.1:9000",
        "ORDINAVO_MAIL_BACKEND": "smtp",
        "ORDINAVO_LOG_LEVEL": "WARNING",
        "ORDINAVO_LOG_FORMAT": "json",
        "ORDINAVO_SMTP_STARTTLS": "off",
        "ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK": "Yes",
        "ORDINAVO_SMTP_PORT": "465",
        "ORDINAVO_WEBHOOK_TOTAL_TIMEOUT": "2.5",
        "ORDINAVO_PORTAL_PUBLIC_URL": "https://portal.example.com",
        "ORDINAVO_PORTAL_WEB_URL": "https://app.example.com/portal",
        "ORDINAVO_PORTAL_ALLOWED_ORIGINS": "https://a.example.com/, http://localhost:3000",
        "ORDINAVO_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16,fd00::/8",
        "ORDINAVO_BROKER_URL": "rediss://:secret@redis:6380/0",
        "ORDINAVO_ENCRYPTION_KEY": key,
        "ORDINAVO_TIME_ZONE": "Europe/Berlin",
    }.items():
        monkeypatch.setenv(name, value)
    s = Settings.from_env()
    assert (s.database_pool_size, s.database_max_overflow) == (3, 0)
    assert s.database_read_pool_size == 2
    assert s.database_plan_cache_mode == "auto"
    assert s.storage_backend == "s3" and s.s3_bucket == "files"
    assert s.mail_backend == "smtp" and s.log_level == "warning" and s.log_format == "json"
    assert s.smtp_starttls is False and s.webhooks_allow_loopback is True
    assert s.smtp_port == 465 and s.webhook_total_timeout == 2.5
    assert s.portal_allowed_origins == ("https://a.example.com", "http://localhost:3000")
    assert s.trusted_proxies == ("10.0.0.1", "192.168.0.0/16", "fd00::/8")
    assert s.broker_url == "rediss://:secret@redis:6380/0"
    assert s.encryption_key == key and s.time_zone == "Europe/Berlin"
    assert s.portal_cookie_secure


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("ORDINAVO_STORAGE", "S4", "ORDINAVO_STORAGE is 'S4'; use one of: local, s3."),
        (
            "ORDINAVO_MAIL_BACKEND",
            "sendmail",
            "ORDINAVO_MAIL_BACKEND is 'sendmail'; use one of: folder, smtp.",
        ),
        (
            "ORDINAVO_LOG_LEVEL",
            "verbose",
            "ORDINAVO_LOG_LEVEL is 'verbose'; use one of: debug, info, warning, error, critical.",
        ),
        ("ORDINAVO_LOG_FORMAT", "xml", "ORDINAVO_LOG_FORMAT is 'xml'; use one of: text, json."),
        (
            "ORDINAVO_SMTP_STARTTLS",
            "ture",
            "ORDINAVO_SMTP_STARTTLS is 'ture'; use one of: true, false "
            "(or 1, 0, yes, no, on, off).",
        ),
        (
            "ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK",
            "y",
            "ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK is 'y'; use one of: true, false",
        ),
        (
            "ORDINAVO_SMTP_PORT",
            "70000",
            "ORDINAVO_SMTP_PORT is '70000'; use a whole number from 1 to 65535.",
        ),
        (
            "ORDINAVO_INTERNAL_PORT",
            "http",
            "ORDINAVO_INTERNAL_PORT is 'http'; use a whole number from 1 to 65535.",
        ),
        (
            "ORDINAVO_MAX_BODY_BYTES",
            "0",
            "ORDINAVO_MAX_BODY_BYTES is '0'; use a whole number of at least 1.",
        ),
        (
            "ORDINAVO_DATABASE_POOL_SIZE",
            "0",
            "ORDINAVO_DATABASE_POOL_SIZE is '0'; use a whole number of at least 1.",
        ),
        (
            "ORDINAVO_DATABASE_MAX_OVERFLOW",
            "-1",
            "ORDINAVO_DATABASE_MAX_OVERFLOW is '-1'; use a whole number of at least 0.",
        ),
        (
            "ORDINAVO_DATABASE_PLAN_CACHE_MODE",
            "generic",
            "ORDINAVO_DATABASE_PLAN_CACHE_MODE is 'generic'; use one of: force_generic_plan, "
            "auto, force_custom_plan.",
        ),
        (
            "ORDINAVO_SWEEP_INTERVAL_SECONDS",
            "1.5",
            "ORDINAVO_SWEEP_INTERVAL_SECONDS is '1.5'; use a whole number of at least 1.",
        ),
        (
            "ORDINAVO_WEBHOOK_CONNECT_TIMEOUT",
            "nan",
            "ORDINAVO_WEBHOOK_CONNECT_TIMEOUT is 'nan'; use a number of seconds greater than 0.",
        ),
        (
            "ORDINAVO_WEBHOOK_TOTAL_TIMEOUT",
            "-3",
            "ORDINAVO_WEBHOOK_TOTAL_TIMEOUT is '-3'; use a number of seconds greater than 0.",
        ),
        (
            "ORDINAVO_PORTAL_PUBLIC_URL",
            "portal.example.com",
            "ORDINAVO_PORTAL_PUBLIC_URL is 'portal.example.com'; use an http:// or https:// "
            "address with a host",
        ),
        (
            "ORDINAVO_PORTAL_WEB_URL",
            "ftp://app.example.com",
            "ORDINAVO_PORTAL_WEB_URL is 'ftp://app.example.com'; use an http:// or https://",
        ),
        (
            "ORDINAVO_PORTAL_ALLOWED_ORIGINS",
            "https://a.example.com,https://b.example.com/app",
            "ORDINAVO_PORTAL_ALLOWED_ORIGINS holds 'https://b.example.com/app'; use "
            "comma-separated origins",
        ),
        (
            "ORDINAVO_DATABASE_URL",
            "postgresql://app:hunter2@db/ordinavo",
            "ORDINAVO_DATABASE_URL is 'postgresql://app:***@db/ordinavo'; use a URL starting "
            "with one of: sqlite+aiosqlite://, postgresql+asyncpg://.",
        ),
        (
            "ORDINAVO_BROKER_URL",
            "amqp://rabbit",
            "ORDINAVO_BROKER_URL is 'amqp://rabbit'; use a Redis URL starting with one of: "
            "redis://, rediss://, unix://.",
        ),
        (
            "ORDINAVO_TIME_ZONE",
            "Europe/Berln",
            "ORDINAVO_TIME_ZONE is 'Europe/Berln'; use an IANA time zone name such as UTC or "
            "Europe/Berlin (did you mean Europe/Berlin?).",
        ),
        (
            "ORDINAVO_TRUSTED_PROXIES",
            "10.0.0.1,10.0.0.300",
            "ORDINAVO_TRUSTED_PROXIES holds '10.0.0.300'; use comma-separated IP addresses or "
            "networks",
        ),
        (
            "ORDINAVO_MAIL_FROM",
            "Ordinavo",
            "ORDINAVO_MAIL_FROM is 'Ordinavo'; use an e-mail address",
        ),
    ],
)
def test_a_bad_value_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    assert refused(monkeypatch, **{name: value}).startswith(expected)


@pytest.mark.parametrize("key", ["abc", base64.urlsafe_b64encode(b"x" * 16).decode(), "!!!!"])
def test_an_encryption_key_that_is_not_32_bytes_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    message = refused(monkeypatch, ORDINAVO_ENCRYPTION_KEY=key)
    assert message.startswith("ORDINAVO_ENCRYPTION_KEY is set but is not base64 of 32 bytes")
    assert key not in message


def test_s3_storage_needs_a_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(monkeypatch, ORDINAVO_STORAGE="s3")
    assert message.startswith("ORDINAVO_S3_BUCKET is not set; ORDINAVO_STORAGE=s3 needs")


def test_the_two_apps_need_two_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(monkeypatch, ORDINAVO_PORTAL_PORT="8000")
    assert "ORDINAVO_PORTAL_PORT is '8000', the same as ORDINAVO_INTERNAL_PORT" in message


@pytest.mark.parametrize(
    ("name", "closest"),
    [
        ("ORDINAVO_STORAGEE", "ORDINAVO_STORAGE"),
        ("ORDINAVO_S3_BUKET", "ORDINAVO_S3_BUCKET"),
        ("ORDINAVO_DATABASE_POOLSIZE", "ORDINAVO_DATABASE_POOL_SIZE"),
    ],
)
def test_a_misspelt_name_is_refused_naming_the_closest_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, closest: str
) -> None:
    message = refused(monkeypatch, **{name: "s3"})
    assert message == f"{name} is not a known setting; did you mean {closest}?"


def test_names_of_the_tests_benchmarks_and_tools_are_not_settings_but_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORDINAVO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@x/y")
    monkeypatch.setenv("ORDINAVO_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@x/y")
    monkeypatch.setenv("ORDINAVO_WEBHOOK_SECRET", "whsec_abc")
    Settings.from_env()


def _ordinavo(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ORDINAVO_")}
    return subprocess.run(
        [str(ORDINAVO), "migrate"],
        env=clean | {"ORDINAVO_DATA_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_names_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    run = _ordinavo(tmp_path, ORDINAVO_STORAGE="S4")
    assert run.returncode == 2
    assert run.stderr.strip() == "ORDINAVO_STORAGE is 'S4'; use one of: local, s3."
    assert "Traceback" not in run.stderr + run.stdout


def test_the_command_names_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    run = _ordinavo(tmp_path, ORDINAVO_DATABASE_URL="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(
        "Cannot reach the database at postgresql+asyncpg://nobody@127.0.0.1:1/none: "
    )
    assert "Traceback" not in run.stderr + run.stdout


def test_the_password_of_an_unreachable_database_is_not_shown(tmp_path: Path) -> None:
    run = _ordinavo(
        tmp_path, ORDINAVO_DATABASE_URL="postgresql+asyncpg://nobody:hunter2@127.0.0.1:1/none"
    )
    assert run.returncode == 1
    assert "hunter2" not in run.stderr and "nobody:***@127.0.0.1:1" in run.stderr
