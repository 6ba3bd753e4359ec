"""Query parameters shared by the internal lists."""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

Limit = Annotated[int, Parameter(ge=1, le=100, description="Page size (default 50, at most 100)")]
Cursor = Annotated[
    str | None, Parameter(max_length=64, description="The nextCursor of the previous page")
]
Search = Annotated[str | None, Parameter(max_length=100, description="Text to look for in names")]
