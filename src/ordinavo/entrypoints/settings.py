"""Configuration from environment variables, with an embedded default that needs no server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ordinavo.entrypoints.common.forwarded import trusted_proxies_from
from ordinavo.entrypoints.common.logs import log_format_from


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from error


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a number, not {raw!r}.") from error


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    host: str = "127.0.0.1"
    internal_port: int = 8000
    portal_port: int = 8001
    max_body_bytes: int = 1_000_000
    log_level: str = "info"
    log_format: str = "text"  # or "json": one object per line
    data_dir: Path = Path("var")
    portal_public_url: str = "http://127.0.0.1:8001"
    mail_backend: str = "folder"
    mail_from: str = "Ordinavo <no-reply@ordinavo.example>"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    portal_allowed_origins: tuple[str, ...] = ()
    # Peers whose X-Forwarded-For/-Proto are believed; none: those headers are ignored.
    trusted_proxies: tuple[str, ...] = ()
    max_attachment_bytes: int = 25 * 1024 * 1024
    storage_backend: str = "local"  # or "s3"
    s3_bucket: str | None = None
    s3_endpoint: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    # Workers: no broker URL means the embedded default, a worker inside `ordinavo serve`.
    broker_url: str | None = None
    broker_queue: str = "ordinavo"
    encryption_key: str | None = None  # base64 of 32 bytes; else a key file in data_dir
    webhooks_allow_loopback: bool = False
    webhook_connect_timeout: float = 5.0
    webhook_total_timeout: float = 15.0
    webhook_lease_seconds: int = 60
    sweep_interval_seconds: int = 2
    reminder_interval_seconds: int = 300
    recurring_interval_seconds: int = 3600
    # Where people open links from mails (a front end); unset: the portal API's own routes.
    portal_web_url: str | None = None
    time_zone: str = "UTC"  # dates and times in mails

    @property
    def attachment_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def encryption_key_file(self) -> Path:
        return self.data_dir / "encryption.key"

    @property
    def portal_cookie_secure(self) -> bool:
        return self.portal_public_url.startswith("https://")

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("ORDINAVO_DATA_DIR", "var"))
        default_db = f"sqlite+aiosqlite:///{data_dir / 'ordinavo.db'}"
        return cls(
            database_url=os.environ.get("ORDINAVO_DATABASE_URL", default_db),
            host=os.environ.get("ORDINAVO_HOST", "127.0.0.1"),
            internal_port=_int("ORDINAVO_INTERNAL_PORT", 8000),
            portal_port=_int("ORDINAVO_PORTAL_PORT", 8001),
            max_body_bytes=_int("ORDINAVO_MAX_BODY_BYTES", 1_000_000),
            log_level=os.environ.get("ORDINAVO_LOG_LEVEL", "info"),
            log_format=log_format_from("ORDINAVO_LOG_FORMAT"),
            data_dir=data_dir,
            portal_public_url=os.environ.get("ORDINAVO_PORTAL_PUBLIC_URL", "http://127.0.0.1:8001"),
            mail_backend=os.environ.get("ORDINAVO_MAIL_BACKEND", "folder"),
            mail_from=os.environ.get("ORDINAVO_MAIL_FROM", "Ordinavo <no-reply@ordinavo.example>"),
            smtp_host=os.environ.get("ORDINAVO_SMTP_HOST", "localhost"),
            smtp_port=_int("ORDINAVO_SMTP_PORT", 587),
            smtp_username=os.environ.get("ORDINAVO_SMTP_USERNAME") or None,
            smtp_password=os.environ.get("ORDINAVO_SMTP_PASSWORD") or None,
            smtp_starttls=os.environ.get("ORDINAVO_SMTP_STARTTLS", "true").lower() != "false",
            portal_allowed_origins=tuple(
                o.strip().rstrip("/")
                for o in os.environ.get("ORDINAVO_PORTAL_ALLOWED_ORIGINS", "").split(",")
                if o.strip()
            ),
            trusted_proxies=trusted_proxies_from("ORDINAVO_TRUSTED_PROXIES"),
            max_attachment_bytes=_int("ORDINAVO_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024),
            storage_backend=os.environ.get("ORDINAVO_STORAGE", "local"),
            s3_bucket=os.environ.get("ORDINAVO_S3_BUCKET") or None,
            s3_endpoint=os.environ.get("ORDINAVO_S3_ENDPOINT") or None,
            s3_region=os.environ.get("ORDINAVO_S3_REGION", "us-east-1"),
            s3_access_key_id=os.environ.get("ORDINAVO_S3_ACCESS_KEY_ID") or None,
            s3_secret_access_key=os.environ.get("ORDINAVO_S3_SECRET_ACCESS_KEY") or None,
            broker_url=os.environ.get("ORDINAVO_BROKER_URL") or None,
            broker_queue=os.environ.get("ORDINAVO_BROKER_QUEUE", "ordinavo"),
            encryption_key=os.environ.get("ORDINAVO_ENCRYPTION_KEY") or None,
            webhooks_allow_loopback=_flag("ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK"),
            webhook_connect_timeout=_float("ORDINAVO_WEBHOOK_CONNECT_TIMEOUT", 5.0),
            webhook_total_timeout=_float("ORDINAVO_WEBHOOK_TOTAL_TIMEOUT", 15.0),
            webhook_lease_seconds=_int("ORDINAVO_WEBHOOK_LEASE_SECONDS", 60),
            sweep_interval_seconds=_int("ORDINAVO_SWEEP_INTERVAL_SECONDS", 2),
            reminder_interval_seconds=_int("ORDINAVO_REMINDER_INTERVAL_SECONDS", 300),
            recurring_interval_seconds=_int("ORDINAVO_RECURRING_INTERVAL_SECONDS", 3600),
            portal_web_url=os.environ.get("ORDINAVO_PORTAL_WEB_URL") or None,
            time_zone=os.environ.get("ORDINAVO_TIME_ZONE", "UTC"),
        )

    def ensure_data_dir(self) -> None:
        if self.database_url.startswith("sqlite"):
            self.data_dir.mkdir(parents=True, exist_ok=True)
