"""Query parameters shared by the internal lists."""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

from ordinavo.entrypoints.common.paging import Cursor, Limit
from ordinavo.entrypoints.common.text import NO_CONTROL_CHARACTERS

__all__ = ["Cursor", "Limit", "Search"]

Search = Annotated[
    str | None,
    Parameter(
        max_length=100, pattern=NO_CONTROL_CHARACTERS, description="Text to look for in names"
    ),
]
