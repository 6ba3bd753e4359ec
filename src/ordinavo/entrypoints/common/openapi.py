"""Document every error response as RFC 9457 `application/problem+json`.

Litestar documents errors as `application/json`; this rewrites the generated document once,
at start-up, so clients and schema fuzzers see what the server really sends.
"""

from __future__ import annotations

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    Schema,
)

from ordinavo.entrypoints.common.problems import PROBLEM_JSON

_PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "title", "status"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "instance": Schema(type=OpenAPIType.STRING),
        "invalidParams": Schema(
            type=OpenAPIType.ARRAY,
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["name", "reason"],
                properties={
                    "name": Schema(type=OpenAPIType.STRING),
                    "reason": Schema(type=OpenAPIType.STRING),
                },
            ),
        ),
    },
    description="An RFC 9457 problem document.",
)

_DESCRIPTIONS = {
    "400": "The request is malformed or fails validation.",
    "401": "Authentication is missing, expired or revoked.",
    "403": "The caller may not do this.",
    "404": "Not found, or not visible to the caller.",
    "409": "The change collides with existing data or the object's state.",
    "413": "The request body is too large.",
    "422": "The request breaks a business rule.",
    "429": "Too many requests; retry after the time in Retry-After.",
    "500": "An unexpected error on the server.",
    "503": "A dependency (the database) is unavailable.",
}


def _problem_response(code: str) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=_DESCRIPTIONS.get(code, "An error."),
        content={PROBLEM_JSON: OpenAPIMediaType(schema=Reference("#/components/schemas/Problem"))},
    )


def document_problems(app: Litestar, public_paths: set[str]) -> None:
    plugin = app.plugins.get(OpenAPIPlugin)
    openapi = plugin.provide_openapi()
    if openapi.components is None:
        openapi.components = Components()
    if openapi.components.schemas is None:
        openapi.components.schemas = {}
    openapi.components.schemas["Problem"] = _PROBLEM_SCHEMA
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(item, method, None)
            if operation is None:
                continue
            responses = operation.responses or {}
            codes = {"400", "500"}
            if path not in public_paths:
                codes |= {"401", "403"}
            if "{" in path:
                codes.add("404")
            if method in ("post", "put", "patch", "delete"):
                codes |= {"409", "413", "422"}
            if path == "/ready":
                codes.add("503")
            for code in list(responses):
                if code[0] in "45":
                    codes.add(code)
            for code in codes:
                if code == "503" and path == "/ready":
                    continue
                responses[code] = _problem_response(code)
            operation.responses = responses
