"""The languages a portal client asks for, from its Accept-Language header."""

from __future__ import annotations

from typing import Any

from litestar import Request

from ordinavo.domain.status_labels import parse_accept_language


def accepted_languages(request: Request[Any, Any, Any]) -> list[tuple[str, float]]:
    return parse_accept_language(request.headers.get("accept-language"))
