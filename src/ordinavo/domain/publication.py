"""Publication: the explicit act that puts an approved report on the portal.

Nothing reaches the portal by default. Publishing needs an approved report and the texts
written for the customer; unpublishing takes it off at once. Attachments are released one by
one, separately from the report, and a release can be withdrawn.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ordinavo.domain.attachments import Attachment
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.reports import PortalTexts, Publication, ReportStatus, VisitReport


def publish(report: VisitReport, texts: PortalTexts, by: UUID, now: datetime) -> Publication:
    """Publish (or re-publish with new texts) an approved report."""
    if report.status is not ReportStatus.APPROVED:
        raise RuleViolation(
            "Only an approved report can be published; this one is "
            f"{report.status.value.replace('_', ' ')}."
        )
    publication = Publication(texts.validated(), by, now)
    report.publication = publication
    report.updated_at = now
    return publication


def unpublish(report: VisitReport, now: datetime) -> None:
    if report.publication is None:
        raise RuleViolation("The report is not published.")
    report.publication = None
    report.updated_at = now


def release(attachment: Attachment, by: UUID, now: datetime) -> bool:
    """Release one report attachment for the portal. Returns False if it already was."""
    if attachment.report_id is None:
        raise RuleViolation("Only attachments of a visit report can be released.")
    if attachment.released_at is not None:
        return False
    attachment.released_at = now
    attachment.released_by = by
    return True


def withdraw_release(attachment: Attachment) -> bool:
    """Returns False if the attachment was not released."""
    if attachment.released_at is None:
        return False
    attachment.released_at = None
    attachment.released_by = None
    return True
