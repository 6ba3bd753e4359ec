"""Typed text that reaches a database lookup before any domain check sees it.

PostgreSQL refuses NUL bytes in text, and control characters have no place in a tenant slug,
an e-mail address or a search; refusing them at the boundary turns a would-be 500 into a 400.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

TypedSlug = Annotated[str, Meta(min_length=1, max_length=63, pattern=NO_CONTROL_CHARACTERS)]
TypedEmail = Annotated[str, Meta(min_length=1, max_length=254, pattern=NO_CONTROL_CHARACTERS)]
