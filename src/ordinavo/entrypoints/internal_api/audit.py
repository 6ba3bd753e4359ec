from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.params import QueryParameter

from ordinavo.application.use_cases.audit.list_audit_entries import ListAuditEntries
from ordinavo.application.use_cases.audit.list_events import ListEvents
from ordinavo.domain.audit import AuditQuery
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.internal_api.params import ByActor, Cursor, Limit, Since, Until
from ordinavo.entrypoints.internal_api.presenters import audit_entry_out
from ordinavo.entrypoints.internal_api.schemas import AuditEntryOut, EventOut

Action = Annotated[
    str | None,
    QueryParameter(
        name="action",
        pattern=r"^[a-z_]{1,40}\.[a-z_]{1,40}$",
        description="One action, e.g. customer.created",
    ),
]
ObjectType = Annotated[
    str | None,
    QueryParameter(
        name="objectType", pattern=r"^[a-z_]{1,40}$", description="Kind of object, e.g. customer"
    ),
]
ObjectId = Annotated[UUID | None, QueryParameter(name="objectId", description="One object")]


class AuditController(Controller):
    path = "/"
    tags = ["audit"]

    @get(
        "/audit-entries",
        summary="The tenant's audit trail (tenant admins), by actor, action, object and time",
    )
    async def list_audit_entries(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListAuditEntries],
        limit: Limit = 50,
        cursor: Cursor = None,
        actor_id: ByActor = None,
        action: Action = None,
        object_type: ObjectType = None,
        object_id: ObjectId = None,
        since: Since = None,
        until: Until = None,
    ) -> PageOf[AuditEntryOut]:
        where = AuditQuery(
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            since=since,
            until=until,
        )
        page = await use_case(actor, page_request(limit, cursor), where)
        return PageOf(
            items=[
                audit_entry_out(e) for e in page.items
            ],
            next_cursor=encode_cursor(page.next_after),
        )

    @get("/events", summary="The tenant's domain events (tenant admins)")
    async def list_events(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListEvents],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[EventOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[
                EventOut(
                    id=e.id,
                    type=e.type,
                    occurred_at=e.occurred_at,
                    subject_type=e.subject_type,
                    subject_id=e.subject_id,
                    customer_id=e.customer_id,
                    location_id=e.location_id,
                    actor_type=e.actor_type,
                    payload=dict(e.payload),
                )
                for e in page.items
            ],
            next_cursor=encode_cursor(page.next_after),
        )
