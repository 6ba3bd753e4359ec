"""A tenant is one company's isolated workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import ClassVar
from uuid import UUID

from ordinavo.domain import values
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.identity import Role
from ordinavo.domain.retention import RetentionPolicy
from ordinavo.domain.role_model import DEFAULT_SWITCHES, AccessSwitches

STAFF_ROLES = frozenset(role.value for role in Role)
ROLE_LISTS = ("new_request_mail_roles", "portal_comment_mail_roles", "webhook_disabled_mail_roles")


# The longest idle timeout a tenant may set: past it since last seen, any portal session ended.
LONGEST_PORTAL_IDLE = timedelta(minutes=240)


@dataclass(frozen=True, slots=True)
class TenantSettings:
    """Per-tenant switches. Later capabilities add theirs here, each with a safe default."""

    invitation_valid_days: int = 7
    portal_idle_timeout_minutes: int = 30
    portal_absolute_timeout_hours: int = 12
    internal_token_hours: int = 12
    # What the portal shows of the assigned technician: the first name, or nothing.
    show_technician_first_name: bool = False
    # Whether portal users may download released attachments at all (grants decide who).
    portal_attachments_enabled: bool = False
    # Whether portal users receive visit reminders and report notices until they choose.
    visit_reminders_by_default: bool = True
    report_notices_by_default: bool = True
    # Which staff roles are told by mail of a new request in the review queue, of a customer's
    # comment on a request, and of a webhook endpoint disabled after failing (empty: nobody).
    new_request_mail_roles: tuple[str, ...] = ("manager", "dispatcher")
    portal_comment_mail_roles: tuple[str, ...] = ("manager", "dispatcher")
    webhook_disabled_mail_roles: tuple[str, ...] = ("tenant_admin",)
    # How the tenant's mails are signed: the sender's name (the address is the deployment's)
    # and where answers go. None: the deployment's sender, no Reply-To.
    mail_sender_name: str | None = None
    mail_reply_to: str | None = None

    _BOUNDS: ClassVar[dict[str, tuple[int, int]]] = {
        "invitation_valid_days": (1, 30),
        "portal_idle_timeout_minutes": (5, LONGEST_PORTAL_IDLE // timedelta(minutes=1)),
        "portal_absolute_timeout_hours": (1, 72),
        "internal_token_hours": (1, 72),
    }

    def __post_init__(self) -> None:
        for name, (low, high) in self._BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidValue(
                    f"{name} must be a whole number from {low} to {high}.", field=name
                )
        for name in (
            "show_technician_first_name",
            "portal_attachments_enabled",
            "visit_reminders_by_default",
            "report_notices_by_default",
        ):
            if not isinstance(getattr(self, name), bool):
                raise InvalidValue(f"{name} must be true or false.", field=name)
        if self.mail_sender_name is not None:
            name = values.text(self.mail_sender_name, "mail_sender_name", max_length=100)
            if any(ch in name for ch in '\r\n<>"@\\') or not name.isprintable():
                raise InvalidValue(
                    "mail_sender_name is a plain name, without line breaks, quotes, "
                    "backslashes, <, > or @.",
                    field="mail_sender_name",
                )
            object.__setattr__(self, "mail_sender_name", name)
        if self.mail_reply_to is not None:
            object.__setattr__(
                self, "mail_reply_to", values.email(self.mail_reply_to, "mail_reply_to")
            )
        for name in ROLE_LISTS:
            roles = getattr(self, name)
            if not isinstance(roles, tuple) or not set(roles) <= STAFF_ROLES:
                allowed = ", ".join(sorted(STAFF_ROLES))
                raise InvalidValue(f"{name} takes roles from: {allowed}.", field=name)

    def as_dict(self) -> dict[str, int | bool | list[str] | str | None]:
        return {
            "invitation_valid_days": self.invitation_valid_days,
            "portal_idle_timeout_minutes": self.portal_idle_timeout_minutes,
            "portal_absolute_timeout_hours": self.portal_absolute_timeout_hours,
            "internal_token_hours": self.internal_token_hours,
            "show_technician_first_name": self.show_technician_first_name,
            "portal_attachments_enabled": self.portal_attachments_enabled,
            "visit_reminders_by_default": self.visit_reminders_by_default,
            "report_notices_by_default": self.report_notices_by_default,
            **{name: sorted(getattr(self, name)) for name in ROLE_LISTS},
            "mail_sender_name": self.mail_sender_name,
            "mail_reply_to": self.mail_reply_to,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> TenantSettings:
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        for name in ROLE_LISTS:
            if isinstance(known.get(name), list):
                known[name] = tuple(dict.fromkeys(known[name]))  # type: ignore[arg-type]
        return cls(**known)  # type: ignore[arg-type]


@dataclass(slots=True)
class Tenant:
    id: UUID
    slug: str
    name: str
    created_at: datetime
    settings: TenantSettings = field(default_factory=TenantSettings)
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    access_switches: AccessSwitches = DEFAULT_SWITCHES

    def change_access_switches(self, changes: dict[str, object]) -> list[str]:
        """Set switches by name; the names whose value changed. Raises SwitchError for a
        switch that does not exist or a value it does not take, changing nothing."""
        revised = self.access_switches.with_changes(changes)
        before, after = self.access_switches.as_dict(), revised.as_dict()
        self.access_switches = revised
        return [name for name in after if before[name] != after[name]]

    def change_settings(self, changes: dict[str, object]) -> list[str]:
        current = self.settings.as_dict()
        revised = TenantSettings.from_dict({**current, **changes})
        changed = [k for k, v in revised.as_dict().items() if current[k] != v]
        self.settings = revised
        return changed

    def change_retention(self, policy: RetentionPolicy) -> list[str]:
        """Replace the retention policy; the kinds whose period changed."""
        changed = policy.changes_from(self.retention)
        self.retention = policy
        return changed

    @classmethod
    def open(cls, *, id: UUID, slug: str, name: str, now: datetime) -> Tenant:
        return cls(
            id=id,
            slug=values.slug(slug),
            name=values.text(name, "name", max_length=200),
            created_at=now,
        )
