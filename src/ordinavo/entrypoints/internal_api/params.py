"""Query parameters shared by the internal lists."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from litestar.params import Parameter, QueryParameter

from ordinavo.entrypoints.common.paging import Cursor, Limit
from ordinavo.entrypoints.common.text import NO_CONTROL_CHARACTERS

__all__ = [
    "AssignedTo",
    "ByActor",
    "Cursor",
    "ForCustomer",
    "ForTarget",
    "FromSource",
    "Limit",
    "Search",
    "Since",
    "StartsBefore",
    "StartsFrom",
    "SubmittedAfter",
    "SubmittedBefore",
    "Until",
    "WithLocation",
    "WithOutcome",
]

# Query parameters are camelCase, like the bodies and the portal.
ForCustomer = Annotated[
    UUID | None, QueryParameter(name="customerId", description="Only this customer's")
]
WithLocation = Annotated[
    UUID | None, QueryParameter(name="locationId", description="Only at this location")
]
ForTarget = Annotated[UUID | None, QueryParameter(name="targetId", description="Only this work")]
AssignedTo = Annotated[
    UUID | None, QueryParameter(name="assignedTo", description="Only assigned to this staff user")
]
StartsFrom = Annotated[
    datetime | None, QueryParameter(name="startsFrom", description="Starting at or after this")
]
StartsBefore = Annotated[
    datetime | None, QueryParameter(name="startsBefore", description="Starting before this")
]
SubmittedAfter = Annotated[
    datetime | None, QueryParameter(name="submittedAfter", description="Submitted after this")
]
ByActor = Annotated[UUID | None, QueryParameter(name="actorId", description="Done by this actor")]
Since = Annotated[datetime | None, QueryParameter(name="from", description="At or after this")]
Until = Annotated[datetime | None, QueryParameter(name="to", description="Before this")]
SubmittedBefore = Annotated[
    datetime | None, QueryParameter(name="submittedBefore", description="Submitted before this")
]

Search = Annotated[
    str | None,
    Parameter(
        max_length=100, pattern=NO_CONTROL_CHARACTERS, description="Text to look for in names"
    ),
]

# Connect: a connected system by its key, a record's outcome in an import.
FromSource = Annotated[
    str | None,
    QueryParameter(
        name="source",
        pattern=r"^[a-z][a-z0-9_-]{1,39}$",
        description="Only this connected system's (its key)",
    ),
]
WithOutcome = Annotated[
    Literal["created", "updated", "unchanged", "skipped", "failed"] | None,
    QueryParameter(name="outcome", description="Only records with this outcome"),
]
