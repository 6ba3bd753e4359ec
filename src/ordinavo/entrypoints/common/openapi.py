"""Document every error response as RFC 9457 `application/problem+json`.

Litestar documents errors as `application/json`; this rewrites the generated document once,
at start-up, so clients and schema fuzzers see what the server really sends.
"""

from __future__ import annotations

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
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
    "415": "The request body must be application/json.",
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


def close_request_schemas(openapi: OpenAPI, closed: set[str]) -> None:
    """Request bodies refuse unknown fields; say so, so clients and fuzzers know."""
    for name, schema in (openapi.components.schemas or {}).items():
        if name in closed and isinstance(schema, Schema):
            schema.additional_properties = False


def document_problems(app: Litestar, public_paths: set[str], closed: set[str]) -> None:
    plugin = app.plugins.get(OpenAPIPlugin)
    openapi = plugin.provide_openapi()
    close_request_schemas(openapi, closed)
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
            codes = {"400", "401", "500"}
            public = path in public_paths
            if not public:
                codes.add("403")
            if "{" in path or public:
                codes.add("404")
            if method in ("post", "put", "patch", "delete"):
                # CSRF refusals (403), ids in bodies (404), JSON-only bodies (415), body
                # limits and business rules.
                codes |= {"403", "404", "409", "413", "415", "422"}
            if public:
                codes.add("429")
            if {"from", "to"} & {getattr(p, "name", None) for p in operation.parameters or []}:
                codes.add("422")  # a time range longer than a list allows
            if "day" in {getattr(p, "name", None) for p in operation.parameters or []}:
                # A day out of reach; someone else's route is as if it did not exist.
                codes |= {"404", "422"}

            for code in list(responses):
                if code[0] in "45":
                    codes.add(code)
            for code in codes:
                if code == "503" and path == "/ready":
                    continue
                responses[code] = _problem_response(code)
            operation.responses = responses
