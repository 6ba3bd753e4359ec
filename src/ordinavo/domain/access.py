"""The internal role matrix: which actor may do what, and which fields it may see.

Fields an actor may not see are left out of its responses entirely; the entrypoints build
responses from `visible_fields`, so this module is the single place the matrix lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from ordinavo.domain.identity import Actor, ActorKind, ApiScope, Role


class Action(StrEnum):
    READ_CUSTOMER_CORE = "customer_core.read"  # customers, locations
    WRITE_CUSTOMER_CORE = "customer_core.write"
    READ_CONTACTS = "contacts.read"
    WRITE_CONTACTS = "contacts.write"
    WRITE_EXTERNAL_REFERENCES = "external_references.write"
    MANAGE_API_KEYS = "api_keys.manage"
    MANAGE_USERS = "users.manage"
    READ_AUDIT = "audit.read"
    MANAGE_TENANT_SETTINGS = "tenant_settings.manage"
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


_ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.TENANT_ADMIN: frozenset(Action),
    Role.MANAGER: frozenset(
        {
            Action.READ_CUSTOMER_CORE,
            Action.READ_CONTACTS,
            Action.MANAGE_PORTAL_ACCESS,
            Action.READ_PORTAL_ACCESS,
            Action.PREVIEW_PORTAL,
            Action.READ_WORK,
            Action.PLAN_WORK,
            Action.REPORT_VISIT_STATUS,
            Action.WRITE_INTERNAL_NOTES,
            Action.REVIEW_REQUESTS,
            Action.READ_REPORTS,
            Action.APPROVE_REPORTS,
            Action.PUBLISH_TO_PORTAL,
            Action.READ_BILLING_TRIGGERS,  # limited: without the billing details
        }
    ),
    # The privacy page: a dispatcher "plans work, sees what a manager sees, changes no
    # settings" -- so the manager's reading, none of the manager's changing of portal access,
    # approving, publishing or internal notes.
    Role.DISPATCHER: frozenset(
        {
            Action.READ_CUSTOMER_CORE,
            Action.READ_CONTACTS,
            Action.READ_PORTAL_ACCESS,
            Action.READ_WORK,
            Action.PLAN_WORK,
            Action.REPORT_VISIT_STATUS,
            Action.REVIEW_REQUESTS,
            Action.READ_REPORTS,
            Action.READ_BILLING_TRIGGERS,  # limited, like a manager's
        }
    ),
    # An employee reads only records of assigned work; the record scope narrows it.
    Role.EMPLOYEE: frozenset(
        {
            Action.READ_CUSTOMER_CORE,
            Action.READ_CONTACTS,
            Action.READ_WORK,
            Action.REPORT_VISIT_STATUS,
            Action.READ_REPORTS,
            Action.WRITE_REPORTS,
        }
    ),
}

_SCOPE_ACTIONS: dict[ApiScope, frozenset[Action]] = {
    ApiScope.CORE_READ: frozenset({Action.READ_CUSTOMER_CORE}),
    ApiScope.CORE_WRITE: frozenset(
        {
            Action.READ_CUSTOMER_CORE,
            Action.WRITE_CUSTOMER_CORE,
            Action.WRITE_EXTERNAL_REFERENCES,
        }
    ),
    ApiScope.CONTACTS_READ: frozenset({Action.READ_CONTACTS}),
    ApiScope.WORK_READ: frozenset({Action.READ_WORK}),
    ApiScope.WORK_WRITE: frozenset({Action.READ_WORK, Action.PLAN_WORK}),
}


def may(actor: Actor, action: Action) -> bool:
    if actor.kind is ActorKind.USER:
        return actor.role is not None and action in _ROLE_ACTIONS[actor.role]
    return any(action in _SCOPE_ACTIONS[scope] for scope in actor.scopes)


class BillingView(StrEnum):
    """How much of the billing on a piece of work a reader gets (the billing-trigger row)."""

    FULL = "full"  # the billing details text as well
    LIMITED = "limited"  # that billing applies, and the trigger's date; never the text
    NONE = "none"  # no billing fields at all


def billing_view(actor: Actor) -> BillingView:
    """The billing-trigger row of the privacy page, for every place billing shows to staff:
    work, billing triggers and the customer's history. Integration keys get none over the
    API; the row's "optional webhook" is the endpoint's opt-in, decided in webhooks.py."""
    if actor.kind is not ActorKind.USER:
        return BillingView.NONE
    if actor.role is Role.TENANT_ADMIN:
        return BillingView.FULL
    if actor.role in (Role.MANAGER, Role.DISPATCHER):
        return BillingView.LIMITED
    return BillingView.NONE


def sees_internal_notes(actor: Actor) -> bool:
    """The internal-notes row: tenant admins and managers (and so dispatchers, who see what
    a manager sees); never employees or integration keys. Writing is WRITE_INTERNAL_NOTES."""
    return actor.kind is ActorKind.USER and actor.role in (
        Role.TENANT_ADMIN,
        Role.MANAGER,
        Role.DISPATCHER,
    )


def notes_only(given_fields: frozenset[str]) -> bool:
    """A change that sets the internal notes and nothing else: it needs WRITE_INTERNAL_NOTES
    instead of the right to change the record itself, so managers keep notes on customers
    and reports they may not otherwise edit."""
    return given_fields == {"internalNotes"}


def change_action(given_fields: frozenset[str], otherwise: Action) -> Action:
    """The action a change of a customer or a report needs: only internal notes -> writing
    internal notes; anything else -> `otherwise` (the field check then refuses the notes
    to whoever may not write them)."""
    return Action.WRITE_INTERNAL_NOTES if notes_only(given_fields) else otherwise


@dataclass(frozen=True, slots=True)
class RecordScope:
    """Which records of a kind an actor may read: all of the tenant's, or only these ids."""

    only: frozenset[UUID] | None = None

    @property
    def is_everything(self) -> bool:
        return self.only is None

    @classmethod
    def everything(cls) -> RecordScope:
        return cls(None)

    @classmethod
    def nothing(cls) -> RecordScope:
        return cls(frozenset())

    def allows(self, record_id: UUID) -> bool:
        return self.only is None or record_id in self.only


def customer_scope(actor: Actor, assigned_customer_ids: frozenset[UUID]) -> RecordScope:
    """Employees see customers of their assigned work only; others all of the tenant."""
    if actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE:
        return RecordScope(assigned_customer_ids)
    return RecordScope.everything()


def contact_scope(actor: Actor, assigned_contact_ids: frozenset[UUID]) -> RecordScope:
    """Employees see the contact persons of their assigned work only; others all contacts."""
    if actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE:
        return RecordScope(assigned_contact_ids)
    return RecordScope.everything()


def location_scope(actor: Actor, assigned_location_ids: frozenset[UUID]) -> RecordScope:
    if actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE:
        return RecordScope(assigned_location_ids)
    return RecordScope.everything()


# Field visibility, per resource. Names are the API's field names.
_CUSTOMER_BASE = frozenset(
    {
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
)
_LOCATION_BASE = frozenset(
    {
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
)
_CONTACT_BASE = frozenset(
    {
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
)
_EMPLOYEE_CUSTOMER = frozenset({"id", "name", "status"})
_EMPLOYEE_LOCATION = frozenset(
    {
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
        "timeZone",
        "status",
    }
)
_EMPLOYEE_CONTACT = frozenset(
    {
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
)


def customer_fields(actor: Actor) -> frozenset[str]:
    if actor.kind is ActorKind.INTEGRATION:
        return _CUSTOMER_BASE | {"externalReferences"}
    if actor.role in (Role.TENANT_ADMIN, Role.MANAGER, Role.DISPATCHER):
        # "limited" external references: read, never changed, by managers.
        fields = _CUSTOMER_BASE | {"externalReferences"}
        return fields | {"internalNotes"} if sees_internal_notes(actor) else fields
    return _EMPLOYEE_CUSTOMER


def location_fields(actor: Actor) -> frozenset[str]:
    if actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE:
        return _EMPLOYEE_LOCATION
    return _LOCATION_BASE


def contact_fields(actor: Actor) -> frozenset[str]:
    if actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE:
        return _EMPLOYEE_CONTACT
    return _CONTACT_BASE


def writable_customer_fields(actor: Actor) -> frozenset[str]:
    """Fields this actor may set when it creates or changes a customer."""
    editable = {"name", "customerNumber", "status", "type", "industry", "email", "phone", "website"}
    if may(actor, Action.WRITE_EXTERNAL_REFERENCES):
        editable.add("externalReferences")
    if may(actor, Action.WRITE_INTERNAL_NOTES):
        editable.add("internalNotes")
    return frozenset(editable)


# --- planned work ----------------------------------------------------------------------------
_TARGET_BASE = frozenset(
    {
        "id",
        "title",
        "status",
        "priority",
        "dueDate",
        "customerId",
        "locationId",
        "contactId",
        "assignedEmployeeId",
        "origin",
        "createdAt",
        "updatedAt",
        "closedAt",
    }
)
_APPOINTMENT_BASE = frozenset(
    {
        "id",
        "targetId",
        "customerId",
        "locationId",
        "startsAt",
        "endsAt",
        "status",
        "assignedEmployeeId",
        "routeStop",
        "travelMinutes",
        "createdAt",
        "updatedAt",
    }
)


def _is_employee(actor: Actor) -> bool:
    return actor.kind is ActorKind.USER and actor.role is Role.EMPLOYEE


_BILLING_ON_WORK: dict[BillingView, frozenset[str]] = {
    BillingView.FULL: frozenset({"billingApplies", "billingDetails"}),
    BillingView.LIMITED: frozenset({"billingApplies"}),
    BillingView.NONE: frozenset(),
}


def target_fields(actor: Actor) -> frozenset[str]:
    """Employees: the work itself, never billing, external references or internal notes."""
    if _is_employee(actor):
        return _TARGET_BASE
    fields = _TARGET_BASE | {"externalReference"} | _BILLING_ON_WORK[billing_view(actor)]
    return fields | {"internalNotes"} if sees_internal_notes(actor) else fields


def appointment_fields(actor: Actor) -> frozenset[str]:
    if _is_employee(actor) or actor.kind is ActorKind.INTEGRATION:
        return _APPOINTMENT_BASE
    return _APPOINTMENT_BASE | {"routingScore", "planningNotes"}


GUARDED_TARGET_FIELDS = frozenset({"externalReference", "internalNotes", "billingDetails"})


def refused_target_fields(actor: Actor, given: frozenset[str]) -> frozenset[str]:
    """Of the fields a caller sent, those its role may not set on work."""
    return (given & GUARDED_TARGET_FIELDS) - writable_target_fields(actor)


def writable_target_fields(actor: Actor) -> frozenset[str]:
    editable = {"title", "priority", "dueDate"}
    if may(actor, Action.WRITE_EXTERNAL_REFERENCES) or actor.kind is ActorKind.INTEGRATION:
        editable.add("externalReference")
    if may(actor, Action.WRITE_INTERNAL_NOTES):
        editable.add("internalNotes")
    if may(actor, Action.WRITE_BILLING):
        editable.add("billingDetails")
    return frozenset(editable)


def sees_all_work(actor: Actor) -> bool:
    """False for employees: they see the work assigned to them, nothing else."""
    return not _is_employee(actor)


# --- visit reports and what follows them -----------------------------------------------------
_REPORT_BASE = frozenset(
    {
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
)


def report_fields(actor: Actor) -> frozenset[str]:
    """Employees write the report but never see internal notes (role matrix)."""
    return _REPORT_BASE | {"internalNotes"} if sees_internal_notes(actor) else _REPORT_BASE


def refused_report_fields(actor: Actor, given: frozenset[str]) -> frozenset[str]:
    if "internalNotes" in given and not may(actor, Action.WRITE_INTERNAL_NOTES):
        return frozenset({"internalNotes"})
    return frozenset()


_BILLING_TRIGGER_BASE = frozenset(
    {"id", "reportId", "targetId", "customerId", "approvedBy", "createdAt"}
)
_BILLING_TRIGGER_FIELDS: dict[BillingView, frozenset[str]] = {
    BillingView.FULL: _BILLING_TRIGGER_BASE | {"billingDetails"},
    BillingView.LIMITED: _BILLING_TRIGGER_BASE,  # that billing was triggered, and when
    BillingView.NONE: frozenset(),
}


def billing_trigger_fields(actor: Actor) -> frozenset[str]:
    return _BILLING_TRIGGER_FIELDS[billing_view(actor)]
