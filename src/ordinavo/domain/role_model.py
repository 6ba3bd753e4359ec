"""The role model as one table: the privacy page's matrix, row by row, role by role.

Each cell says how much of a row a reader gets (full, view, limited, none), whether it may
change it, and under which condition (all of the tenant's records, only assigned work, only
with an API key's scope, ...). Each row names its fields per kind of record, and what
"limited" leaves of them. `domain/access.py` answers every question about internal access
from this table; `docs/roles.md` is printed from it (`make roles`), and
`GET /tenant/access-model` returns it as each tenant's switches make it.

Tenant switches adjust a few cells within bounds the product sets: a switch may narrow what a
role gets, or widen a manager's or a dispatcher's cell up to the tenant admin's; no switch
widens what an employee or an integration gets past the matrix below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from ordinavo.domain.errors import InvalidValue


class Reader(StrEnum):
    """The matrix's columns: the four staff roles and an integration's API key."""

    TENANT_ADMIN = "tenant_admin"
    MANAGER = "manager"
    DISPATCHER = "dispatcher"
    EMPLOYEE = "employee"
    INTEGRATION = "integration"


class Level(StrEnum):
    FULL = "full"  # every field of the row
    VIEW = "view"  # every field, read only
    LIMITED = "limited"  # the row's limited fields, read only unless the cell says write
    NONE = "none"  # none of the row's fields


class Condition(StrEnum):
    """Which records a cell applies to."""

    ALL = "all records of the tenant"
    ASSIGNED = "only records of work assigned to them"
    OWN_OR_ASSIGNED = "only their own, on work assigned to them"
    API_SCOPE = "only with the API key's scope"
    # A key bound to a connected system reads and writes that system's references only.
    API_SOURCE_SCOPE = "only with the API key's scope, and of its connected system when bound"
    WEBHOOK_OPT_IN = "not over the API; in webhook payloads when the endpoint opts in"
    EVENTS_ONLY = "not over the API; as webhook events"
    OWN_SECRET = "only its own secret, shown once when the key is made"
    NEVER = "never"


class Record(StrEnum):
    """The kinds of record whose fields the rows name (the API's field names)."""

    CUSTOMER = "customer"
    LOCATION = "location"
    CONTACT = "contact"
    WORK = "work"
    VISIT = "visit"
    REPORT = "report"
    BILLING_TRIGGER = "billing trigger"


class Row(StrEnum):
    """The privacy page's rows, plus the planning details routing keeps internal."""

    CUSTOMER_PROFILE = "customer profile"
    LOCATION = "location and address"
    CONTACT_DETAILS = "contact details"
    EXTERNAL_REFERENCES = "external references"
    VISIT_REPORTS = "visit reports"
    INTERNAL_NOTES = "internal notes"
    PLANNING_DETAILS = "planning details"
    BILLING_TRIGGER_DETAILS = "billing trigger details"
    WEBHOOK_SETTINGS = "webhook settings"
    API_KEYS = "API keys"


class Action(StrEnum):
    """What an internal caller may do. Row actions follow the matrix's cells (ROW_ACTIONS);
    the others are the operations table (OPERATIONS)."""

    READ_CUSTOMER_CORE = "customer_core.read"  # customers
    WRITE_CUSTOMER_CORE = "customer_core.write"
    READ_LOCATIONS = "locations.read"
    WRITE_LOCATIONS = "locations.write"
    READ_CONTACTS = "contacts.read"
    WRITE_CONTACTS = "contacts.write"
    WRITE_EXTERNAL_REFERENCES = "external_references.write"
    MANAGE_API_KEYS = "api_keys.manage"
    MANAGE_USERS = "users.manage"
    READ_AUDIT = "audit.read"
    MANAGE_TENANT_SETTINGS = "tenant_settings.manage"
    READ_ACCESS_MODEL = "access_model.read"  # the rules below, as this tenant's switches make them
    MANAGE_PORTAL_ACCESS = "portal_access.manage"
    READ_PORTAL_ACCESS = "portal_access.read"  # who has portal access; changes nothing
    # See the portal as one portal user (or an uninvited contact) would: read-only, audited.
    PREVIEW_PORTAL = "portal_access.preview"
    READ_WORK = "work.read"  # targets and appointments; employees only their own
    PLAN_WORK = "work.plan"
    REPORT_VISIT_STATUS = "work.report_status"  # the assigned employee's updates
    WRITE_BILLING = "billing.write"
    WRITE_INTERNAL_NOTES = "internal_notes.write"
    MANAGE_STATUS_LABELS = "status_labels.manage"
    REVIEW_REQUESTS = "requests.review"  # the queue of portal requests
    READ_REPORTS = "reports.read"  # employees only reports of their own work
    WRITE_REPORTS = "reports.write"  # employees only on work assigned to them
    APPROVE_REPORTS = "reports.approve"
    PUBLISH_TO_PORTAL = "reports.publish"  # publish reports, release attachments
    READ_BILLING_TRIGGERS = "billing_triggers.read"
    DELETE_RECORDS = "records.delete"  # reports and attachments, for good (admins)
    MANAGE_WEBHOOKS = "webhooks.manage"  # endpoints, their secrets and delivery logs (admins)
    READ_MAIL_LOG = "mail.read"  # what was mailed to whom and whether it went out (admins)
    # Data subject requests: everything held about one person, and who asked to be closed.
    HANDLE_PERSONAL_DATA = "personal_data.handle"
    ERASE_PERSONAL_DATA = "personal_data.erase"  # delete customers, erase contacts (admins)
    # Connect: register connected systems and their value mappings (admins); send batches of a
    # system's records; read import jobs and their per-record results.
    MANAGE_CONNECTED_SYSTEMS = "connect.manage"
    IMPORT_RECORDS = "connect.import"
    READ_IMPORTS = "connect.read"


Fields = Mapping[Record, frozenset[str]]
_NOTHING: Fields = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A row's fields: all of them, what "limited" leaves, and which of them can be set."""

    explanation: str
    full: Fields
    limited: Fields = field(default_factory=lambda: _NOTHING)
    limited_means: str = ""
    writable: Fields = field(default_factory=lambda: _NOTHING)


@dataclass(frozen=True, slots=True)
class Cell:
    read: Level
    write: bool = False
    condition: Condition = Condition.ALL

    @property
    def reads(self) -> bool:
        return self.read is not Level.NONE


def _fields(**by_record: set[str]) -> Fields:
    return MappingProxyType(
        {Record(k.replace("_", " ")): frozenset(v) for k, v in by_record.items()}
    )


_CUSTOMER_PROFILE = {
    "id",
    "name",
    "customerNumber",
    "status",
    "type",
    "industry",
    "email",
    "phone",
    "website",
    "createdAt",
    "updatedAt",
    "archivedAt",
}
_LOCATION = {
    "id",
    "customerId",
    "name",
    "addressLine",
    "postalCode",
    "city",
    "country",
    "coordinates",
    "accessNotes",
    "parkingNotes",
    "defaultWorkMinutes",
    "defaultPriority",
    "timeZone",
    "status",
    "createdAt",
    "updatedAt",
    "archivedAt",
}
_CONTACT = {
    "id",
    "customerId",
    "locationId",
    "name",
    "role",
    "department",
    "email",
    "phone",
    "mobile",
    "preferredContactMethod",
    "preferredLanguage",
    "status",
    "createdAt",
    "updatedAt",
    "archivedAt",
}
_REPORT = {
    "id",
    "targetId",
    "appointmentId",
    "customerId",
    "locationId",
    "authorId",
    "title",
    "result",
    "summary",
    "problems",
    "followUpRequired",
    "followUpDescription",
    "billable",
    "status",
    "visitedAt",
    "submittedAt",
    "review",
    "publication",
    "createdAt",
    "updatedAt",
}
_BILLING_TRIGGER = {"id", "reportId", "targetId", "customerId", "approvedBy", "createdAt"}
# The phone numbers an employee sees of a contact person; a tenant switch can withhold them.
CONTACT_PHONES = frozenset({"phone", "mobile"})

ROWS: Mapping[Row, RowSpec] = MappingProxyType(
    {
        Row.CUSTOMER_PROFILE: RowSpec(
            "Who the customer is: name, number, kind, how to reach the company.",
            full=_fields(customer=_CUSTOMER_PROFILE),
            limited=_fields(customer={"id", "name", "status"}),
            limited_means="the customer's name and status, nothing else",
            writable=_fields(
                customer={
                    "name",
                    "customerNumber",
                    "status",
                    "type",
                    "industry",
                    "email",
                    "phone",
                    "website",
                }
            ),
        ),
        Row.LOCATION: RowSpec(
            "Where the work happens: address, access and parking notes, planning defaults.",
            full=_fields(location=_LOCATION),
            limited=_fields(
                location=_LOCATION - {"defaultPriority", "createdAt", "updatedAt", "archivedAt"}
            ),
            limited_means="the address, access and parking notes a visit needs; not the "
            "planning defaults or the record's history",
            writable=_fields(
                location=_LOCATION
                - {"id", "customerId", "status", "createdAt", "updatedAt", "archivedAt"}
            ),
        ),
        Row.CONTACT_DETAILS: RowSpec(
            "The customer's people and how to reach them.",
            full=_fields(contact=_CONTACT),
            limited=_fields(
                contact={
                    "id",
                    "customerId",
                    "locationId",
                    "name",
                    "role",
                    "phone",
                    "mobile",
                    "email",
                    "preferredContactMethod",
                    "status",
                }
            ),
            limited_means="the contact person's name, role and channels, needed to do the work",
            writable=_fields(
                contact=_CONTACT - {"id", "status", "createdAt", "updatedAt", "archivedAt"}
            ),
        ),
        Row.EXTERNAL_REFERENCES: RowSpec(
            "The customer's and the work's ids in other systems (ERP, CRM).",
            full=_fields(customer={"externalReferences"}, work={"externalReference"}),
            limited=_fields(customer={"externalReferences"}, work={"externalReference"}),
            limited_means="the system and the reference, never changed",
            writable=_fields(customer={"externalReferences"}, work={"externalReference"}),
        ),
        Row.VISIT_REPORTS: RowSpec(
            "What was found and done on a visit, and its review and publication.",
            full=_fields(report=_REPORT),
            writable=_fields(
                report={
                    "title",
                    "result",
                    "summary",
                    "problems",
                    "followUpRequired",
                    "followUpDescription",
                    "billable",
                    "visitedAt",
                }
            ),
        ),
        Row.INTERNAL_NOTES: RowSpec(
            "Staff's own notes on customers, work and reports; never on the portal.",
            full=_fields(
                customer={"internalNotes"}, work={"internalNotes"}, report={"internalNotes"}
            ),
            writable=_fields(
                customer={"internalNotes"}, work={"internalNotes"}, report={"internalNotes"}
            ),
        ),
        Row.PLANNING_DETAILS: RowSpec(
            "How a visit was planned: routing score and planning notes.",
            full=_fields(visit={"routingScore", "planningNotes"}),
            writable=_fields(visit={"routingScore", "planningNotes"}),
        ),
        Row.BILLING_TRIGGER_DETAILS: RowSpec(
            "That work is billed, the triggers approval created, and the billing details text.",
            full=_fields(
                work={"billingApplies", "billingDetails"},
                billing_trigger=_BILLING_TRIGGER | {"billingDetails"},
            ),
            limited=_fields(work={"billingApplies"}, billing_trigger=_BILLING_TRIGGER),
            limited_means="that billing applies, and each trigger's report, work and date; "
            "never the billing details text",
            writable=_fields(work={"billingDetails"}),
        ),
        Row.WEBHOOK_SETTINGS: RowSpec(
            "Webhook endpoints, their secrets, subscriptions and delivery logs.",
            full=MappingProxyType({}),
        ),
        Row.API_KEYS: RowSpec(
            "Integration API keys: making, listing and revoking them.",
            full=MappingProxyType({}),
        ),
    }
)

_FULL = Cell(Level.FULL, write=True)
_VIEW = Cell(Level.VIEW)
_NO = Cell(Level.NONE, condition=Condition.NEVER)

# The privacy page's matrix. A dispatcher "plans work, sees what a manager sees, changes no
# settings": the manager's column, read only.
MATRIX: Mapping[Row, Mapping[Reader, Cell]] = MappingProxyType(
    {
        Row.CUSTOMER_PROFILE: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _VIEW,
            Reader.DISPATCHER: _VIEW,
            Reader.EMPLOYEE: Cell(Level.LIMITED, condition=Condition.ASSIGNED),
            Reader.INTEGRATION: Cell(Level.FULL, write=True, condition=Condition.API_SCOPE),
        },
        Row.LOCATION: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _VIEW,
            Reader.DISPATCHER: _VIEW,
            Reader.EMPLOYEE: Cell(Level.LIMITED, condition=Condition.ASSIGNED),
            Reader.INTEGRATION: Cell(Level.FULL, write=True, condition=Condition.API_SCOPE),
        },
        Row.CONTACT_DETAILS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _VIEW,
            Reader.DISPATCHER: _VIEW,
            Reader.EMPLOYEE: Cell(Level.LIMITED, condition=Condition.ASSIGNED),
            Reader.INTEGRATION: Cell(Level.VIEW, condition=Condition.API_SCOPE),
        },
        Row.EXTERNAL_REFERENCES: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: Cell(Level.LIMITED),
            Reader.DISPATCHER: Cell(Level.LIMITED),
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: Cell(Level.FULL, write=True, condition=Condition.API_SOURCE_SCOPE),
        },
        Row.VISIT_REPORTS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _VIEW,
            Reader.DISPATCHER: _VIEW,
            Reader.EMPLOYEE: Cell(Level.FULL, write=True, condition=Condition.OWN_OR_ASSIGNED),
            Reader.INTEGRATION: Cell(Level.NONE, condition=Condition.EVENTS_ONLY),
        },
        Row.INTERNAL_NOTES: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _FULL,
            Reader.DISPATCHER: _VIEW,
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: _NO,
        },
        Row.PLANNING_DETAILS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _FULL,
            Reader.DISPATCHER: _FULL,
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: _NO,
        },
        Row.BILLING_TRIGGER_DETAILS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: Cell(Level.LIMITED),
            Reader.DISPATCHER: Cell(Level.LIMITED),
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: Cell(Level.NONE, condition=Condition.WEBHOOK_OPT_IN),
        },
        Row.WEBHOOK_SETTINGS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _NO,
            Reader.DISPATCHER: _NO,
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: _NO,
        },
        Row.API_KEYS: {
            Reader.TENANT_ADMIN: _FULL,
            Reader.MANAGER: _NO,
            Reader.DISPATCHER: _NO,
            Reader.EMPLOYEE: _NO,
            Reader.INTEGRATION: Cell(Level.NONE, condition=Condition.OWN_SECRET),
        },
    }
)


# --- tenant switches -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Switch:
    """One documented switch: its values (the first is the default) and what it does."""

    name: str
    values: tuple[str, ...]
    explanation: str

    @property
    def default(self) -> str:
        return self.values[0]

    @property
    def api_name(self) -> str:
        """The name the API and docs/roles.md use (camelCase, like every API field)."""
        head, *rest = self.name.split("_")
        return head + "".join(part.title() for part in rest)


SWITCHES: Mapping[str, Switch] = MappingProxyType(
    {
        s.name: s
        for s in (
            Switch(
                "managers_edit_locations_and_contacts",
                ("off", "on"),
                "Managers may add, change and archive locations and contacts (by default they "
                "read them; tenant admins change them).",
            ),
            Switch(
                "employees_see_contact_phone",
                ("on", "off"),
                "Employees see the phone numbers of the contact person of their assigned work "
                "(off: name, role and e-mail only).",
            ),
            Switch(
                "dispatcher_billing",
                ("limited", "none"),
                "What dispatchers see of billing: that it applies and its triggers (limited), "
                "or nothing of billing at all (none).",
            ),
        )
    }
)


@dataclass(frozen=True, slots=True)
class AccessSwitches:
    """A tenant's switch values; a switch it never set has its default."""

    # Pairs, not a mapping: the value stays hashable and copies like any other field.
    pairs: tuple[tuple[str, str], ...] = ()

    @property
    def chosen(self) -> dict[str, str]:
        """The switches set away from their defaults."""
        return dict(self.pairs)

    def value(self, name: str) -> str:
        return self.chosen.get(name, SWITCHES[name].default)

    def on(self, name: str) -> bool:
        return self.value(name) == "on"

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> AccessSwitches:
        """Validated values; raises SwitchError naming the first wrong name or value."""
        chosen: dict[str, str] = {}
        for name, value in raw.items():
            switch = SWITCHES.get(name)
            if switch is None:
                raise SwitchError(
                    name, f"There is no switch {name!r}; the switches are: {', '.join(SWITCHES)}."
                )
            if value not in switch.values:
                raise SwitchError(name, f"{name} takes one of: {', '.join(switch.values)}.")
            if value != switch.default:
                chosen[name] = str(value)
        return cls(tuple(sorted(chosen.items())))

    def with_changes(self, changes: Mapping[str, object]) -> AccessSwitches:
        return AccessSwitches.parse({**self.as_dict(), **changes})

    def as_dict(self) -> dict[str, str]:
        return {name: self.value(name) for name in SWITCHES}


DEFAULT_SWITCHES = AccessSwitches()


class SwitchError(InvalidValue):
    """A switch that does not exist, or a value it does not take (422, naming the switch)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message, field=name)


def cell(row: Row, reader: Reader, switches: AccessSwitches = DEFAULT_SWITCHES) -> Cell:
    """The cell as this tenant's switches make it."""
    base = MATRIX[row][reader]
    if (
        row in (Row.LOCATION, Row.CONTACT_DETAILS)
        and reader is Reader.MANAGER
        and switches.on("managers_edit_locations_and_contacts")
    ):
        return replace(base, read=Level.FULL, write=True)
    if (
        row is Row.BILLING_TRIGGER_DETAILS
        and reader is Reader.DISPATCHER
        and switches.value("dispatcher_billing") == "none"
    ):
        return _NO
    return base


def readable(
    row: Row, reader: Reader, record: Record, switches: AccessSwitches = DEFAULT_SWITCHES
) -> frozenset[str]:
    """The fields of `record` this row gives the reader over the API."""
    spec, granted = ROWS[row], cell(row, reader, switches)
    if granted.read is Level.NONE:
        return frozenset()
    if granted.read is Level.LIMITED:
        fields = spec.limited.get(record, frozenset())
        if (
            row is Row.CONTACT_DETAILS
            and reader is Reader.EMPLOYEE
            and not switches.on("employees_see_contact_phone")
        ):
            fields -= CONTACT_PHONES
        return fields
    return spec.full.get(record, frozenset())


def writable(
    row: Row, reader: Reader, record: Record, switches: AccessSwitches = DEFAULT_SWITCHES
) -> frozenset[str]:
    granted = cell(row, reader, switches)
    return ROWS[row].writable.get(record, frozenset()) if granted.write else frozenset()


# --- actions: the rows' reading and writing, and the operations beside the data rows --------
READ, WRITE = "read", "write"
ROW_ACTIONS: Mapping[Action, tuple[Row, str]] = MappingProxyType(
    {
        Action.READ_CUSTOMER_CORE: (Row.CUSTOMER_PROFILE, READ),
        Action.WRITE_CUSTOMER_CORE: (Row.CUSTOMER_PROFILE, WRITE),
        Action.READ_LOCATIONS: (Row.LOCATION, READ),
        Action.WRITE_LOCATIONS: (Row.LOCATION, WRITE),
        Action.READ_CONTACTS: (Row.CONTACT_DETAILS, READ),
        Action.WRITE_CONTACTS: (Row.CONTACT_DETAILS, WRITE),
        Action.WRITE_EXTERNAL_REFERENCES: (Row.EXTERNAL_REFERENCES, WRITE),
        Action.READ_REPORTS: (Row.VISIT_REPORTS, READ),
        Action.WRITE_REPORTS: (Row.VISIT_REPORTS, WRITE),
        Action.WRITE_INTERNAL_NOTES: (Row.INTERNAL_NOTES, WRITE),
        Action.READ_BILLING_TRIGGERS: (Row.BILLING_TRIGGER_DETAILS, READ),
        Action.WRITE_BILLING: (Row.BILLING_TRIGGER_DETAILS, WRITE),
        Action.MANAGE_WEBHOOKS: (Row.WEBHOOK_SETTINGS, WRITE),
        Action.MANAGE_API_KEYS: (Row.API_KEYS, WRITE),
    }
)
_OPERATIONS = frozenset(Action) - set(ROW_ACTIONS)
_PLANNING = frozenset(
    {
        Action.READ_ACCESS_MODEL,
        Action.READ_PORTAL_ACCESS,
        Action.READ_WORK,
        Action.PLAN_WORK,
        Action.REPORT_VISIT_STATUS,
        Action.REVIEW_REQUESTS,
        # What an import brought and what it skipped: planners follow up on mapping warnings.
        Action.READ_IMPORTS,
    }
)
OPERATIONS: Mapping[Reader, frozenset[Action]] = MappingProxyType(
    {
        Reader.TENANT_ADMIN: _OPERATIONS,
        # Managers also change portal access and approve and publish what reaches customers.
        Reader.MANAGER: _PLANNING
        | {
            Action.MANAGE_PORTAL_ACCESS,
            Action.PREVIEW_PORTAL,
            Action.APPROVE_REPORTS,
            Action.PUBLISH_TO_PORTAL,
        },
        # "Plans work, sees what a manager sees, changes no settings."
        Reader.DISPATCHER: _PLANNING,
        # Assigned work only; the record scope narrows READ_WORK to it.
        Reader.EMPLOYEE: frozenset(
            {Action.READ_ACCESS_MODEL, Action.READ_WORK, Action.REPORT_VISIT_STATUS}
        ),
        # An API key's scopes narrow this further (SCOPES).
        Reader.INTEGRATION: frozenset(
            {Action.READ_WORK, Action.PLAN_WORK, Action.IMPORT_RECORDS, Action.READ_IMPORTS}
        ),
    }
)
# What each API key scope opens; the Integration column still decides each row.
SCOPES: Mapping[str, frozenset[Action]] = MappingProxyType(
    {
        "core:read": frozenset({Action.READ_CUSTOMER_CORE, Action.READ_LOCATIONS}),
        "core:write": frozenset(
            {
                Action.READ_CUSTOMER_CORE,
                Action.WRITE_CUSTOMER_CORE,
                Action.READ_LOCATIONS,
                Action.WRITE_LOCATIONS,
                Action.WRITE_EXTERNAL_REFERENCES,
            }
        ),
        "contacts:read": frozenset({Action.READ_CONTACTS}),
        "work:read": frozenset({Action.READ_WORK}),
        "work:write": frozenset({Action.READ_WORK, Action.PLAN_WORK}),
        "connect:read": frozenset({Action.READ_IMPORTS}),
        "connect:write": frozenset({Action.IMPORT_RECORDS, Action.READ_IMPORTS}),
    }
)


def permits(
    reader: Reader,
    action: Action,
    switches: AccessSwitches = DEFAULT_SWITCHES,
    scopes: frozenset[str] = frozenset(),
) -> bool:
    """The whole rule: a row action by its cell, any other by the operations table; an
    integration only within its key's scopes."""
    if reader is Reader.INTEGRATION and not any(action in SCOPES[s] for s in scopes):
        return False
    if (row_need := ROW_ACTIONS.get(action)) is not None:
        row, mode = row_need
        granted = cell(row, reader, switches)
        return granted.write if mode == WRITE else granted.reads
    return action in OPERATIONS[reader]


def rows_of(record: Record) -> tuple[Row, ...]:
    """The rows that name fields of this kind of record."""
    return tuple(row for row, spec in ROWS.items() if record in spec.full)
