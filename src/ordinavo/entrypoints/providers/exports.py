"""Wiring of personal-data exports that every app may hold: reading a portal user's export,
the staff export of a contact and the close requests. Building an export needs the portal's
document encoder: the portal app and the worker add `my_data_exports` (portal_api)."""

from __future__ import annotations

from dishka import Provider, Scope

from ordinavo.application.use_cases.exports.download_my_data_export import (
    DownloadMyDataExport,
)
from ordinavo.application.use_cases.exports.export_contact_data import ExportContactData
from ordinavo.application.use_cases.exports.show_my_data_export import ShowMyDataExport
from ordinavo.application.use_cases.portal.request_account_closure import (
    RequestAccountClosure,
)
from ordinavo.application.use_cases.portal_access.list_close_requests import ListCloseRequests


def export_use_cases() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for use_case in (
        ShowMyDataExport,
        DownloadMyDataExport,
        ExportContactData,
        RequestAccountClosure,
        ListCloseRequests,
    ):
        provider.provide(use_case)
    return provider
