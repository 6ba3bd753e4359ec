"""Renders mail with Jinja2: the words from `texts.py`, the layouts from `templates/`. HTML is
autoescaped, so a title typed by a customer or staff member cannot become markup. Dates and
times are formatted for the language with Babel, in the configured time zone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from ordinavo.adapters.mail.texts import COMMON, KINDS, RIGHT_TO_LEFT
from ordinavo.domain.mail import MailContent, MailKind

_TEMPLATES = Path(__file__).parent / "templates"
_EN_DASH = "\u2013"
_LOCALES = {"en": "en_GB", "de": "de_DE", "ar": "ar"}


class JinjaMailRenderer:
    def __init__(self, time_zone: str = "UTC") -> None:
        self._zone = ZoneInfo(time_zone)
        self._html = Environment(
            loader=FileSystemLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined
        )
        # The text part is not markup: nothing to escape.
        self._text = Environment(
            loader=FileSystemLoader(_TEMPLATES),
            autoescape=False,  # noqa: S701
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._snippets: dict[tuple[str, str], Template] = {}

    def _snippet(self, source: str) -> Template:
        # Snippets render unescaped: the HTML layout escapes their result once, as a value.
        key = ("text", source)
        if key not in self._snippets:
            self._snippets[key] = self._text.from_string(source)
        return self._snippets[key]

    def _words(self, source: str, values: Mapping[str, object]) -> str:
        return self._snippet(source).render(**values).strip()

    def render(self, kind: MailKind, language: str, values: Mapping[str, object]) -> MailContent:
        language = language if language in COMMON else "en"
        texts = {**COMMON[language], **KINDS[kind.value][language]}
        context = {k: ("" if v is None else v) for k, v in values.items()}
        paragraphs = [self._words(p, context) for p in texts["paragraphs"]]
        # Only a kind that introduces files lists them.
        files = list(values.get("files") or []) if "files_intro" in texts else []  # type: ignore[call-overload]
        if files:
            paragraphs.append(self._words(texts["files_intro"], context))
        parts = {
            "language": language,
            "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
            "subject": self._words(texts["subject"], context),
            "greeting": self._words(texts["greeting"], context),
            "paragraphs": [p for p in paragraphs if p],
            "files": files,
            "link": values.get("link"),
            "action": self._words(texts["action"], context),
            "closing": [self._words(p, context) for p in texts.get("closing", [])],
            "signature": self._words(texts["signature"], context),
            "unsubscribe": self._words(texts["unsubscribe"], context),
            "unsubscribe_url": values.get("unsubscribe_url"),
        }
        return MailContent(
            # One line, whatever a typed title holds (U+2028 and the like break a header).
            subject=" ".join(str(parts["subject"]).split()),
            text=self._text.get_template("mail.txt.j2").render(**parts),
            html=self._html.get_template("mail.html.j2").render(**parts),
        )

    def format_datetime(self, at: datetime, language: str) -> str:
        return format_datetime(
            at.astimezone(self._zone), "full", tzinfo=self._zone, locale=_locale(language)
        )

    def format_date(self, at: datetime, language: str) -> str:
        return format_date(at.astimezone(self._zone), "long", locale=_locale(language))

    def format_window(
        self, starts: datetime, ends: datetime, language: str, zone: str | None = None
    ) -> tuple[str, str]:
        """A visit's time: long ("Tuesday, 8 December 2026, 09:00 to 11:00 (Europe/Berlin)") and
        short ("8 December 2026, 09:00"), in the configured zone."""
        locale = _locale(language)
        where = ZoneInfo(zone) if zone else self._zone
        start, end = starts.astimezone(where), ends.astimezone(where)
        day = format_date(start, "full", locale=locale)
        begins = format_time(start, "short", locale=locale)
        times = f"{begins}{_EN_DASH}{format_time(end, 'short', locale=locale)}"
        long = f"{day}, {times} ({where.key})"
        short = f"{format_date(start, 'long', locale=locale)}, {begins}"
        return long, short


def _locale(language: str) -> str:
    return _LOCALES.get(language, "en_GB")
