"""The internal role matrix applied to an actor: what it may do, and which fields it may see.

The rules themselves are data in `role_model.py` (rows x readers, the operations table, the
API scopes and the tenant switches); this module only asks that table for an actor. Fields an
actor may not see are left out of its responses entirely; the presenters build responses
from the `*_fields` functions here, so no other place decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.role_model import (
    ROWS,
    AccessSwitches,
    Action,
    Cell,
    Condition,
    Level,
    Reader,
    Record,
    Row,
    cell,
    permits,
    readable,
    rows_of,
    writable,
)
from ordinavo.domain.values import ExternalReference

__all__ = ["Action"]


def reader_of(actor: Actor) -> Reader | None:
    """The matrix column an actor reads from; a user without a role reads from none."""
    if actor.kind is ActorKind.INTEGRATION:
        return Reader.INTEGRATION
    return Reader(actor.role.value) if actor.role is not None else None


def may(actor: Actor, action: Action) -> bool:
    reader = reader_of(actor)
    if reader is None:
        return False
    return permits(reader, action, actor.switches, frozenset(s.value for s in actor.scopes))


def _cell(actor: Actor, row: Row) -> Cell | None:
    reader = reader_of(actor)
    return None if reader is None else cell(row, reader, actor.switches)


def _row_fields(
    actor: Actor,
    record: Record,
    pick: Callable[[Row, Reader, Record, AccessSwitches], frozenset[str]],
) -> frozenset[str]:
    """The union over the rows naming this record of what `pick` (readable or writable)
    gives the actor."""
    reader = reader_of(actor)
    if reader is None:
        return frozenset()
    fields: frozenset[str] = frozenset()
    for row in rows_of(record):
        fields |= pick(row, reader, record, actor.switches)
    return fields


def _readable(actor: Actor, record: Record) -> frozenset[str]:
    return _row_fields(actor, record, readable)


def _writable(actor: Actor, record: Record) -> frozenset[str]:
    return _row_fields(actor, record, writable)


class BillingView(StrEnum):
    """How much of the billing on a piece of work a reader gets (the billing-trigger row)."""

    FULL = "full"  # the billing details text as well
    LIMITED = "limited"  # that billing applies, and the trigger's date; never the text
    NONE = "none"  # no billing fields at all


def billing_view(actor: Actor) -> BillingView:
    """The billing-trigger row of the matrix, for every place billing shows to staff: work,
    billing triggers and the customer's history. Integration keys get none over the API; the
    row's "optional webhook" is the endpoint's opt-in, decided in webhooks.py."""
    granted = _cell(actor, Row.BILLING_TRIGGER_DETAILS)
    if granted is None or granted.read is Level.NONE:
        return BillingView.NONE
    return BillingView.LIMITED if granted.read is Level.LIMITED else BillingView.FULL


def sees_internal_notes(actor: Actor) -> bool:
    """The internal-notes row: tenant admins and managers, and dispatchers, who see what a
    manager sees; never employees or integration keys. Writing is WRITE_INTERNAL_NOTES."""
    granted = _cell(actor, Row.INTERNAL_NOTES)
    return granted is not None and granted.reads


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


def _assigned_only(actor: Actor, row: Row) -> bool:
    granted = _cell(actor, row)
    return granted is not None and granted.condition is Condition.ASSIGNED


def customer_scope(actor: Actor, assigned_customer_ids: frozenset[UUID]) -> RecordScope:
    """Where the customer-profile cell says "assigned": customers of assigned work only."""
    if _assigned_only(actor, Row.CUSTOMER_PROFILE):
        return RecordScope(assigned_customer_ids)
    return RecordScope.everything()


def contact_scope(actor: Actor, assigned_contact_ids: frozenset[UUID]) -> RecordScope:
    """Where the contact-details cell says "assigned": the contact persons of that work."""
    if _assigned_only(actor, Row.CONTACT_DETAILS):
        return RecordScope(assigned_contact_ids)
    return RecordScope.everything()


def location_scope(actor: Actor, assigned_location_ids: frozenset[UUID]) -> RecordScope:
    if _assigned_only(actor, Row.LOCATION):
        return RecordScope(assigned_location_ids)
    return RecordScope.everything()


def sees_all_work(actor: Actor) -> bool:
    """False for employees: they see the work assigned to them, nothing else (the visit
    reports cell says "own / assigned")."""
    granted = _cell(actor, Row.VISIT_REPORTS)
    return granted is None or granted.condition is not Condition.OWN_OR_ASSIGNED


# --- fields, per kind of record (the API's field names) ---------------------------------------
def customer_fields(actor: Actor) -> frozenset[str]:
    return _readable(actor, Record.CUSTOMER)


def location_fields(actor: Actor) -> frozenset[str]:
    return _readable(actor, Record.LOCATION)


def contact_fields(actor: Actor) -> frozenset[str]:
    return _readable(actor, Record.CONTACT)


def writable_customer_fields(actor: Actor) -> frozenset[str]:
    """Fields this actor may set when it creates or changes a customer. The profile's own
    fields are checked by the action (WRITE_CUSTOMER_CORE); the rows decide the others."""
    profile = ROWS[Row.CUSTOMER_PROFILE].writable[Record.CUSTOMER]
    return profile | _writable(actor, Record.CUSTOMER)


# The work item and the visit themselves: what planning reads (READ_WORK); the rows add theirs.
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


def target_fields(actor: Actor) -> frozenset[str]:
    """The work itself, and of billing, external references and internal notes what their
    rows give this actor (employees: none of them)."""
    return _TARGET_BASE | _readable(actor, Record.WORK)


def appointment_fields(actor: Actor) -> frozenset[str]:
    return _APPOINTMENT_BASE | _readable(actor, Record.VISIT)


GUARDED_TARGET_FIELDS = frozenset({"externalReference", "internalNotes", "billingDetails"})


def refused_target_fields(actor: Actor, given: frozenset[str]) -> frozenset[str]:
    """Of the fields a caller sent, those its role may not set on work."""
    return (given & GUARDED_TARGET_FIELDS) - writable_target_fields(actor)


def writable_target_fields(actor: Actor) -> frozenset[str]:
    return frozenset({"title", "priority", "dueDate"}) | _writable(actor, Record.WORK)


def report_fields(actor: Actor) -> frozenset[str]:
    """Employees write the report but never see internal notes (the internal-notes row)."""
    return _readable(actor, Record.REPORT)


def refused_report_fields(actor: Actor, given: frozenset[str]) -> frozenset[str]:
    if "internalNotes" in given and "internalNotes" not in _writable(actor, Record.REPORT):
        return frozenset({"internalNotes"})
    return frozenset()


def billing_trigger_fields(actor: Actor) -> frozenset[str]:
    return _readable(actor, Record.BILLING_TRIGGER)


# --- external references of a key bound to a connected system ---------------------------------
def reference_source(actor: Actor) -> str | None:
    """The connected system whose external references alone this actor reads and writes (the
    external-references row's "by scope and source"): a key bound to one; None: every one."""
    if actor.kind is not ActorKind.INTEGRATION or actor.source_system is None:
        return None
    return actor.source_system.lower()


def _own(actor: Actor, reference: ExternalReference) -> bool:
    source = reference_source(actor)
    return source is None or reference.system.lower() == source


def visible_references(
    actor: Actor, references: tuple[ExternalReference, ...]
) -> tuple[ExternalReference, ...]:
    """The references this actor may see: those of other systems stay invisible to a key
    bound to one."""
    return tuple(r for r in references if _own(actor, r))


def visible_reference(
    actor: Actor, reference: ExternalReference | None
) -> ExternalReference | None:
    return reference if reference is not None and _own(actor, reference) else None


def foreign_references(
    actor: Actor, references: tuple[ExternalReference, ...]
) -> tuple[ExternalReference, ...]:
    """Of the references an actor sends, those of another system than its own: refused."""
    return tuple(r for r in references if not _own(actor, r))


def merged_references(
    actor: Actor,
    current: tuple[ExternalReference, ...],
    sent: tuple[ExternalReference, ...],
) -> tuple[ExternalReference, ...]:
    """A customer's references once this actor sent its list: a bound key's list stands for
    its own system's only, so the references of the others it cannot see stay as they are."""
    if reference_source(actor) is None:
        return sent
    return tuple(r for r in current if not _own(actor, r)) + sent


# What imported entries of a timeline say of where they came from (Connect's events).
_SOURCE_DETAILS = ("source", "externalId", "importJobId")


def visible_details(actor: Actor, details: dict[str, object]) -> dict[str, object]:
    """An event's details as this actor sees them: a key bound to one system does not learn
    another system's id of a record, nor that it sent it."""
    source = reference_source(actor)
    sent_by = details.get("source")
    if source is None or not isinstance(sent_by, str) or sent_by.lower() == source:
        return details
    return {k: v for k, v in details.items() if k not in _SOURCE_DETAILS}
