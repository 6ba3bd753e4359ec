"""What a signed-in portal user reads, in one place: the portal app mounts these, and staff
previews (internal_api/portal_preview.py) mount the very same controllers, so a preview
answers what the portal answers and cannot drift from it.

A new portal GET goes into one of these groups, or into NOT_PREVIEWED with its reason; the
preview test fails otherwise."""

from __future__ import annotations

from ordinavo.entrypoints.portal_api.controllers import MeController, PortalLocationController
from ordinavo.entrypoints.portal_api.exports import MyDataExportStatusController
from ordinavo.entrypoints.portal_api.notifications import NotificationPreferenceController
from ordinavo.entrypoints.portal_api.planned_work import (
    PortalAppointmentController,
    PortalWorkController,
)
from ordinavo.entrypoints.portal_api.reports import (
    PortalFollowUpController,
    PortalReportController,
)
from ordinavo.entrypoints.portal_api.requests import PortalRequestController
from ordinavo.entrypoints.portal_api.timeline import my_timeline

# About the portal account itself: a contact not yet invited has none.
ACCOUNT_READS = (MeController, NotificationPreferenceController, MyDataExportStatusController)
# The records the grants show.
RECORD_READS = (
    PortalLocationController,
    PortalAppointmentController,
    PortalWorkController,
    PortalRequestController,
    PortalReportController,
    PortalFollowUpController,
    my_timeline,
)

# Portal GETs no preview offers, and why.
NOT_PREVIEWED = {
    "/invitations/{token}": "public: the invitation link, no signed-in user",
    "/password-reset/{token}": "public: the reset link, no signed-in user",
    "/unsubscribe/{token}": "public: the unsubscribe link, no signed-in user",
    "/calendar/{feed}": "public: the calendar feed's secret address is its credential",
    "/files/{file_id}": "a file's contents: previews show file names, never the files",
    "/me/export/download": "the user's personal data export: only its owner downloads it",
}
