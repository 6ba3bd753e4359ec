"""Document every error response as RFC 9457 `application/problem+json`.

Litestar documents errors as `application/json`; this rewrites the generated document once,
at start-up, so clients and schema fuzzers see what the server really sends.
"""

from __future__ import annotations

from typing import Any

import msgspec
import msgspec.inspect
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)

from ordinavo.domain.attachments import ACCEPTED_TYPES
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


def problem_response(code: str) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=_DESCRIPTIONS.get(code, "An error."),
        content={PROBLEM_JSON: OpenAPIMediaType(schema=Reference("#/components/schemas/Problem"))},
    )


def close_request_schemas(openapi: OpenAPI, closed: set[str]) -> None:
    """Request bodies refuse unknown fields; say so, so clients and fuzzers know."""
    for name, schema in (openapi.components.schemas or {}).items():
        if name in closed and isinstance(schema, Schema):
            schema.additional_properties = False


def document_security(
    openapi: OpenAPI, schemes: dict[str, SecurityScheme], public: set[tuple[str, str]]
) -> None:
    """Every operation says how to authenticate: any one of the app's schemes, or none for the
    few public ones (sign-in, invitation and reset links, calendar feeds)."""
    if openapi.components is None:
        openapi.components = Components()
    openapi.components.security_schemes = dict(schemes)
    anyone_of = [{name: []} for name in schemes]
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(item, method, None)
            if operation is not None:
                operation.security = [] if (method, path) in public else list(anyone_of)


def document_uploads(openapi: OpenAPI, uploads: set[tuple[str, str]]) -> None:
    """Upload routes read the raw body, so Litestar sees no body to document: say which file
    types they take (the content must also be what its type says: 422 otherwise)."""
    for path, item in (openapi.paths or {}).items():
        for method in ("post", "put"):
            operation = getattr(item, method, None)
            if operation is None or (method, path) not in uploads:
                continue
            operation.request_body = RequestBody(
                required=True,
                description="The file's bytes; Content-Type is one of the types listed. The "
                "bytes must match the type (a PDF starts with %PDF-, a PNG with its signature).",
                content={
                    media_type: OpenAPIMediaType(
                        schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                    )
                    for media_type in sorted(ACCEPTED_TYPES)
                },
            )


def operation_id(handler: Any, method: Any, path_components: Any) -> str:
    """`listAppointments`, not `AppointmentsListAppointments`: the handler's own name, in
    camelCase (generated clients name their methods after it). A handler mounted twice (the
    portal's reads in staff previews) gets its router's `operation_prefix`: `previewShowMe`."""
    first, *rest = handler.handler_name.split("_")
    prefix = handler.opt.get("operation_prefix")
    if prefix:
        return prefix + first.capitalize() + "".join(word.capitalize() for word in rest)
    return first + "".join(word.capitalize() for word in rest)


_ZERO_BOUNDS = {
    "ge": "minimum",
    "gt": "exclusive_minimum",
    "le": "maximum",
    "lt": "exclusive_maximum",
    "min_length": "min_length",
}


def _bounds(field_type: msgspec.inspect.Type) -> dict[str, int | float]:
    """Bounds of zero on a field's number or text type (also inside `X | None`)."""
    found: dict[str, int | float] = {}
    types = field_type.types if isinstance(field_type, msgspec.inspect.UnionType) else [field_type]
    for member in types:
        for bound in _ZERO_BOUNDS:
            if getattr(member, bound, None) == 0:
                found[bound] = 0
    return found


def restore_zero_bounds(openapi: OpenAPI, structs: dict[str, type[msgspec.Struct] | None]) -> None:
    """Litestar drops a bound whose value is 0 (`ge=0` is falsy), so `travelMinutes >= 0` read
    as any number and fuzzers sent -1; put the bounds back from the Structs themselves."""
    schemas = (openapi.components.schemas if openapi.components else None) or {}
    for name, struct in structs.items():
        schema = schemas.get(name)
        if struct is None or not isinstance(schema, Schema) or not schema.properties:
            continue
        for field in msgspec.inspect.type_info(struct).fields:  # type: ignore[attr-defined]
            prop = schema.properties.get(field.encode_name)
            if not isinstance(prop, Schema):
                continue
            for bound, value in _bounds(field.type).items():
                if getattr(prop, _ZERO_BOUNDS[bound]) is None:
                    setattr(prop, _ZERO_BOUNDS[bound], value)


def _header_without_null(parameter: Any) -> None:
    """An optional header is there or not; it cannot be null. Litestar documents `str | None`
    as "string or null", and fuzzers then send an empty header for the null."""
    schema = getattr(parameter, "schema", None)
    if getattr(parameter, "param_in", None) != "header" or not isinstance(schema, Schema):
        return
    members = [m for m in schema.one_of or [] if getattr(m, "type", None) != OpenAPIType.NULL]
    if schema.one_of and len(members) == 1 and isinstance(members[0], Schema):
        schema.type, schema.format, schema.one_of = members[0].type, members[0].format, None


def document_problems(
    app: Litestar, public_paths: set[str], closed: dict[str, type[msgspec.Struct] | None]
) -> None:
    plugin = app.plugins.get(OpenAPIPlugin)
    openapi = plugin.provide_openapi()
    close_request_schemas(openapi, set(closed))
    restore_zero_bounds(openapi, closed)
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
            for parameter in operation.parameters or []:
                _header_without_null(parameter)
            names = {getattr(p, "name", None) for p in operation.parameters or []}
            if {"from", "to", "cursor"} & names:
                # A time range longer than a list allows; a cursor of the right shape that
                # this API did not issue for this list.
                codes.add("422")
            if "day" in names:
                # A day out of reach; someone else's route is as if it did not exist.
                codes |= {"404", "422"}

            for code in list(responses):
                if code[0] in "45":
                    codes.add(code)
            for code in codes:
                if code == "503" and path == "/ready":
                    continue
                responses[code] = problem_response(code)
            operation.responses = responses
