"""The words a scenario may put where a step takes one of a fixed set.

Each set is built from the product's own code where one exists (statuses, scopes, languages,
the status translation table), so the glossary lists what the service really knows. A word
outside a set stops the scenario with a sentence naming the words it could have used.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from ordinavo.domain.appointments import AppointmentStatus
from ordinavo.domain.connect import MappedField, Outcome
from ordinavo.domain.customers import CustomerStatus
from ordinavo.domain.identity import ApiScope, Role
from ordinavo.domain.mail import NOTIFICATION_KINDS
from ordinavo.domain.portal_access import Capabilities, InvitationStatus
from ordinavo.domain.reports import ReportStatus
from ordinavo.domain.requests import RequestStatus, RequestType
from ordinavo.domain.role_model import SWITCHES
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.status_labels import (
    DEFAULT_LABELS,
    REQUEST_KEYS,
    STATUS_KEYS,
    PortalLanguage,
)
from ordinavo.domain.timeline import InternalEntryKind
from ordinavo.domain.webhooks import SUBSCRIBABLE
from ordinavo.domain.work import TargetStatus

T = TypeVar("T")


class ScenarioMistake(Exception):
    """A scenario says something the steps do not understand; the message says what to write."""


class Words(Mapping[str, T]):
    """A fixed set of words for one placeholder, each with what it means to the steps."""

    def __init__(
        self,
        noun: str,
        meanings: Mapping[str, T],
        *,
        used_in: str,
        engineers: bool = False,
    ) -> None:
        self.noun = noun
        self.meanings = dict(meanings)
        self.used_in = used_in
        self.engineers = engineers

    def __getitem__(self, word: str) -> T:
        try:
            return self.meanings[word]
        except KeyError:
            article = "an" if self.noun[0] in "aeio" else "a"
            raise ScenarioMistake(
                f"'{word}' is not {article} {self.noun}; use one of: {', '.join(self.meanings)}."
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.meanings)

    def __len__(self) -> int:
        return len(self.meanings)


def _spoken(value: str) -> str:
    return value.replace("_", " ")


LANGUAGE_NAMES = {"en": "English", "de": "German", "ar": "Arabic"}
LANGUAGES: Words[str] = Words(
    "language",
    {LANGUAGE_NAMES[language.value]: language.value for language in PortalLanguage},
    used_in="reads {language}, in {language}, is written in {language}",
)

ROLES: Words[str] = Words(
    "role", {_spoken(role.value): role.value for role in Role}, used_in="{role}"
)
# Several roles in one phrase: "managers and dispatchers", "tenant admins", "nobody".
ROLES_PLURAL: Words[str] = Words(
    "group of staff",
    {_spoken(role.value) + "s": role.value for role in Role},
    used_in="{roles}, joined with commas and 'and', or 'nobody'",
)

# What an integration key may do, in words; each phrase stands for scopes the product defines.
SCOPES: Words[list[str]] = Words(
    "set of permissions for a key",
    {
        "read customers": [ApiScope.CORE_READ.value],
        "change customers": [ApiScope.CORE_WRITE.value],
        "read contacts": [ApiScope.CONTACTS_READ.value],
        "read customers and contacts": [ApiScope.CORE_READ.value, ApiScope.CONTACTS_READ.value],
        "read work": [ApiScope.WORK_READ.value],
        "change work": [ApiScope.WORK_WRITE.value],
    },
    used_in="that may {scopes}",
)

WORK_STATUSES: Words[str] = Words(
    "status of work",
    {_spoken(status.value): status.value for status in TargetStatus},
    used_in='the work "..." is {status}',
)
VISIT_STATUSES: Words[str] = Words(
    "status of a visit",
    {_spoken(status.value): status.value for status in AppointmentStatus},
    used_in='the visit of "..." is {status}',
)
# What the technician reports from the field, as the employee's app offers it.
FIELD_UPDATES: Words[str] = Words(
    "field update",
    {
        _spoken(status.value): status.value
        for status in (
            AppointmentStatus.ON_THE_WAY,
            AppointmentStatus.STARTED,
            AppointmentStatus.PAUSED,
            AppointmentStatus.DONE,
        )
    },
    used_in='reports "{status}" on the visit of "..."',
)
REQUEST_STATUSES: Words[str] = Words(
    "status of a request",
    {_spoken(status.value): status.value for status in RequestStatus},
    used_in="lists the {status} requests (as staff see them)",
)
MY_REQUEST_STATUSES: Words[str] = Words(
    "status a customer reads on a request",
    {_spoken(key): key for key in REQUEST_KEYS},
    used_in="lists their {status} requests (on the portal)",
)
REQUEST_TYPES: Words[str] = Words(
    "kind of request a customer can make",
    {
        _spoken(kind.value): kind.value
        for kind in RequestType
        if kind not in (RequestType.RESCHEDULE, RequestType.CANCELLATION)
    },
    used_in='asks for {kind} "..." at "..."',
)
REPORT_STATUSES: Words[str] = Words(
    "status of a report",
    {_spoken(status.value): status.value for status in ReportStatus},
    used_in='the report "..." is {status}',
)
CUSTOMER_STATUSES: Words[str] = Words(
    "status of a customer",
    {_spoken(status.value): status.value for status in CustomerStatus},
    used_in="lists the {status} customers",
)
INVITATION_STATUSES: Words[str] = Words(
    "status of an invitation",
    {_spoken(status.value): status.value for status in InvitationStatus},
    used_in='the invitation of "..." is {status}',
)
# The customer-facing keys of the status translation table (the labels are in LABEL_TABLE).
STATUS_KEYS_WORDS: Words[str] = Words(
    "customer-facing status",
    {key: key for key in DEFAULT_LABELS},
    used_in='names the status "{key}" "..." in {language}',
)
# The switches on a contact's grant, in the words of the grant form.
GRANT_FLAGS: Words[str] = Words(
    "grant permission",
    {
        {
            "submit_requests": "submitting requests",
            "see_reports": "seeing reports",
            "download_attachments": "downloading files",
        }[flag.name]: "can" + "".join(part.title() for part in flag.name.split("_"))
        for flag in fields(Capabilities)
    },
    used_in='the grant of "..." allows {flag}',
)
# Records a scenario names, and where the internal API keeps them.
RECORD_KINDS: Words[str] = Words(
    "kind of record",
    {
        "customer": "customers",
        "location": "locations",
        "contact": "contacts",
        "work": "targets",
        "user": "users",
        "API key": "api-keys",
    },
    used_in='looks at the {kind} "...", the {kind} "..." is unchanged',
)
RECORD_KINDS_PLURAL: Words[str] = Words(
    "kind of record to count",
    {
        "customers": "customers",
        "customer": "customers",
        "locations": "locations",
        "location": "locations",
        "contacts": "contacts",
        "contact": "contacts",
        "API keys": "api-keys",
        "API key": "api-keys",
    },
    used_in='"..." still has {count} {kind}',
)
ACTIONS: Words[str] = Words(
    "thing to try on a record",
    {
        "look at": "look",
        "change": "change",
        "archive": "archive",
        "disable": "disable",
        "revoke": "revoke",
    },
    used_in='tries to {action} the {kind} "..."',
)
# Fields a staff answer shows or leaves out, as the role matrix names them.
FIELDS: Words[str] = Words(
    "field",
    {
        "internal notes": "internalNotes",
        "external references": "externalReferences",
        "external reference": "externalReference",
        "access notes": "accessNotes",
        "parking notes": "parkingNotes",
        "customer number": "customerNumber",
        "billing details": "billingDetails",
        "billing flag": "billingApplies",  # that billing applies, without the details
        "e-mail address": "email",
        "phone number": "phone",
    },
    used_in="the answer shows the {field}, the answer leaves out the {field}",
)
TIMELINE_KINDS: Words[str] = Words(
    "kind of timeline entry",
    {kind.value.replace("_", "-"): kind.value for kind in InternalEntryKind},
    used_in="the timeline shows {kind} entries",
)
# Portal e-mails a contact may switch off or on, in the words of the settings page.
MAIL_KINDS: Words[str] = Words(
    "kind of e-mail",
    {
        words: kind
        for words, kind in {
            "received requests": "request_received",
            "requests under review": "request_under_review",
            "accepted requests": "request_accepted",
            "declined requests": "request_declined",
            "planned requests": "request_planned",
            "planned visits": "visit_planned",
            "moved visits": "visit_rescheduled",
            "cancelled visits": "visit_cancelled",
            "visit reminders": "visit_reminder",
            "published reports": "report_published",
            "planned follow-up work": "follow_up_planned",
        }.items()
        if kind in {str(k) for k in NOTIFICATION_KINDS}
    },
    used_in="e-mails about {what}",
)
# The product's names of records in audit entries and security events, said as staff say them.
_THINGS = {
    "target": "work",
    "appointment": "visit",
    "portal_invitation": "invitation",
    "portal_grant": "grant",
    "api_key": "API key",
    "follow_up": "follow-up",
    "user": "staff user",
    "login": "sign-in",
}


def _said(code: str) -> str:
    thing, _, what = code.partition(".")
    return f"{_THINGS.get(thing, _spoken(thing))} {_spoken(what)}".strip()


SECURITY_EVENTS: Words[str] = Words(
    "security event",
    {_said(kind.value): kind.value for kind in SecurityEventKind},
    used_in='sees the security event "{kind}"',
)


def _audit_codes() -> list[str]:
    """Every action the application writes to the audit trail (its "thing.done" names)."""
    import ordinavo.application

    root = Path(ordinavo.application.__file__).parent
    codes: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"[a-z_]+\.[a-z_]+", node.value)
                and not node.value.startswith("ordinavo.")
            ):
                codes.add(node.value)
    return sorted(codes)


AUDIT_ACTIONS: Words[str] = Words(
    "action the audit trail records",
    {_said(code): code for code in _audit_codes()},
    used_in='the audit trail of "..." records "{action}"',
)
TIME_UNITS: Words[str] = Words(
    "unit of time",
    {
        "second": "seconds",
        "seconds": "seconds",
        "minute": "minutes",
        "minutes": "minutes",
        "hour": "hours",
        "hours": "hours",
        "day": "days",
        "days": "days",
        "week": "weeks",
        "weeks": "weeks",
    },
    used_in="{count} {unit} pass, {count} {unit} have passed",
)

# How an action ended. "refused" accepts any refusal and suits product rules; the exact kinds
# matter for security rules: "as not found" means the person must not even learn that the
# thing exists, "as forbidden" that they may know it exists but may not do this.
OUTCOMES: Words[tuple[int, ...]] = Words(
    "outcome",
    {
        "done": (200, 201, 202, 204),
        "refused": tuple(range(400, 500)),
        "refused as not found": (404,),
        "refused as forbidden": (403,),
        "refused as not signed in": (401,),
        "refused as invalid": (400, 422),
        "refused as a conflict": (409,),
        "refused as too large": (413,),
        "refused as the wrong format": (415,),
        "refused for now, with a time to wait": (429,),
    },
    used_in="it is {outcome}",
)
# Harmful file names an upload may carry.
HOSTILE_NAMES: Words[str] = Words(
    "harmful file name",
    {
        "a path": "../../etc/passwd",
        "a line break": "report\r\nSet-Cookie: x=1.pdf",
        "a NUL byte": "report\x00.pdf",
        "a right-to-left override": "invoice\u202efdp.exe",
        "300 characters": "a" * 296 + ".pdf",
    },
    used_in="uploads a file named with {hostile}",
    engineers=True,
)

WINDOW_SYNTAX = (
    'say "3 days from now, 9 to 12 o\'clock" or "2 days ago, 9 to 12 o\'clock" for one '
    'window, or "6 windows" for that many one-hour windows on the days after tomorrow.'
)

REQUEST_NEWS: Words[str] = Words(
    "news about a request",
    {
        "received": "request_received",
        "under review": "request_under_review",
        "accepted": "request_accepted",
        "declined": "request_declined",
        "planned": "request_planned",
    },
    used_in='receives an e-mail that the request "..." is {news}',
)
# What became of one record a connected system sent.
IMPORT_OUTCOMES: Words[str] = Words(
    "outcome of a sent record",
    {outcome.value: outcome.value for outcome in Outcome},
    used_in='the record "..." was {outcome}',
)
# Values a connected system spells its own way, which a tenant admin may map.
MAPPED_FIELDS: Words[str] = Words(
    "value a connected system may spell its own way",
    {
        words: field.value
        for words, field in {
            "customer status": MappedField.CUSTOMER_STATUS,
            "country": MappedField.LOCATION_COUNTRY,
            "time zone": MappedField.LOCATION_TIME_ZONE,
            "contact method": MappedField.CONTACT_METHOD,
            "work status": MappedField.TARGET_STATUS,
            "work priority": MappedField.TARGET_PRIORITY,
        }.items()
    },
    used_in='maps the {field} "..." of "..." to "..."',
)
# What a webhook endpoint may subscribe to: the product's event catalogue.
EVENT_TYPES: Words[str] = Words(
    "event type",
    {event_type: event_type for event_type in sorted(SUBSCRIBABLE)},
    used_in='registered "..." for "{event_type}"',
)

RECURRENCE_SYNTAX = (
    'say "every day", "every Tuesday", "every second Tuesday", "every month on the 15th" '
    'or "every year".'
)
_DAYS = {
    "Monday": "MO",
    "Tuesday": "TU",
    "Wednesday": "WE",
    "Thursday": "TH",
    "Friday": "FR",
    "Saturday": "SA",
    "Sunday": "SU",
}


def recurrence_rule(text: str) -> str:
    """A recurrence in words, as the RRULE the plan form takes."""
    if text == "every day":
        return "FREQ=DAILY"
    if text == "every year":
        return "FREQ=YEARLY"
    weekly = re.fullmatch(r"every (second |third )?(\w+day)", text)
    if weekly and weekly.group(2) in _DAYS:
        interval = {"second ": 2, "third ": 3}.get(weekly.group(1) or "", 1)
        return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={_DAYS[weekly.group(2)]}"
    monthly = re.fullmatch(r"every month on the (\d{1,2})(st|nd|rd|th)", text)
    if monthly:
        return f"FREQ=MONTHLY;BYMONTHDAY={monthly.group(1)}"
    raise ScenarioMistake(f"'{text}' is not a recurrence; {RECURRENCE_SYNTAX}")


ORDINALS: Words[int] = Words(
    "position in a list",
    {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4},
    used_in='the {ordinal} visit of the plan "..."',
)

RETENTION_KINDS: Words[str] = Words(
    "kind of record kept for a period",
    {
        "closed sessions": "closed_sessions",
        "security events": "security_events",
        "audit entries": "audit_entries",
        "webhook deliveries": "webhook_deliveries",
        "sent mail": "mail_log",
        "file downloads": "attachment_downloads",
    },
    used_in="sets {records} to be kept for ... days",
)
# The role model's switches, said in words ("managers edit locations and contacts").
ACCESS_SWITCHES: Words[str] = Words(
    "access switch",
    {_spoken(name): name for name in SWITCHES},
    used_in='sets "{switch}" to "..." in the access model',
)
SWITCH_VALUES: Words[str] = Words(
    "switch value",
    {value: value for switch in SWITCHES.values() for value in switch.values},
    used_in='sets "..." to "{value}" in the access model',
)

ALL: dict[str, Words[Any]] = {
    "{outcome}": OUTCOMES,
    "{language}": LANGUAGES,
    "{role}": ROLES,
    "{roles}": ROLES_PLURAL,
    "{scopes}": SCOPES,
    "{status} of work": WORK_STATUSES,
    "{status} of a visit": VISIT_STATUSES,
    '"{status}" a technician reports': FIELD_UPDATES,
    "{status} of a request": REQUEST_STATUSES,
    "{status} a customer reads on a request": MY_REQUEST_STATUSES,
    "{kind} of request": REQUEST_TYPES,
    "{status} of a report": REPORT_STATUSES,
    "{status} of a customer": CUSTOMER_STATUSES,
    "{status} of an invitation": INVITATION_STATUSES,
    '"{key}" of a status label': STATUS_KEYS_WORDS,
    "{flag} of a grant": GRANT_FLAGS,
    "{kind} of record": RECORD_KINDS,
    "{kind} of records to count": RECORD_KINDS_PLURAL,
    "{action}": ACTIONS,
    "{field}": FIELDS,
    "{kind} of timeline entry": TIMELINE_KINDS,
    "{what} e-mails are about": MAIL_KINDS,
    "{unit}": TIME_UNITS,
    '"{kind}" of security event': SECURITY_EVENTS,
    '"{action}" in the audit trail': AUDIT_ACTIONS,
    "{news} about a request": REQUEST_NEWS,
    '"{event_type}" of a webhook': EVENT_TYPES,
    "{ordinal}": ORDINALS,
    "{records} kept for a period": RETENTION_KINDS,
    '"{switch}" of the access model': ACCESS_SWITCHES,
    '"{value}" of an access switch': SWITCH_VALUES,
    "{hostile}": HOSTILE_NAMES,
    "{outcome} of a sent record": IMPORT_OUTCOMES,
    "{field} a connected system spells its own way": MAPPED_FIELDS,
}


def label_table() -> list[tuple[str, str, str, str, str]]:
    """Each customer-facing key, what it stands for internally, and its label per language."""
    things = {"target": "work", "appointment": "visit", "visit_report": "report"}
    shown_for: dict[str, list[str]] = {}
    for (kind, status), key in STATUS_KEYS.items():
        thing = things.get(kind.value, _spoken(kind.value).replace("follow up", "follow-up"))
        shown_for.setdefault(key, []).append(f"{thing} {_spoken(status)}")
    return [
        (key, ", ".join(shown_for.get(key, [])), labels["en"], labels["de"], labels["ar"])
        for key, labels in DEFAULT_LABELS.items()
    ]
