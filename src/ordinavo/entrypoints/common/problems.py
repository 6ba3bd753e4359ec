"""RFC 9457 problem responses for every error, on both apps."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from ordinavo.application.errors import (
    ApplicationError,
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
)
from ordinavo.domain.errors import DomainError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("ordinavo.problems")

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


class InvalidParam(msgspec.Struct, omit_defaults=True):
    name: str
    reason: str


class Problem(msgspec.Struct, omit_defaults=True, rename="camel"):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = None


def problem(
    request: Request[Any, Any, Any],
    status: int,
    detail: str | None,
    *,
    invalid_params: list[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    body = Problem(
        type="about:blank",
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        invalid_params=invalid_params,
    )
    return Response(
        content=body,
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _application_error(request: Request[Any, Any, Any], exc: ApplicationError) -> Response[Problem]:
    if isinstance(exc, NotFound):
        return problem(request, HTTP_404_NOT_FOUND, exc.message)
    if isinstance(exc, NotAuthenticated):
        return problem(
            request, HTTP_401_UNAUTHORIZED, exc.message, headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(exc, Forbidden):
        return problem(request, HTTP_403_FORBIDDEN, exc.message)
    if isinstance(exc, Conflict):
        return problem(request, HTTP_409_CONFLICT, exc.message)
    if isinstance(exc, PayloadTooLarge):
        return problem(request, 413, exc.message)
    if isinstance(exc, TooManyRequests):
        return problem(
            request, 429, exc.message, headers={"Retry-After": str(exc.retry_after_seconds)}
        )
    return problem(request, HTTP_400_BAD_REQUEST, exc.message)


def _domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Problem]:
    params = [InvalidParam(name=exc.field, reason=exc.message)] if exc.field else None
    return problem(request, HTTP_422_UNPROCESSABLE_ENTITY, exc.message, invalid_params=params)


def _validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Problem]:
    params = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict):
            params.append(
                InvalidParam(name=str(item.get("key") or "body"), reason=str(item.get("message")))
            )
    return problem(
        request,
        HTTP_400_BAD_REQUEST,
        "The request is not valid: " + exc.detail,
        invalid_params=params or None,
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    headers = {k: v for k, v in (exc.headers or {}).items()}
    detail = exc.detail if exc.status_code < 500 else None
    return problem(request, exc.status_code, detail, headers=headers)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    # Plain traceback without local variables: locals could hold tokens or passwords.
    log.error("Unhandled %s on %s", type(exc).__name__, request.url.path, exc_info=exc)
    return problem(request, HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side.")


def _recursion_error(request: Request[Any, Any, Any], exc: RecursionError) -> Response[Problem]:
    # msgspec gives up on a body nested deeper than Python's recursion limit: that is the
    # client's body, not our bug, and must not be a 500 (anyone can send it to the login).
    if "deserializ" in str(exc):
        return problem(request, HTTP_400_BAD_REQUEST, "The JSON body is nested too deeply.")
    return _unexpected(request, exc)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    RecursionError: _recursion_error,
    ApplicationError: _application_error,
    DomainError: _domain_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    Exception: _unexpected,
}
