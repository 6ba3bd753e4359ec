"""Webhooks: endpoints that connected systems register, and the deliveries sent to them.

Everything here is pure: which events leave the system and what they may carry, which
addresses a delivery may go to, how it is signed (Standard Webhooks), and when a failed
delivery is tried again or given up.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from ordinavo.domain import role_model, values
from ordinavo.domain.errors import InvalidValue, RuleViolation

# --- the event catalogue -------------------------------------------------------------------

PAYLOAD_VERSION = 1
TEST_EVENT = "webhook.test"


class Subject(StrEnum):
    """What a webhook event is about; each kind has one payload shape."""

    CUSTOMER = "customer"
    LOCATION = "location"
    CONTACT = "contact"
    WORK = "target"
    APPOINTMENT = "appointment"
    REPORT = "report"
    FOLLOW_UP = "follow_up"
    BILLING_TRIGGER = "billing_trigger"
    REQUEST = "request"
    TEST = "webhook"


# Domain events that connected systems may subscribe to, with what each one means. Events not
# listed here (sign-ins, grants, keys, comments, internal report workflow) never leave.
CATALOGUE: dict[str, tuple[Subject, str]] = {
    "customer.registered": (Subject.CUSTOMER, "A customer was registered."),
    "customer.changed": (Subject.CUSTOMER, "A customer's profile changed."),
    "customer.archived": (Subject.CUSTOMER, "A customer was archived."),
    "location.added": (Subject.LOCATION, "A location was added to a customer."),
    "location.changed": (Subject.LOCATION, "A location changed."),
    "location.archived": (Subject.LOCATION, "A location was archived."),
    "contact.added": (Subject.CONTACT, "A contact person was added."),
    "contact.changed": (Subject.CONTACT, "A contact person changed."),
    "contact.archived": (Subject.CONTACT, "A contact person was archived."),
    "target.created": (Subject.WORK, "Work was created."),
    "target.changed": (Subject.WORK, "Work changed (title, priority, due date)."),
    "target.assigned": (Subject.WORK, "Work was assigned to an employee, or unassigned."),
    "target.status_changed": (Subject.WORK, "Work moved to another status."),
    "appointment.planned": (Subject.APPOINTMENT, "A visit was planned."),
    "appointment.rescheduled": (Subject.APPOINTMENT, "A visit was moved."),
    "appointment.confirmed": (Subject.APPOINTMENT, "A visit was confirmed."),
    "appointment.cancelled": (Subject.APPOINTMENT, "A visit was cancelled."),
    "appointment.status_reported": (Subject.APPOINTMENT, "The employee reported progress."),
    "appointment.completed": (Subject.APPOINTMENT, "A visit was completed."),
    "report.approved": (Subject.REPORT, "A visit report was approved."),
    "report.published": (Subject.REPORT, "A visit report was published to the portal."),
    "report.unpublished": (Subject.REPORT, "A visit report was taken off the portal."),
    "follow_up.needed": (Subject.FOLLOW_UP, "An approved report needs follow-up work."),
    "follow_up.planned": (Subject.FOLLOW_UP, "Follow-up work was planned."),
    "billing.triggered": (Subject.BILLING_TRIGGER, "Approved billable work is ready to bill."),
    "request.submitted": (Subject.REQUEST, "A customer submitted a request in the portal."),
    "request.review_started": (Subject.REQUEST, "Staff started reviewing a request."),
    "request.accepted": (Subject.REQUEST, "A request was accepted."),
    "request.rejected": (Subject.REQUEST, "A request was declined."),
    "request.converted": (Subject.REQUEST, "A request was turned into work."),
    "request.withdrawn": (Subject.REQUEST, "The customer withdrew a request."),
}
# What an endpoint can subscribe to. The test event needs no subscription: it goes, on
# request, to one endpoint.
SUBSCRIBABLE = frozenset(CATALOGUE)


def is_deliverable(event_type: str) -> bool:
    return event_type in CATALOGUE


def subject_of(event_type: str) -> Subject:
    if event_type == TEST_EVENT:
        return Subject.TEST
    return CATALOGUE[event_type][0]


# --- what a payload may carry (the role matrix's Integration column) ----------------------

# A record a connected system sent (customer, location, contact, work, visit): its id there
# and the system's key, so the system can match the event to its own record.
IMPORTED_FIELDS = frozenset({"externalId", "source"})
# What follows imported work (its report, follow-up, billing trigger): the work's id there.
WORK_SOURCE_FIELDS = frozenset({"workExternalId", "source"})
FOLLOWS_WORK = frozenset({Subject.REPORT, Subject.FOLLOW_UP, Subject.BILLING_TRIGGER})

_PAYLOAD_FIELDS: dict[Subject, frozenset[str]] = {
    Subject.CUSTOMER: frozenset(
        {"id", "name", "customerNumber", "status", "type", "industry", "website"}
        | {"externalReferences", "createdAt", "updatedAt", "archivedAt"}
        | IMPORTED_FIELDS
    ),
    # Access and parking notes (door codes, key safes) never leave.
    Subject.LOCATION: frozenset(
        {"id", "customerId", "name", "addressLine", "postalCode", "city", "country"}
        | {"coordinates", "defaultPriority", "status", "createdAt", "updatedAt", "archivedAt"}
        | IMPORTED_FIELDS
    ),
    Subject.CONTACT: frozenset({"id", "customerId", "locationId", "status"} | IMPORTED_FIELDS),
    # Never internal notes; billing details only where the endpoint opted in.
    Subject.WORK: frozenset(
        {"id", "title", "status", "priority", "dueDate", "customerId", "locationId"}
        | {"contactId", "assignedEmployeeId", "origin", "externalReference"}
        | IMPORTED_FIELDS
        | {"createdAt", "updatedAt", "closedAt"}
    ),
    # Never route stops, routing scores, travel times or planning notes.
    Subject.APPOINTMENT: frozenset(
        {"id", "targetId", "customerId", "locationId", "startsAt", "endsAt", "status"}
        | {"assignedEmployeeId", "createdAt", "updatedAt"}
        | IMPORTED_FIELDS
    ),
    # Never the internal summary, problems or notes: the customer-facing texts once published.
    Subject.REPORT: frozenset(
        {"id", "targetId", "appointmentId", "customerId", "locationId", "status", "result"}
        | {"title", "followUpRequired", "billable", "visitedAt", "approvedAt", "publication"}
        | WORK_SOURCE_FIELDS
    ),
    # The follow-up's description is internal; its customer note is written for the customer.
    Subject.FOLLOW_UP: frozenset(
        {"id", "reportId", "originalTargetId", "customerId", "locationId", "status"}
        | {"customerNote", "plannedTargetId", "plannedAt", "createdAt"}
        | WORK_SOURCE_FIELDS
    ),
    Subject.BILLING_TRIGGER: frozenset(
        {"id", "reportId", "targetId", "customerId", "approvedBy", "createdAt"}
        | WORK_SOURCE_FIELDS
    ),
    # What the customer asked for is theirs; staff comments never leave.
    Subject.REQUEST: frozenset(
        {"id", "type", "title", "customerId", "locationId", "appointmentId", "status"}
        | {"preferredWindows", "customerReason", "targetId", "createdAt", "decidedAt"}
    ),
    Subject.TEST: frozenset({"endpointId", "message"}),
}
CONTACT_DETAIL_FIELDS = frozenset(
    {"name", "role", "department", "email", "phone", "mobile", "preferredContactMethod"}
    | {"preferredLanguage"}
)
CUSTOMER_CONTACT_FIELDS = frozenset({"email", "phone"})


@dataclass(frozen=True, slots=True)
class PayloadOptions:
    """What an endpoint opted in to, beyond what every subscriber receives."""

    include_contact_details: bool = False
    include_billing_details: bool = False
    # With a source system set: external references of that system only.
    source_system: str | None = None
    # With it, also only the events about records that system sent (`about_own_source`).
    source_events_only: bool = False


@dataclass(frozen=True, slots=True)
class SourceId:
    """A record's id in a connected system that sent it (Connect's link), by system key."""

    source: str
    external_id: str


def carried_source_id(ids: Sequence[SourceId], options: PayloadOptions) -> SourceId | None:
    """The connected system's id a payload carries: that of the endpoint's own system when
    it has one (None if that system did not send the record), else the first by system."""
    if options.source_system is not None:
        wanted = options.source_system.lower()
        return next((i for i in ids if i.source.lower() == wanted), None)
    return min(ids, key=lambda i: (i.source, i.external_id), default=None)


def about_own_source(options: PayloadOptions, sources: Iterable[str]) -> bool:
    """Does an endpoint receive an event whose record (or the work it is about) was sent by
    these systems? Every event, unless it is limited to its source system's records."""
    if options.source_system is None or not options.source_events_only:
        return True
    return options.source_system.lower() in {s.lower() for s in sources}


# Which kind of record of the role model each payload subject is.
_RECORDS: dict[Subject, role_model.Record] = {
    Subject.CUSTOMER: role_model.Record.CUSTOMER,
    Subject.LOCATION: role_model.Record.LOCATION,
    Subject.CONTACT: role_model.Record.CONTACT,
    Subject.WORK: role_model.Record.WORK,
    Subject.APPOINTMENT: role_model.Record.VISIT,
    Subject.REPORT: role_model.Record.REPORT,
    Subject.BILLING_TRIGGER: role_model.Record.BILLING_TRIGGER,
}


def never_sent(subject: Subject) -> frozenset[str]:
    """Fields of rows whose Integration cell says "never" (internal notes, planning details):
    the role model takes them out of every payload, whatever the list above says."""
    record = _RECORDS.get(subject)
    if record is None:
        return frozenset()
    out: frozenset[str] = frozenset()
    for row in role_model.rows_of(record):
        if role_model.cell(row, role_model.Reader.INTEGRATION).condition is (
            role_model.Condition.NEVER
        ):
            out |= role_model.ROWS[row].full[record]
    return out


def _billing_by_opt_in() -> bool:
    """The billing-trigger row's Integration cell: "optional webhook"."""
    integration = role_model.cell(
        role_model.Row.BILLING_TRIGGER_DETAILS, role_model.Reader.INTEGRATION
    )
    return integration.condition is role_model.Condition.WEBHOOK_OPT_IN


def payload_fields(subject: Subject, options: PayloadOptions) -> frozenset[str]:
    """The payload fields (API names) an endpoint with these options may receive."""
    allowed = _PAYLOAD_FIELDS[subject] - never_sent(subject)
    if options.include_contact_details:
        if subject is Subject.CONTACT:
            allowed |= CONTACT_DETAIL_FIELDS
        elif subject is Subject.CUSTOMER:
            allowed |= CUSTOMER_CONTACT_FIELDS
    billing_subject = subject in (Subject.WORK, Subject.BILLING_TRIGGER)
    if options.include_billing_details and billing_subject and _billing_by_opt_in():
        allowed |= {"billingDetails"}
    return allowed


def shared_references(
    references: tuple[values.ExternalReference, ...], options: PayloadOptions
) -> tuple[values.ExternalReference, ...]:
    """External references an endpoint may see: all, or those of its own source system."""
    if options.source_system is None:
        return references
    wanted = options.source_system.lower()
    return tuple(r for r in references if r.system.lower() == wanted)


# --- where a delivery may go -----------------------------------------------------------------

_BLOCKED_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "::ffff:0:0/96",  # IPv4-mapped
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "2002::/16",  # 6to4
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "ff00::/8",
    )
)
_LOOPBACK_NAMES = ("localhost",)


def address_allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """May a delivery connect to this IP address? Only public unicast addresses; loopback too
    when a test or demo setting says so."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if allow_loopback and ip.is_loopback:
        return True
    if any(ip in network for network in _BLOCKED_NETWORKS if network.version == ip.version):
        return False
    return ip.is_global


def _is_loopback_host(host: str) -> bool:
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint_url(url: str, *, allow_loopback: bool = False) -> str:
    """An https URL of a public host. Checked again against the resolved address at connect
    time, so a name that later resolves to a private address is refused then."""
    cleaned = values.text(url, "url", max_length=2000)
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError as error:
        raise InvalidValue("url is not a valid URL.", field="url") from error
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise InvalidValue("url must name a host.", field="url")
    if parts.username is not None or parts.password is not None:
        raise InvalidValue("url must not carry a user name or password.", field="url")
    if parts.fragment:
        raise InvalidValue("url must not have a fragment (#...).", field="url")
    if port == 0:
        raise InvalidValue("url must not use port 0.", field="url")
    loopback = _is_loopback_host(host)
    if parts.scheme == "http" and loopback and allow_loopback:
        return cleaned
    if parts.scheme != "https":
        raise RuleViolation("A webhook URL must use https.", field="url")
    if loopback:
        if allow_loopback:
            return cleaned
        raise RuleViolation("A webhook URL must not point at this machine.", field="url")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # A name: one label only ("intranet") or an internal suffix is not a public host.
        if "." not in host or host.endswith((".local", ".internal", ".lan", ".home.arpa")):
            raise RuleViolation("A webhook URL must name a public host.", field="url") from None
        return cleaned
    if not address_allowed(host):
        raise RuleViolation(
            "A webhook URL must not point at a private, loopback or reserved address.",
            field="url",
        )
    return cleaned


# --- secrets and signatures (Standard Webhooks) ----------------------------------------------

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
ROTATION_OVERLAP = timedelta(hours=24)


def secret_from(random_bytes: bytes) -> str:
    if not 24 <= len(random_bytes) <= 64:
        raise ValueError("A webhook secret needs 24 to 64 random bytes.")
    return SECRET_PREFIX + base64.b64encode(random_bytes).decode("ascii")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the secret's key bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    """One signature per valid secret, space-separated: during a rotation both verify."""
    return " ".join(sign(s, message_id, timestamp, body) for s in secrets)


# --- endpoints -------------------------------------------------------------------------------


class EndpointStatus(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


class DisabledReason(StrEnum):
    BY_STAFF = "by_staff"
    GONE = "gone"  # the receiver answered 410
    FAILING = "failing"  # every attempt failed for FAILING_LIMIT


FAILING_LIMIT = timedelta(days=5)
MAX_EVENT_TYPES = len(SUBSCRIBABLE)


def check_event_types(event_types: list[str]) -> frozenset[str]:
    if not event_types:
        raise InvalidValue("eventTypes must name at least one event type.", field="eventTypes")
    unknown = sorted(set(event_types) - SUBSCRIBABLE)
    if unknown:
        raise InvalidValue(
            f"Unknown event type: {', '.join(unknown)}. "
            "GET /webhooks/event-types lists the ones you can subscribe to.",
            field="eventTypes",
        )
    return frozenset(event_types)


def check_source_system(system: str | None) -> str | None:
    return values.optional_text(system, "sourceSystem", max_length=60)


_SETTING_NAMES = frozenset({"url", "description", "event_types"})
_OPTION_NAMES = frozenset(
    {"include_contact_details", "include_billing_details", "source_system", "source_events_only"}
)


@dataclass(frozen=True, slots=True)
class EndpointSettings:
    """What a tenant admin sets on an endpoint."""

    url: str
    event_types: frozenset[str]
    description: str | None = None
    options: PayloadOptions = PayloadOptions()

    def revised(self, changes: Mapping[str, object], *, allow_loopback: bool) -> EndpointSettings:
        """These settings with some of them changed (options by their own names), validated."""
        unknown = set(changes) - _SETTING_NAMES - _OPTION_NAMES
        if unknown:
            raise InvalidValue(f"Not a setting of an endpoint: {', '.join(sorted(unknown))}.")
        options = dataclasses.replace(
            self.options, **{k: v for k, v in changes.items() if k in _OPTION_NAMES}
        )
        settings = dataclasses.replace(
            self, options=options, **{k: v for k, v in changes.items() if k in _SETTING_NAMES}
        )
        return settings.validated(allow_loopback=allow_loopback)

    def validated(self, *, allow_loopback: bool) -> EndpointSettings:
        source_system = check_source_system(self.options.source_system)
        if self.options.source_events_only and source_system is None:
            raise RuleViolation(
                "sourceEventsOnly needs the sourceSystem whose records the endpoint hears of.",
                field="sourceEventsOnly",
            )
        return EndpointSettings(
            url=check_endpoint_url(self.url, allow_loopback=allow_loopback),
            event_types=check_event_types(sorted(self.event_types)),
            description=values.optional_text(self.description, "description", max_length=500),
            options=PayloadOptions(
                include_contact_details=self.options.include_contact_details,
                include_billing_details=self.options.include_billing_details,
                source_system=source_system,
                source_events_only=self.options.source_events_only,
            ),
        )


@dataclass(slots=True)
class WebhookEndpoint:
    """A receiver of one tenant. Secrets are kept sealed; only the worker opens them to sign."""

    id: UUID
    tenant_id: UUID
    settings: EndpointSettings
    sealed_secret: str
    status: EndpointStatus
    created_at: datetime
    updated_at: datetime
    previous_sealed_secret: str | None = None
    previous_secret_expires_at: datetime | None = None
    disabled_reason: DisabledReason | None = None
    disabled_at: datetime | None = None
    failing_since: datetime | None = None

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        settings: EndpointSettings,
        sealed_secret: str,
        now: datetime,
    ) -> WebhookEndpoint:
        return cls(
            id=id,
            tenant_id=tenant_id,
            settings=settings,
            sealed_secret=sealed_secret,
            status=EndpointStatus.ENABLED,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_enabled(self) -> bool:
        return self.status is EndpointStatus.ENABLED

    def subscribes_to(self, event_type: str) -> bool:
        return self.is_enabled and event_type in self.settings.event_types

    def receives(self, event_type: str, occurred_at: datetime, event_id: UUID) -> bool:
        """An endpoint hears of what happens from its registration on, not of the past. Ids
        are time-ordered (UUIDv7), so they settle changes made in the same instant."""
        return self.subscribes_to(event_type) and (occurred_at, event_id) > (
            self.created_at,
            self.id,
        )

    def change(self, settings: EndpointSettings, now: datetime) -> None:
        self.settings = settings
        self.updated_at = now

    def sealed_secrets(self, now: datetime) -> list[str]:
        """The secrets that sign a delivery now: the current one, and the previous one during
        the day after a rotation."""
        secrets = [self.sealed_secret]
        if (
            self.previous_sealed_secret is not None
            and self.previous_secret_expires_at is not None
            and now < self.previous_secret_expires_at
        ):
            secrets.append(self.previous_sealed_secret)
        return secrets

    def rotate_secret(self, sealed_secret: str, now: datetime) -> None:
        self.previous_sealed_secret = self.sealed_secret
        self.previous_secret_expires_at = now + ROTATION_OVERLAP
        self.sealed_secret = sealed_secret
        self.updated_at = now

    def disable(self, reason: DisabledReason, now: datetime) -> None:
        if not self.is_enabled:
            raise RuleViolation("The endpoint is already disabled.")
        self.status = EndpointStatus.DISABLED
        self.disabled_reason = reason
        self.disabled_at = now
        self.updated_at = now

    def enable(self, now: datetime) -> None:
        if self.is_enabled:
            raise RuleViolation("The endpoint is already enabled.")
        self.status = EndpointStatus.ENABLED
        self.disabled_reason = None
        self.disabled_at = None
        self.failing_since = None  # a fresh start: the five days count again
        self.updated_at = now


def failing_too_long(failing_since: datetime | None, now: datetime) -> bool:
    """Has an endpoint failed every attempt for FAILING_LIMIT? Then it is disabled."""
    return failing_since is not None and now - failing_since >= FAILING_LIMIT


# --- deliveries and their attempts -----------------------------------------------------------

# Standard Webhooks' schedule: the first attempt at once, then after each failure.
RETRY_SCHEDULE: tuple[timedelta, ...] = tuple(
    timedelta(seconds=s) for s in (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
)
MAX_JITTER = 0.1  # a retry comes up to 10% early, so receivers are not hit in lockstep
MAX_RETRY_AFTER = timedelta(hours=24)
RESPONSE_EXCERPT_BYTES = 4096


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # not tried yet
    FAILING = "failing"  # tried, failed, will be tried again
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # given up (schedule exhausted, or the endpoint is disabled or gone)


class ErrorClass(StrEnum):
    HTTP_STATUS = "http_status"  # an answer other than 2xx
    REDIRECT = "redirect"  # 3xx: never followed
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    TLS = "tls"
    BLOCKED_ADDRESS = "blocked_address"  # resolved to an address deliveries may not reach
    ENDPOINT_DISABLED = "endpoint_disabled"


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    """What one HTTP attempt came to."""

    duration_ms: int
    status_code: int | None = None
    error_class: ErrorClass | None = None
    response_excerpt: str | None = None
    retry_after: timedelta | None = None  # from a 429's Retry-After

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    id: UUID
    tenant_id: UUID
    delivery_id: UUID
    number: int
    attempted_at: datetime
    outcome: AttemptOutcome


def retry_delay(failed_so_far: int, jitter: float) -> timedelta | None:
    """The wait before the next attempt after `failed_so_far` failures in a row; None when the
    schedule is exhausted. `jitter` in [0, 1) takes up to MAX_JITTER off the wait."""
    if failed_so_far >= len(RETRY_SCHEDULE):
        return None
    delay = RETRY_SCHEDULE[failed_so_far]
    return delay * (1 - MAX_JITTER * min(max(jitter, 0.0), 1.0))


@dataclass(slots=True)
class Delivery:
    """One event on its way to one endpoint. The body is fixed when the delivery is made, so
    every attempt and every re-send carries the same bytes under the same `webhook-id`."""

    id: UUID
    tenant_id: UUID
    endpoint_id: UUID
    event_id: UUID
    event_type: str
    body: bytes
    status: DeliveryStatus
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None
    attempts: int = 0  # attempts started, over the delivery's whole life
    failures_in_row: int = 0  # since the last success or re-send: the position in the schedule
    last_attempt_at: datetime | None = None
    last_status_code: int | None = None
    lease_until: datetime | None = None
    lease_token: UUID | None = None

    @classmethod
    def make(
        cls,
        *,
        id: UUID,
        tenant_id: UUID,
        endpoint_id: UUID,
        event_id: UUID,
        event_type: str,
        body: bytes,
        now: datetime,
    ) -> Delivery:
        return cls(
            id=id,
            tenant_id=tenant_id,
            endpoint_id=endpoint_id,
            event_id=event_id,
            event_type=event_type,
            body=body,
            status=DeliveryStatus.PENDING,
            created_at=now,
            updated_at=now,
            next_attempt_at=now,
        )

    @property
    def message_id(self) -> str:
        """The `webhook-id`: the event's id, the same on every attempt and re-send."""
        return str(self.event_id)

    @property
    def is_finished(self) -> bool:
        return self.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED)

    def settle(self, outcome: AttemptOutcome, now: datetime, jitter: float) -> None:
        """Apply an attempt's outcome: done, given up, or due again later."""
        self.last_attempt_at = now
        self.last_status_code = outcome.status_code
        self.lease_until = None
        self.lease_token = None
        self.updated_at = now
        if outcome.succeeded:
            self.status = DeliveryStatus.SUCCEEDED
            self.failures_in_row = 0
            self.next_attempt_at = None
            return
        self.failures_in_row += 1
        delay = None if outcome.gone else retry_delay(self.failures_in_row, jitter)
        if delay is None:
            self.status = DeliveryStatus.FAILED
            self.next_attempt_at = None
            return
        if outcome.retry_after is not None:
            delay = max(delay, min(outcome.retry_after, MAX_RETRY_AFTER))
        self.status = DeliveryStatus.FAILING
        self.next_attempt_at = now + delay

    def give_up(self, now: datetime) -> None:
        """The endpoint is disabled or gone: nothing more is sent."""
        self.status = DeliveryStatus.FAILED
        self.next_attempt_at = None
        self.lease_until = None
        self.lease_token = None
        self.updated_at = now

    def resend(self, now: datetime) -> None:
        """Due at once again, the schedule from its start; same id, same body."""
        self.status = DeliveryStatus.PENDING
        self.failures_in_row = 0
        self.next_attempt_at = now
        self.updated_at = now


def excerpt(raw: bytes) -> str | None:
    """At most RESPONSE_EXCERPT_BYTES of a response body, as text."""
    if not raw:
        return None
    # PostgreSQL refuses NUL in text; a receiver's answer may hold anything.
    text = raw[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace")
    return text.replace("\x00", "\ufffd")
