"""Internal identity: staff users with one role per tenant, and integration API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.role_model import DEFAULT_SWITCHES, AccessSwitches


class Role(StrEnum):
    TENANT_ADMIN = "tenant_admin"
    MANAGER = "manager"
    DISPATCHER = "dispatcher"
    EMPLOYEE = "employee"


class ApiScope(StrEnum):
    """What an integration key may do. Keys never manage keys, users or tenant settings."""

    CORE_READ = "core:read"
    CORE_WRITE = "core:write"
    CONTACTS_READ = "contacts:read"
    WORK_READ = "work:read"
    WORK_WRITE = "work:write"
    CONNECT_READ = "connect:read"  # import jobs and their results
    CONNECT_WRITE = "connect:write"  # send batches to import


class ActorKind(StrEnum):
    USER = "user"
    INTEGRATION = "integration"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is calling: an internal user with a role, or an integration key with scopes."""

    kind: ActorKind
    id: UUID
    tenant_id: UUID
    role: Role | None = None
    scopes: frozenset[ApiScope] = frozenset()
    credential_id: UUID | None = None
    # The tenant's access switches, read with the credential: the role model as it applies.
    switches: AccessSwitches = DEFAULT_SWITCHES
    # A key bound to a connected system (its key): it reads and writes that system's external
    # references only.
    source_system: str | None = None

    @classmethod
    def user(
        cls,
        *,
        user_id: UUID,
        tenant_id: UUID,
        role: Role,
        token_id: UUID | None = None,
        switches: AccessSwitches = DEFAULT_SWITCHES,
    ) -> Actor:
        return cls(
            kind=ActorKind.USER,
            id=user_id,
            tenant_id=tenant_id,
            role=role,
            credential_id=token_id,
            switches=switches,
        )

    @classmethod
    def integration(
        cls,
        *,
        key_id: UUID,
        tenant_id: UUID,
        scopes: frozenset[ApiScope],
        switches: AccessSwitches = DEFAULT_SWITCHES,
        source_system: str | None = None,
    ) -> Actor:
        return cls(
            kind=ActorKind.INTEGRATION,
            id=key_id,
            tenant_id=tenant_id,
            scopes=scopes,
            credential_id=key_id,
            switches=switches,
            source_system=source_system,
        )


MIN_PASSWORD = 8
# The most used passwords of public breach lists that pass the length rule.
COMMON_PASSWORDS = frozenset(
    """password password1 password123 12345678 123456789 1234567890 qwertyuiop qwerty123
    iloveyou sunshine1 princess1 football1 baseball1 welcome1 welcome123 abc12345 11111111
    00000000 88888888 87654321 admin123 administrator letmein1 trustno1 passw0rd p@ssw0rd
    p@ssword changeme changeme1 superman batman123 starwars1 dragon123 monkey123 master123
    qwerty12 1q2w3e4r 1q2w3e4r5t zaq12wsx q1w2e3r4 asdfghjkl password! secret123
    summer2024 winter2024 summer2025 winter2025 summer2026 winter2026 ordinavo ordinavo1""".split()
)
MAX_PASSWORD = 128


def personal_words(email: str, display_name: str) -> tuple[str, ...]:
    """What an account already shows of its owner, which a password must not be."""
    return (email.split("@")[0], *display_name.split())


def check_password_strength(password: str, *, forbidden_words: tuple[str, ...] = ()) -> None:
    """Length rules after NIST 800-63B: long enough, not a word the account already shows."""
    if len(password) < MIN_PASSWORD:
        raise RuleViolation(
            f"The password must be at least {MIN_PASSWORD} characters long.", field="password"
        )
    if len(password) > MAX_PASSWORD:
        raise RuleViolation(
            f"The password must be at most {MAX_PASSWORD} characters long.", field="password"
        )
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        raise RuleViolation("The password is too easy to guess.", field="password")
    for word in forbidden_words:
        if word and len(word) >= 4 and word.lower() in lowered:
            raise RuleViolation(
                "The password must not contain your name or e-mail address.", field="password"
            )


@dataclass(slots=True)
class InternalUser:
    id: UUID
    tenant_id: UUID
    email: str
    display_name: str
    role: Role
    password_hash: str
    created_at: datetime
    disabled_at: datetime | None = None

    @classmethod
    def enrol(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        email: str,
        display_name: str,
        role: Role,
        password_hash: str,
        now: datetime,
    ) -> InternalUser:
        address = values.email(email)
        if address is None:
            raise RuleViolation("email is required.", field="email")
        return cls(
            id=id,
            tenant_id=tenant_id,
            email=address,
            display_name=values.text(display_name, "displayName", max_length=120),
            role=Role(role),
            password_hash=password_hash,
            created_at=now,
        )

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def disable(self, now: datetime) -> None:
        if self.disabled_at is not None:
            raise RuleViolation("The user is already disabled.")
        self.disabled_at = now


@dataclass(slots=True)
class AccessToken:
    """A bearer token of an internal user. Only the SHA-256 of the secret is kept."""

    id: UUID
    tenant_id: UUID
    user_id: UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def is_valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


@dataclass(slots=True)
class ApiKey:
    """An integration key. The secret is shown once; the prefix lets people recognise it."""

    id: UUID
    tenant_id: UUID
    name: str
    prefix: str
    key_hash: str
    scopes: frozenset[ApiScope]
    created_by: UUID
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    source_system: str | None = None  # the connected system the key is bound to, if any

    @classmethod
    def issue(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        name: str,
        prefix: str,
        key_hash: str,
        scopes: frozenset[ApiScope],
        created_by: UUID,
        now: datetime,
        source_system: str | None = None,
    ) -> ApiKey:
        if not scopes:
            raise RuleViolation("An API key needs at least one scope.", field="scopes")
        return cls(
            id=id,
            tenant_id=tenant_id,
            name=values.text(name, "name", max_length=100),
            prefix=prefix,
            key_hash=key_hash,
            scopes=frozenset(ApiScope(s) for s in scopes),
            created_by=created_by,
            created_at=now,
            source_system=source_system,
        )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is not None:
            raise RuleViolation("The API key is already revoked.")
        self.revoked_at = now


def first_name(display_name: str) -> str:
    """What a customer may learn of a technician, when the tenant allows it."""
    parts = display_name.split()
    return parts[0] if parts else ""
