"""The status translation table: internal statuses to what a customer may read.

Every internal status of targets, appointments, portal requests and visit reports maps to one
customer-facing key; each key has a label in every portal language. Tenants may override a
label per language; they cannot change the mapping, so no internal value ever reaches the portal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ordinavo.domain import values
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.requests import RequestStatus


class StatusKind(StrEnum):
    TARGET = "target"
    APPOINTMENT = "appointment"
    REQUEST = "request"
    VISIT_REPORT = "visit_report"
    FOLLOW_UP = "follow_up"
    TIMELINE = "timeline"  # kinds of portal timeline entries


class PortalLanguage(StrEnum):
    ENGLISH = "en"
    GERMAN = "de"
    ARABIC = "ar"


DEFAULT_LANGUAGE = PortalLanguage.ENGLISH

# (kind, internal status) -> customer-facing key
STATUS_KEYS: dict[tuple[StatusKind, str], str] = {
    (StatusKind.TARGET, "open"): "open",
    (StatusKind.TARGET, "planned"): "planned",
    (StatusKind.TARGET, "in_progress"): "in_progress",
    (StatusKind.TARGET, "on_hold"): "on_hold",
    (StatusKind.TARGET, "completed"): "done",
    (StatusKind.TARGET, "cancelled"): "cancelled",
    (StatusKind.APPOINTMENT, "planned"): "planned",
    (StatusKind.APPOINTMENT, "confirmed"): "confirmed",
    (StatusKind.APPOINTMENT, "on_the_way"): "technician_on_the_way",
    (StatusKind.APPOINTMENT, "started"): "in_progress",
    # A pause is the technician's business; the visit is still under way for the customer.
    (StatusKind.APPOINTMENT, "paused"): "in_progress",
    (StatusKind.APPOINTMENT, "done"): "done",
    (StatusKind.APPOINTMENT, "cancelled"): "cancelled",
    (StatusKind.REQUEST, "submitted"): "received",
    (StatusKind.REQUEST, "under_review"): "under_review",
    (StatusKind.REQUEST, "accepted"): "accepted",
    (StatusKind.REQUEST, "rejected"): "declined",
    (StatusKind.REQUEST, "converted"): "accepted",
    (StatusKind.REQUEST, "withdrawn"): "withdrawn",
    (StatusKind.VISIT_REPORT, "draft"): "in_preparation",
    (StatusKind.VISIT_REPORT, "submitted"): "in_preparation",
    (StatusKind.VISIT_REPORT, "approved"): "in_preparation",
    (StatusKind.VISIT_REPORT, "changes_requested"): "in_preparation",
    (StatusKind.VISIT_REPORT, "published"): "available",
    (StatusKind.FOLLOW_UP, "needed"): "follow_up_needed",
    (StatusKind.FOLLOW_UP, "planned"): "follow_up_planned",
    (StatusKind.TIMELINE, "request_received"): "request_received",
    (StatusKind.TIMELINE, "request_accepted"): "request_accepted",
    (StatusKind.TIMELINE, "request_planned"): "request_planned",
    (StatusKind.TIMELINE, "request_declined"): "request_declined",
    (StatusKind.TIMELINE, "visit_planned"): "visit_planned",
    (StatusKind.TIMELINE, "visit_rescheduled"): "visit_rescheduled",
    (StatusKind.TIMELINE, "visit_cancelled"): "visit_cancelled",
    (StatusKind.TIMELINE, "visit_completed"): "visit_completed",
    (StatusKind.TIMELINE, "report_published"): "report_published",
    (StatusKind.TIMELINE, "file_released"): "file_released",
    (StatusKind.TIMELINE, "follow_up_needed"): "follow_up_needed",
    (StatusKind.TIMELINE, "follow_up_planned"): "follow_up_planned",
}

DEFAULT_LABELS: dict[str, dict[PortalLanguage, str]] = {
    "open": {"en": "Open", "de": "Offen", "ar": "مفتوح"},
    "planned": {"en": "Planned", "de": "Geplant", "ar": "مجدول"},
    "confirmed": {"en": "Confirmed", "de": "Bestätigt", "ar": "مؤكد"},
    "technician_on_the_way": {
        "en": "Technician on the way",
        "de": "Techniker unterwegs",
        "ar": "الفني في الطريق",
    },
    "in_progress": {"en": "In progress", "de": "In Arbeit", "ar": "قيد التنفيذ"},
    "on_hold": {"en": "On hold", "de": "Zurückgestellt", "ar": "معلق"},
    "done": {"en": "Done", "de": "Erledigt", "ar": "منجز"},
    "cancelled": {"en": "Cancelled", "de": "Abgesagt", "ar": "ملغى"},
    "received": {"en": "Received", "de": "Eingegangen", "ar": "تم الاستلام"},
    "under_review": {"en": "Under review", "de": "In Prüfung", "ar": "قيد المراجعة"},
    "accepted": {"en": "Accepted", "de": "Angenommen", "ar": "مقبول"},
    "declined": {"en": "Declined", "de": "Abgelehnt", "ar": "مرفوض"},
    "withdrawn": {"en": "Withdrawn", "de": "Zurückgezogen", "ar": "تم السحب"},
    "in_preparation": {"en": "In preparation", "de": "In Vorbereitung", "ar": "قيد الإعداد"},
    "available": {"en": "Available", "de": "Verfügbar", "ar": "متاح"},
    "request_received": {
        "en": "Request received",
        "de": "Anfrage eingegangen",
        "ar": "تم استلام الطلب",
    },
    "request_accepted": {
        "en": "Request accepted",
        "de": "Anfrage angenommen",
        "ar": "تم قبول الطلب",
    },
    "request_planned": {
        "en": "Request planned",
        "de": "Anfrage eingeplant",
        "ar": "تمت جدولة الطلب",
    },
    "request_declined": {
        "en": "Request declined",
        "de": "Anfrage abgelehnt",
        "ar": "تم رفض الطلب",
    },
    "visit_planned": {"en": "Visit planned", "de": "Termin geplant", "ar": "تم تحديد موعد الزيارة"},
    "visit_rescheduled": {
        "en": "Visit rescheduled",
        "de": "Termin verschoben",
        "ar": "تم تغيير موعد الزيارة",
    },
    "visit_cancelled": {"en": "Visit cancelled", "de": "Termin abgesagt", "ar": "تم إلغاء الزيارة"},
    "visit_completed": {"en": "Visit completed", "de": "Termin erledigt", "ar": "تمت الزيارة"},
    "report_published": {
        "en": "Report available",
        "de": "Bericht verfügbar",
        "ar": "التقرير متاح",
    },
    "file_released": {
        "en": "Document shared",
        "de": "Dokument freigegeben",
        "ar": "تمت مشاركة مستند",
    },
    "follow_up_needed": {
        "en": "Follow-up needed",
        "de": "Folgetermin nötig",
        "ar": "تلزم زيارة متابعة",
    },
    "follow_up_planned": {
        "en": "Follow-up planned",
        "de": "Folgetermin geplant",
        "ar": "زيارة المتابعة مجدولة",
    },
}  # type: ignore[dict-item]

CUSTOMER_KEYS = frozenset(DEFAULT_LABELS)


def customer_key(kind: StatusKind, internal_status: str) -> str:
    """The customer-facing key of an internal status. An unmapped status is a programming error."""
    # StatusKind and the statuses are str enums: their members hash and compare as their
    # values, so a raw string finds the same entry.
    found = STATUS_KEYS.get((kind, internal_status))
    return found if found is not None else STATUS_KEYS[(StatusKind(kind), str(internal_status))]


REQUEST_KEYS = tuple(
    dict.fromkeys(shown for (k, _), shown in STATUS_KEYS.items() if k is StatusKind.REQUEST)
)


def request_statuses_shown_as(key: str) -> frozenset[RequestStatus]:
    """The internal request statuses a customer reads as `key` (accepted: accepted or
    converted). An unknown key is refused, naming the keys there are."""
    kind = StatusKind.REQUEST
    found = {status for (k, status), shown in STATUS_KEYS.items() if k is kind and shown == key}
    if not found:
        keys = REQUEST_KEYS
        raise InvalidValue(f"status is one of {', '.join(keys)}.", field="status")
    return frozenset(RequestStatus(s) for s in found)


@dataclass(frozen=True, slots=True)
class CustomerStatus:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class LabelOverride:
    key: str
    language: PortalLanguage
    label: str

    @classmethod
    def of(cls, key: str, language: str, label: str) -> LabelOverride:
        if key not in CUSTOMER_KEYS:
            raise InvalidValue(f"'{key}' is not a customer-facing status.", field="key")
        try:
            lang = PortalLanguage(language)
        except ValueError:
            raise InvalidValue("language is one of en, de or ar.", field="language") from None
        return cls(key, lang, values.text(label, "label", max_length=60))


@dataclass(frozen=True, slots=True)
class StatusLabels:
    """The table in one language, with a tenant's overrides laid over the defaults."""

    language: PortalLanguage
    overrides: Mapping[str, str]  # key -> label, already for this language
    # What `of` answered, per (kind, status): a page asks the same few over and over.
    _known: dict[tuple[str, str], CustomerStatus] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def for_language(
        cls, language: PortalLanguage, overrides: Iterable[LabelOverride] = ()
    ) -> StatusLabels:
        return cls(language, {o.key: o.label for o in overrides if o.language is language})

    def label(self, key: str) -> str:
        return self.overrides.get(key) or DEFAULT_LABELS[key][self.language]

    def of(self, kind: StatusKind, internal_status: str) -> CustomerStatus:
        known = self._known.get((kind, internal_status))
        if known is None:
            key = customer_key(kind, internal_status)
            known = self._known[(kind, internal_status)] = CustomerStatus(key, self.label(key))
        return known


def choose_language(
    accepted: Iterable[tuple[str, float]], preferred: str | None = None
) -> PortalLanguage:
    """The first supported language the client asked for (by weight), else the user's own."""
    ranked = sorted(
        ((tag, q) for tag, q in accepted if q > 0), key=lambda pair: pair[1], reverse=True
    )
    for tag, _ in ranked:
        primary = tag.split("-", 1)[0].strip().lower()
        if primary in PortalLanguage._value2member_map_:
            return PortalLanguage(primary)
    if preferred in PortalLanguage._value2member_map_:
        return PortalLanguage(preferred)
    return DEFAULT_LANGUAGE


def parse_accept_language(header: str | None) -> list[tuple[str, float]]:
    """`de-CH, de;q=0.9, en;q=0.5` -> [(tag, weight)]; malformed parts are skipped."""
    if not header:
        return []
    pairs: list[tuple[str, float]] = []
    for part in header.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        pairs.append((tag, weight))
    return pairs
