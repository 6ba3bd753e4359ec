"""The document of a portal user's own export: closed allow-list Structs, as every portal answer.

Requests are encoded by the same function as `GET /requests`, so the export shows a request
exactly as the portal does and no more.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from dishka import Provider, Scope

from ordinavo.application.ports.exports import MyData, MyDataEncoder
from ordinavo.application.use_cases.exports.build_data_export import BuildDataExport
from ordinavo.application.use_cases.exports.start_my_data_export import StartMyDataExport
from ordinavo.entrypoints.portal_api.requests import request_out
from ordinavo.entrypoints.portal_api.schemas import (
    CapabilitiesOut,
    NotificationChoiceOut,
    PortalOutput,
    PortalRequestOut,
)

FORMAT = "ordinavo.portal-data-export/1"


class ExportProfileOut(PortalOutput):
    name: str
    email: str
    language: str


class ExportLocationOut(PortalOutput):
    name: str
    address_line: str
    postal_code: str | None
    city: str
    country: str


class ExportGrantOut(PortalOutput):
    customer_name: str
    whole_customer: bool
    locations: list[ExportLocationOut]
    permissions: CapabilitiesOut


class ExportCommentOut(PortalOutput):
    by: str  # "customer" or "staff"; staff stay anonymous, as in the portal
    mine: bool
    body: str
    created_at: datetime


class ExportRequestOut(PortalOutput):
    request: PortalRequestOut
    conversation: list[ExportCommentOut]


class ExportFileOut(PortalOutput):
    request_id: UUID | None
    name: str
    media_type: str
    size: int
    uploaded_at: datetime


class ExportSessionOut(PortalOutput):
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


class ExportSignInOut(PortalOutput):
    at: datetime
    kind: str
    client_address: str | None


class MyDataDocument(PortalOutput):
    format: str
    generated_at: datetime
    profile: ExportProfileOut
    access: list[ExportGrantOut]
    requests: list[ExportRequestOut]
    files: list[ExportFileOut]
    sessions: list[ExportSessionOut]
    sign_ins: list[ExportSignInOut]
    notifications: list[NotificationChoiceOut]


def document_of(data: MyData) -> MyDataDocument:
    return MyDataDocument(
        format=FORMAT,
        generated_at=data.generated_at,
        profile=ExportProfileOut(name=data.name, email=data.email, language=data.language),
        access=[
            ExportGrantOut(
                customer_name=g.customer_name,
                whole_customer=g.whole_customer,
                locations=[
                    ExportLocationOut(
                        name=loc.name,
                        address_line=loc.address_line,
                        postal_code=loc.postal_code,
                        city=loc.city,
                        country=loc.country,
                    )
                    for loc in g.locations
                ],
                permissions=CapabilitiesOut(
                    submit_requests=g.capabilities.submit_requests,
                    see_reports=g.capabilities.see_reports,
                    download_attachments=g.capabilities.download_attachments,
                ),
            )
            for g in data.grants
        ],
        requests=[
            ExportRequestOut(
                request=request_out(r.request),
                conversation=[
                    ExportCommentOut(
                        by="customer" if c.by_customer else "staff",
                        mine=c.mine,
                        body=c.body,
                        created_at=c.created_at,
                    )
                    for c in r.comments
                ],
            )
            for r in data.requests
        ],
        files=[
            ExportFileOut(
                request_id=f.request_id,
                name=f.file_name,
                media_type=f.media_type,
                size=f.size,
                uploaded_at=f.uploaded_at,
            )
            for f in data.files
        ],
        sessions=[
            ExportSessionOut(
                started_at=s.started_at, last_seen_at=s.last_seen_at, ended_at=s.ended_at
            )
            for s in data.sessions
        ],
        sign_ins=[
            ExportSignInOut(at=s.at, kind=s.kind, client_address=s.client_address)
            for s in data.sign_ins
        ],
        notifications=[
            NotificationChoiceOut(kind=k.value, receive=on) for k, on in data.notifications
        ],
    )


class JsonMyDataEncoder:
    media_type = "application/json"

    def encode(self, data: MyData) -> bytes:
        return msgspec.json.format(msgspec.json.encode(document_of(data)), indent=2)


def my_data_exports() -> Provider:
    """The encoder and the start of an export, for the portal app."""
    provider = Provider(scope=Scope.REQUEST)
    provider.provide(JsonMyDataEncoder, provides=MyDataEncoder, scope=Scope.APP)
    provider.provide(StartMyDataExport)
    return provider


def export_builder() -> Provider:
    """The encoder and the builder of waiting exports, for the worker."""
    provider = Provider(scope=Scope.REQUEST)
    provider.provide(JsonMyDataEncoder, provides=MyDataEncoder, scope=Scope.APP)
    provider.provide(BuildDataExport)
    return provider
