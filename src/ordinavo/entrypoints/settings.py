"""Configuration from environment variables, with an embedded default that needs no server.

Every variable is parsed and checked once, at start-up: a typo in a name or a value stops the
process with one line naming the variable, what it holds and what it may hold, instead of
surfacing hours later as a mail that was never sent.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import importlib.util
import ipaddress
import math
import os
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

PREFIX = "ORDINAVO_"
# ORDINAVO_* names that are not settings of the service: the test suite's and the benchmarks'
# own, and the secret of the `ordinavo webhooks listen` tool (a click option's envvar).
FOREIGN_PREFIXES = ("ORDINAVO_TEST_", "ORDINAVO_BENCH_")
FOREIGN_NAMES = frozenset({"ORDINAVO_WEBHOOK_SECRET"})

DATABASE_SCHEMES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
BROKER_SCHEMES = ("redis", "rediss", "unix")  # what redis-py's from_url connects to
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
# What ORDINAVO_OTEL=on needs: the `otel` extra. Looked up, not imported: with the switch off
# nothing of OpenTelemetry is loaded.
OTEL_MODULES = (
    "opentelemetry.sdk",
    "opentelemetry.exporter.otlp.proto.http",
    "opentelemetry.instrumentation.asgi",
    "opentelemetry.instrumentation.sqlalchemy",
)


class SettingsError(ValueError):
    """A variable that cannot be used; the message is one line, fit to show an operator as is."""


def without_password(url: str) -> str:
    """The URL with any password replaced, fit for a message or a log line."""
    return re.sub(r"(//[^/@:]*):[^/@]*@", r"\1:***@", url)


class _Environment:
    """Reads variables, remembering which were asked for, so the others can be refused."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ
        self.known: set[str] = set()

    def raw(self, name: str) -> str | None:
        self.known.add(name)
        value = self._environ.get(name)
        # An empty variable means "unset": `FOO=` is how shells and compose files clear one.
        return value if value is not None and value.strip() != "" else None

    def text(self, name: str, default: str) -> str:
        raw = self.raw(name)
        return default if raw is None else raw.strip()

    def optional(self, name: str) -> str | None:
        raw = self.raw(name)
        return None if raw is None else raw.strip()

    def choice(self, name: str, default: str, options: tuple[str, ...]) -> str:
        raw = self.raw(name)
        if raw is None:
            return default
        if raw.strip().lower() not in options:
            raise SettingsError(f"{name} is {raw!r}; use one of: {', '.join(options)}.")
        return raw.strip().lower()

    def flag(self, name: str, default: bool) -> bool:
        raw = self.raw(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise SettingsError(
            f"{name} is {raw!r}; use one of: true, false (or 1, 0, yes, no, on, off)."
        )

    def integer(self, name: str, default: int, low: int, high: int | None = None) -> int:
        raw = self.raw(name)
        if raw is None:
            return default
        allowed = (
            f"a whole number from {low} to {high}"
            if high is not None
            else f"a whole number of at least {low}"
        )
        try:
            value = int(raw.strip())
        except ValueError:
            raise SettingsError(f"{name} is {raw!r}; use {allowed}.") from None
        if value < low or (high is not None and value > high):
            raise SettingsError(f"{name} is {raw!r}; use {allowed}.")
        return value

    def seconds(self, name: str, default: float) -> float:
        raw = self.raw(name)
        if raw is None:
            return default
        try:
            value = float(raw.strip())
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise SettingsError(f"{name} is {raw!r}; use a number of seconds greater than 0.")
        return value

    def port(self, name: str, default: int) -> int:
        return self.integer(name, default, 1, 65535)

    def web_url(self, name: str, example: str) -> str | None:
        raw = self.raw(name)
        if raw is None:
            return None
        parts = urlsplit(raw.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SettingsError(
                f"{name} is {raw!r}; use an http:// or https:// address with a host, "
                f"e.g. {example}."
            )
        return raw.strip()

    def origins(self, name: str) -> tuple[str, ...]:
        raw = self.raw(name)
        if raw is None:
            return ()
        origins = []
        for item in (o.strip().rstrip("/") for o in raw.split(",")):
            if not item:
                continue
            parts = urlsplit(item)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or parts.path
                or parts.query
                or parts.fragment
            ):
                raise SettingsError(
                    f"{name} holds {item!r}; use comma-separated origins, each http:// or "
                    "https:// and a host with no path, e.g. https://app.example.com."
                )
            origins.append(item)
        return tuple(origins)

    def database_url(self, name: str, default: str) -> str:
        raw = self.raw(name)
        if raw is None:
            return default
        url = raw.strip()
        if not url.startswith(DATABASE_SCHEMES):
            raise SettingsError(
                f"{name} is {without_password(url)!r}; use a URL starting with one of: "
                f"{', '.join(DATABASE_SCHEMES)}."
            )
        return url

    def broker_url(self, name: str) -> str | None:
        raw = self.raw(name)
        if raw is None:
            return None
        url = raw.strip()
        if urlsplit(url).scheme not in BROKER_SCHEMES:
            raise SettingsError(
                f"{name} is {without_password(url)!r}; use a Redis URL starting with one of: "
                + ", ".join(f"{scheme}://" for scheme in BROKER_SCHEMES)
                + "."
            )
        return url

    def time_zone(self, name: str, default: str) -> str:
        raw = self.raw(name)
        if raw is None:
            return default
        value = raw.strip()
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            close = difflib.get_close_matches(value, sorted(zoneinfo.available_timezones()), 1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SettingsError(
                f"{name} is {raw!r}; use an IANA time zone name such as UTC or Europe/Berlin{hint}."
            ) from None
        return value

    def encryption_key(self, name: str) -> str | None:
        raw = self.raw(name)
        if raw is None:
            return None
        text = raw.strip()
        # Decoded as the secret box decodes it (adapters/security/secret_box.py).
        try:
            key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32:
            # The value is a secret (or a mistyped one): it is not repeated in the message.
            raise SettingsError(
                f"{name} is set but is not base64 of 32 bytes (value not shown); use "
                "base64.urlsafe_b64encode(secrets.token_bytes(32)), see the README."
            )
        return text

    def networks(self, name: str) -> tuple[str, ...]:
        raw = self.raw(name)
        if raw is None:
            return ()
        networks = []
        for item in (n.strip() for n in raw.split(",")):
            if not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise SettingsError(
                    f"{name} holds {item!r}; use comma-separated IP addresses or networks, "
                    "e.g. 10.0.0.1, 192.168.0.0/16, fd00::/8."
                ) from None
            networks.append(item)
        return tuple(networks)

    def refuse_unknown(self) -> None:
        """Refuse an ORDINAVO_* variable no setting reads: most likely a misspelt one."""
        for name in sorted(self._environ):
            if (
                not name.startswith(PREFIX)
                or name in self.known
                or name in FOREIGN_NAMES
                or name.startswith(FOREIGN_PREFIXES)
            ):
                continue
            close = difflib.get_close_matches(name, sorted(self.known), 1, 0.6)
            hint = f"did you mean {close[0]}?" if close else "see Configuration in the README."
            raise SettingsError(f"{name} is not a known setting; {hint}")


def otel_installed() -> bool:
    for name in OTEL_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except ImportError:  # a parent package is missing
            return False
    return True


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    # Per process: up to pool size + overflow connections. A request holds its connection from
    # its first statement to its end, so a granian worker serving 16 requests at once needs 16:
    # 10 kept open, 6 more under load. The portal, the internal app and a worker, each at 16,
    # stay below PostgreSQL's default max_connections of 100.
    database_pool_size: int = 16
    database_max_overflow: int = 4
    database_plan_cache_mode: str = "force_generic_plan"  # PostgreSQL's plan_cache_mode
    # The portal hot path's own connections (driver_statements.DriverConnections): each is
    # borrowed for one statement, so a few serve many concurrent requests.
    database_read_pool_size: int = 8
    portal_session_cache: bool = False  # keep portal principals in memory (PostgreSQL only)
    host: str = "127.0.0.1"
    internal_port: int = 8000
    portal_port: int = 8001
    max_body_bytes: int = 1_000_000
    log_level: str = "info"
    log_format: str = "text"  # or "json"
    data_dir: Path = Path("var")
    portal_public_url: str = "http://127.0.0.1:8001"
    mail_backend: str = "folder"  # or "smtp"
    mail_from: str = "Ordinavo <no-reply@ordinavo.example>"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    portal_allowed_origins: tuple[str, ...] = ()
    # Reverse proxies whose forwarded-for headers are believed: IP addresses or CIDR networks.
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
    retention_interval_seconds: int = 3600
    # Where people open links from mails (a front end); unset: the portal API's own routes.
    portal_web_url: str | None = None
    time_zone: str = "UTC"  # dates and times in mails
    # Traces and metrics over OTLP (the `otel` extra); the OTEL_* variables say where to.
    otel: bool = False

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
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ORDINAVO_* variables; raises SettingsError on the first bad one."""
        env = _Environment(os.environ if environ is None else environ)
        data_dir = Path(env.text("ORDINAVO_DATA_DIR", "var"))
        default_db = f"sqlite+aiosqlite:///{data_dir / 'ordinavo.db'}"
        mail_from = env.text("ORDINAVO_MAIL_FROM", "Ordinavo <no-reply@ordinavo.example>")
        if "@" not in parseaddr(mail_from)[1]:
            raise SettingsError(
                f"ORDINAVO_MAIL_FROM is {mail_from!r}; use an e-mail address, "
                "e.g. Ordinavo <no-reply@example.com>."
            )
        settings = cls(
            database_url=env.database_url("ORDINAVO_DATABASE_URL", default_db),
            database_pool_size=env.integer("ORDINAVO_DATABASE_POOL_SIZE", 16, 1),
            database_max_overflow=env.integer("ORDINAVO_DATABASE_MAX_OVERFLOW", 4, 0),
            database_read_pool_size=env.integer("ORDINAVO_DATABASE_READ_POOL_SIZE", 8, 1),
            database_plan_cache_mode=env.choice(
                "ORDINAVO_DATABASE_PLAN_CACHE_MODE",
                "force_generic_plan",
                ("force_generic_plan", "auto", "force_custom_plan"),
            ),
            host=env.text("ORDINAVO_HOST", "127.0.0.1"),
            internal_port=env.port("ORDINAVO_INTERNAL_PORT", 8000),
            portal_port=env.port("ORDINAVO_PORTAL_PORT", 8001),
            max_body_bytes=env.integer("ORDINAVO_MAX_BODY_BYTES", 1_000_000, 1),
            log_level=env.choice("ORDINAVO_LOG_LEVEL", "info", LOG_LEVELS),
            log_format=env.choice("ORDINAVO_LOG_FORMAT", "text", ("text", "json")),
            data_dir=data_dir,
            portal_public_url=env.web_url(
                "ORDINAVO_PORTAL_PUBLIC_URL", "https://portal.example.com"
            )
            or "http://127.0.0.1:8001",
            mail_backend=env.choice("ORDINAVO_MAIL_BACKEND", "folder", ("folder", "smtp")),
            mail_from=mail_from,
            smtp_host=env.text("ORDINAVO_SMTP_HOST", "localhost"),
            smtp_port=env.port("ORDINAVO_SMTP_PORT", 587),
            smtp_username=env.optional("ORDINAVO_SMTP_USERNAME"),
            smtp_password=env.raw("ORDINAVO_SMTP_PASSWORD"),  # as given: spaces may belong
            smtp_starttls=env.flag("ORDINAVO_SMTP_STARTTLS", True),
            portal_allowed_origins=env.origins("ORDINAVO_PORTAL_ALLOWED_ORIGINS"),
            trusted_proxies=env.networks("ORDINAVO_TRUSTED_PROXIES"),
            max_attachment_bytes=env.integer("ORDINAVO_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024, 1),
            storage_backend=env.choice("ORDINAVO_STORAGE", "local", ("local", "s3")),
            s3_bucket=env.optional("ORDINAVO_S3_BUCKET"),
            s3_endpoint=env.web_url("ORDINAVO_S3_ENDPOINT", "https://s3.example.com"),
            s3_region=env.text("ORDINAVO_S3_REGION", "us-east-1"),
            s3_access_key_id=env.optional("ORDINAVO_S3_ACCESS_KEY_ID"),
            s3_secret_access_key=env.optional("ORDINAVO_S3_SECRET_ACCESS_KEY"),
            broker_url=env.broker_url("ORDINAVO_BROKER_URL"),
            broker_queue=env.text("ORDINAVO_BROKER_QUEUE", "ordinavo"),
            encryption_key=env.encryption_key("ORDINAVO_ENCRYPTION_KEY"),
            webhooks_allow_loopback=env.flag("ORDINAVO_WEBHOOKS_ALLOW_LOOPBACK", False),
            webhook_connect_timeout=env.seconds("ORDINAVO_WEBHOOK_CONNECT_TIMEOUT", 5.0),
            webhook_total_timeout=env.seconds("ORDINAVO_WEBHOOK_TOTAL_TIMEOUT", 15.0),
            webhook_lease_seconds=env.integer("ORDINAVO_WEBHOOK_LEASE_SECONDS", 60, 1),
            sweep_interval_seconds=env.integer("ORDINAVO_SWEEP_INTERVAL_SECONDS", 2, 1),
            reminder_interval_seconds=env.integer("ORDINAVO_REMINDER_INTERVAL_SECONDS", 300, 1),
            recurring_interval_seconds=env.integer("ORDINAVO_RECURRING_INTERVAL_SECONDS", 3600, 1),
            retention_interval_seconds=env.integer("ORDINAVO_RETENTION_INTERVAL_SECONDS", 3600, 1),
            portal_web_url=env.web_url("ORDINAVO_PORTAL_WEB_URL", "https://app.example.com"),
            time_zone=env.time_zone("ORDINAVO_TIME_ZONE", "UTC"),
            otel=env.flag("ORDINAVO_OTEL", False),
            portal_session_cache=env.flag("ORDINAVO_PORTAL_SESSION_CACHE", False),
        )
        # Names first, then combinations: a misspelt ORDINAVO_S3_BUCKET is the likelier fault.
        env.refuse_unknown()
        if settings.storage_backend == "s3" and not settings.s3_bucket:
            raise SettingsError(
                "ORDINAVO_S3_BUCKET is not set; ORDINAVO_STORAGE=s3 needs the name of an "
                "existing bucket."
            )
        if settings.internal_port == settings.portal_port:
            raise SettingsError(
                f"ORDINAVO_PORTAL_PORT is '{settings.portal_port}', the same as "
                "ORDINAVO_INTERNAL_PORT; use two different ports."
            )
        if settings.portal_session_cache and not settings.database_url.startswith("postgresql"):
            raise SettingsError(
                "ORDINAVO_PORTAL_SESSION_CACHE is on but the database is not PostgreSQL; the "
                "cache learns of ended or narrowed access through PostgreSQL's LISTEN/NOTIFY "
                "(set ORDINAVO_PORTAL_SESSION_CACHE=off)."
            )
        if settings.otel and not otel_installed():
            raise SettingsError(
                "ORDINAVO_OTEL is on but OpenTelemetry is not installed; install the extra: "
                "pip install 'ordinavo[otel]' (or set ORDINAVO_OTEL=off)."
            )
        return settings

    def ensure_data_dir(self) -> None:
        if self.database_url.startswith("sqlite"):
            self.data_dir.mkdir(parents=True, exist_ok=True)
