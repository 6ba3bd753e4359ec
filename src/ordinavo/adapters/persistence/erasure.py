"""Bulk removals behind customer deletion, anonymisation and contact erasure.

Every statement names the tenant, and children go before their parents, so the foreign keys
hold on both databases without relying on cascades. Each method is idempotent: what is gone
is not looked for again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.connect.mappers import erased_record_json
from ordinavo.adapters.persistence.connect.models import (
    ConnectLinkModel,
    ImportJobModel,
    ImportResultModel,
)
from ordinavo.adapters.persistence.exports.models import DataExportModel
from ordinavo.adapters.persistence.mail.models import (
    NotificationPreferenceModel,
    OutgoingMailModel,
    VisitReminderModel,
)
from ordinavo.adapters.persistence.models import (
    DELETING,
    ContactModel,
    CustomerModel,
    EventModel,
    LocationModel,
)
from ordinavo.adapters.persistence.portal_models import (
    ContactPartnerModel,
    GrantLocationModel,
    GrantModel,
    InvitationModel,
    PasswordResetModel,
    PortalSessionModel,
    PortalUserModel,
    SecurityEventModel,
)
from ordinavo.adapters.persistence.recurring.models import (
    RecurringOccurrenceModel,
    RecurringPlanModel,
)
from ordinavo.adapters.persistence.report_models import (
    AttachmentDownloadModel,
    AttachmentModel,
    BillingTriggerModel,
    FollowUpModel,
    VisitReportModel,
)
from ordinavo.adapters.persistence.request_models import (
    IdempotencyKeyModel,
    RequestCommentModel,
    RequestModel,
)
from ordinavo.adapters.persistence.tenant_binding import bind_tenant
from ordinavo.adapters.persistence.webhooks.models import (
    WebhookAttemptModel,
    WebhookDeliveryModel,
)
from ordinavo.adapters.persistence.work_models import (
    AppointmentModel,
    CalendarFeedModel,
    TargetModel,
)
from ordinavo.domain.connect import ERASED_MESSAGE

# A waiting batch's fields that name a parent record, and the parent's kind.
_PARENT_FIELDS = {
    "customerExternalId": "customer",
    "locationExternalId": "location",
    "targetExternalId": "target",
}
_IN_CHUNK = 500


class SqlaCustomerErasure:
    def __init__(self, session: AsyncSession, tenant_id: UUID) -> None:
        self.__session = session
        self._tenant_id = tenant_id

    @property
    def _session(self) -> AsyncSession:
        bind_tenant(self.__session, self._tenant_id)
        return self.__session

    def _ids(self, model: Any, column: Any, value: Any) -> Select[Any]:
        return select(model.id).where(model.tenant_id == self._tenant_id, column == value)

    async def _delete(self, model: Any, *conditions: Any) -> None:
        await self._session.execute(
            delete(model)
            .where(model.tenant_id == self._tenant_id, *conditions)
            .execution_options(synchronize_session=False)
        )

    async def _update(self, model: Any, values: dict[str, Any], *conditions: Any) -> None:
        await self._session.execute(
            update(model)
            .where(model.tenant_id == self._tenant_id, *conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    async def mark_deleting(self, customer_id: UUID) -> None:
        await self._update(CustomerModel, {"status": DELETING}, CustomerModel.id == customer_id)

    async def being_deleted(self, customer_id: UUID) -> bool:
        status = await self._session.scalar(
            select(CustomerModel.status).where(
                CustomerModel.tenant_id == self._tenant_id, CustomerModel.id == customer_id
            )
        )
        return status == DELETING

    # -- portal access -------------------------------------------------------------------

    async def _going_users(self, customer_id: UUID) -> list[UUID]:
        contacts = self._ids(ContactModel, ContactModel.customer_id, customer_id)
        own = select(PortalUserModel.id).where(
            PortalUserModel.tenant_id == self._tenant_id, PortalUserModel.contact_id.in_(contacts)
        )
        granted = self._ids(GrantModel, GrantModel.customer_id, customer_id).with_only_columns(
            GrantModel.portal_user_id
        )
        elsewhere = select(GrantModel.portal_user_id).where(
            GrantModel.tenant_id == self._tenant_id, GrantModel.customer_id != customer_id
        )
        only_here = granted.where(GrantModel.portal_user_id.not_in(elsewhere))
        rows = await self._session.scalars(own.union(only_here))
        return sorted(set(rows))

    async def _remove_portal_users(self, user_ids: list[UUID]) -> None:
        if not user_ids:
            return
        # Sessions first, in their own statement: whatever follows, the accounts are shut.
        await self._delete(PortalSessionModel, PortalSessionModel.portal_user_id.in_(user_ids))
        authored = select(RequestModel.id).where(
            RequestModel.tenant_id == self._tenant_id, RequestModel.author_id.in_(user_ids)
        )
        await self._remove_requests_in(authored)
        grants = select(GrantModel.id).where(
            GrantModel.tenant_id == self._tenant_id, GrantModel.portal_user_id.in_(user_ids)
        )
        await self._delete(GrantLocationModel, GrantLocationModel.grant_id.in_(grants))
        for model in (
            IdempotencyKeyModel,
            DataExportModel,  # a copy of their data: explicit, not left to a cascade
            AttachmentDownloadModel,
            CalendarFeedModel,
            NotificationPreferenceModel,
            PasswordResetModel,
            InvitationModel,
            GrantModel,
            SecurityEventModel,  # client addresses are personal data
        ):
            await self._delete(model, model.portal_user_id.in_(user_ids))
        emails = select(PortalUserModel.email).where(
            PortalUserModel.tenant_id == self._tenant_id, PortalUserModel.id.in_(user_ids)
        )
        await self._delete(OutgoingMailModel, OutgoingMailModel.recipient.in_(emails))
        await self._delete(PortalUserModel, PortalUserModel.id.in_(user_ids))

    async def remove_portal_access(self, customer_id: UUID) -> list[UUID]:
        going = await self._going_users(customer_id)
        await self._remove_portal_users(going)
        grants = self._ids(GrantModel, GrantModel.customer_id, customer_id)
        locations = self._ids(LocationModel, LocationModel.customer_id, customer_id)
        await self._delete(
            GrantLocationModel,
            GrantLocationModel.grant_id.in_(grants) | GrantLocationModel.location_id.in_(locations),
        )
        await self._delete(GrantModel, GrantModel.customer_id == customer_id)
        # Partner relations: its contacts' of other customers, other contacts' of this one.
        contacts = self._ids(ContactModel, ContactModel.customer_id, customer_id)
        await self._delete(
            ContactPartnerModel,
            (ContactPartnerModel.customer_id == customer_id)
            | ContactPartnerModel.contact_id.in_(contacts),
        )
        return going

    # -- events and mail ---------------------------------------------------------------

    async def _remove_deliveries(self, customer_id: UUID) -> None:
        events = self._ids(EventModel, EventModel.customer_id, customer_id)
        deliveries = select(WebhookDeliveryModel.id).where(
            WebhookDeliveryModel.tenant_id == self._tenant_id,
            WebhookDeliveryModel.event_id.in_(events),
        )
        await self._delete(WebhookAttemptModel, WebhookAttemptModel.delivery_id.in_(deliveries))
        await self._delete(WebhookDeliveryModel, WebhookDeliveryModel.event_id.in_(events))

    async def remove_events(self, customer_id: UUID) -> None:
        await self._remove_deliveries(customer_id)
        await self._delete(EventModel, EventModel.customer_id == customer_id)

    async def empty_events(self, customer_id: UUID) -> None:
        await self._remove_deliveries(customer_id)
        await self._update(EventModel, {"payload": {}}, EventModel.customer_id == customer_id)

    async def remove_mail(self, customer_id: UUID) -> None:
        emails = select(ContactModel.email).where(
            ContactModel.tenant_id == self._tenant_id,
            ContactModel.customer_id == customer_id,
            ContactModel.email.is_not(None),
        )
        await self._delete(OutgoingMailModel, OutgoingMailModel.recipient.in_(emails))

    # -- reports, requests, plans, work ------------------------------------------------

    async def _remove_attachments(self, condition: Any) -> None:
        attachments = select(AttachmentModel.id).where(
            AttachmentModel.tenant_id == self._tenant_id, condition
        )
        await self._delete(
            AttachmentDownloadModel, AttachmentDownloadModel.attachment_id.in_(attachments)
        )
        await self._delete(AttachmentModel, condition)

    async def remove_reports(self, customer_id: UUID) -> None:
        await self._remove_attachments(AttachmentModel.customer_id == customer_id)
        targets = self._ids(TargetModel, TargetModel.customer_id, customer_id)
        # Another customer's follow-up never plans work here, but the column allows it.
        await self._update(
            FollowUpModel,
            {"planned_target_id": None},
            FollowUpModel.planned_target_id.in_(targets),
            FollowUpModel.customer_id != customer_id,
        )
        reports = self._ids(VisitReportModel, VisitReportModel.customer_id, customer_id)
        for model in (FollowUpModel, BillingTriggerModel):
            await self._delete(
                model, (model.customer_id == customer_id) | model.report_id.in_(reports)
            )
        await self._delete(VisitReportModel, VisitReportModel.customer_id == customer_id)

    async def _remove_requests_in(self, requests: Select[Any]) -> None:
        await self._remove_attachments(AttachmentModel.request_id.in_(requests))
        await self._delete(IdempotencyKeyModel, IdempotencyKeyModel.request_id.in_(requests))
        await self._delete(RequestCommentModel, RequestCommentModel.request_id.in_(requests))
        await self._delete(RequestModel, RequestModel.id.in_(requests))

    async def remove_requests(self, customer_id: UUID) -> None:
        await self._remove_requests_in(
            self._ids(RequestModel, RequestModel.customer_id, customer_id)
        )

    async def remove_recurring_plans(self, customer_id: UUID) -> None:
        plans = self._ids(RecurringPlanModel, RecurringPlanModel.customer_id, customer_id)
        await self._delete(RecurringOccurrenceModel, RecurringOccurrenceModel.plan_id.in_(plans))
        await self._delete(RecurringPlanModel, RecurringPlanModel.customer_id == customer_id)

    async def remove_work(self, customer_id: UUID) -> None:
        appointments = self._ids(AppointmentModel, AppointmentModel.customer_id, customer_id)
        await self._delete(VisitReminderModel, VisitReminderModel.appointment_id.in_(appointments))
        await self._delete(AppointmentModel, AppointmentModel.customer_id == customer_id)
        await self._delete(TargetModel, TargetModel.customer_id == customer_id)

    async def remove_contacts_and_locations(self, customer_id: UUID) -> None:
        # Accounts of its contacts went with the portal access; one added since goes here.
        contacts = self._ids(ContactModel, ContactModel.customer_id, customer_id)
        late = await self._session.scalars(
            select(PortalUserModel.id).where(
                PortalUserModel.tenant_id == self._tenant_id,
                PortalUserModel.contact_id.in_(contacts),
            )
        )
        await self._remove_portal_users(list(late))
        # A partner relation recorded since the portal access went, likewise.
        await self._delete(
            ContactPartnerModel,
            (ContactPartnerModel.customer_id == customer_id)
            | ContactPartnerModel.contact_id.in_(contacts),
        )
        await self._delete(ContactModel, ContactModel.customer_id == customer_id)
        locations = self._ids(LocationModel, LocationModel.customer_id, customer_id)
        await self._delete(GrantLocationModel, GrantLocationModel.location_id.in_(locations))
        await self._delete(LocationModel, LocationModel.customer_id == customer_id)

    async def remove_customer(self, customer_id: UUID) -> None:
        await self._delete(CustomerModel, CustomerModel.id == customer_id)

    # -- Connect: links, per-record results, waiting batches ---------------------------

    def _imported_records(self, customer_id: UUID) -> dict[str, Any]:
        """Every record of the customer a connected system may have sent, by kind."""
        return {
            "customer": [customer_id],
            "location": self._ids(LocationModel, LocationModel.customer_id, customer_id),
            "contact": self._ids(ContactModel, ContactModel.customer_id, customer_id),
            "target": self._ids(TargetModel, TargetModel.customer_id, customer_id),
            "appointment": self._ids(AppointmentModel, AppointmentModel.customer_id, customer_id),
        }

    async def forget_imported(self, customer_id: UUID) -> None:
        await self._forget_imported(self._imported_records(customer_id))

    async def _forget_imported(self, records: Mapping[str, Any]) -> None:
        """The links of connected systems to these records (kind: ids) go, so nothing ties a
        source's id to them any more and the next import of it creates a record anew. The
        per-record results naming them, by record or by the linked external id, keep only
        their outcome; entries of batches still waiting that would write them (or a child of
        them) again are blanked."""

        def naming(model: Any) -> ColumnElement[bool]:
            return or_(
                *(
                    and_(model.kind == kind, model.record_id.in_(ids))
                    for kind, ids in records.items()
                )
            )

        link = ConnectLinkModel
        rows = await self._session.execute(
            select(link.source_id, link.kind, link.external_id).where(
                link.tenant_id == self._tenant_id, naming(link)
            )
        )
        linked: dict[tuple[UUID, str], list[str]] = {}
        for source_id, kind, external_id in rows:
            linked.setdefault((source_id, kind), []).append(external_id)
        result = ImportResultModel
        scrub = {"external_id": "", "record_id": None, "warnings": [], "message": ERASED_MESSAGE}
        await self._update(result, scrub, naming(result))
        for (source_id, kind), external_ids in linked.items():
            jobs = self._ids(ImportJobModel, ImportJobModel.source_id, source_id)
            for start in range(0, len(external_ids), _IN_CHUNK):
                await self._update(
                    result,
                    scrub,
                    result.job_id.in_(jobs),
                    result.kind == kind,
                    result.external_id.in_(external_ids[start : start + _IN_CHUNK]),
                )
        await self._blank_waiting_batches(linked)
        await self._delete(link, naming(link))

    async def _blank_waiting_batches(self, linked: dict[tuple[UUID, str], list[str]]) -> None:
        sources = {source_id for source_id, _ in linked}
        if not sources:
            return
        erased = {(s, k, e) for (s, k), ids in linked.items() for e in ids}
        job = ImportJobModel
        waiting = await self._session.execute(
            select(job.id, job.source_id, job.records).where(
                job.tenant_id == self._tenant_id,
                job.source_id.in_(sources),
                job.records.is_not(None),
            )
        )
        for job_id, source_id, records in waiting:

            def names_erased(raw: dict[str, Any], source_id: UUID = source_id) -> bool:
                if (source_id, raw.get("kind"), raw.get("externalId")) in erased:
                    return True
                data = raw.get("data") or {}
                return any(
                    (source_id, kind, data.get(name)) in erased
                    for name, kind in _PARENT_FIELDS.items()
                )

            blanked = [
                erased_record_json(raw["kind"]) if names_erased(raw) else raw
                for raw in records or []
            ]
            if blanked != records:
                await self._update(job, {"records": blanked}, job.id == job_id)

    # -- anonymising -------------------------------------------------------------------

    async def anonymise(self, customer_id: UUID, name: str) -> None:
        of = customer_id
        await self._update(
            CustomerModel,
            {
                "name": name,
                "email": None,
                "phone": None,
                "website": None,
                "industry": None,
                "internal_notes": None,
                "external_references": [],
            },
            CustomerModel.id == of,
        )
        await self._update(
            ContactModel,
            {
                "name": "",
                "email": None,
                "phone": None,
                "mobile": None,
                "role": None,
                "department": None,
            },
            ContactModel.customer_id == of,
        )
        await self._update(
            LocationModel,
            {"access_notes": None, "parking_notes": None},
            LocationModel.customer_id == of,
        )
        await self._update(
            TargetModel,
            {"internal_notes": None, "billing_details": None},
            TargetModel.customer_id == of,
        )
        await self._update(
            AppointmentModel, {"planning_notes": None}, AppointmentModel.customer_id == of
        )
        await self._update(
            VisitReportModel,
            {
                "summary": None,
                "problems": None,
                "follow_up_description": None,
                "internal_notes": None,
                "review_comment": None,
                "portal_summary": None,
                "customer_message": None,
            },
            VisitReportModel.customer_id == of,
        )
        await self._update(
            FollowUpModel,
            {"description": "", "customer_note": None},
            FollowUpModel.customer_id == of,
        )
        await self._update(
            BillingTriggerModel, {"billing_details": None}, BillingTriggerModel.customer_id == of
        )
        await self._update(
            RecurringPlanModel,
            {"customer_description": None, "checklist": None},
            RecurringPlanModel.customer_id == of,
        )
        requests = self._ids(RequestModel, RequestModel.customer_id, of)
        await self._delete(RequestCommentModel, RequestCommentModel.request_id.in_(requests))
        await self._update(
            RequestModel,
            {"description": "", "customer_reason": None, "contact_id": None},
            RequestModel.customer_id == of,
        )
        await self._remove_attachments(AttachmentModel.customer_id == of)

    # -- one contact person ------------------------------------------------------------

    async def erase_contact(self, contact_id: UUID) -> None:
        users = await self._session.scalars(
            self._ids(PortalUserModel, PortalUserModel.contact_id, contact_id)
        )
        await self._remove_portal_users(list(users))
        await self._delete(ContactPartnerModel, ContactPartnerModel.contact_id == contact_id)
        await self._update(TargetModel, {"contact_id": None}, TargetModel.contact_id == contact_id)
        await self._update(
            RequestModel, {"contact_id": None}, RequestModel.contact_id == contact_id
        )
        email = await self._session.scalar(
            select(ContactModel.email).where(
                ContactModel.tenant_id == self._tenant_id, ContactModel.id == contact_id
            )
        )
        if email:
            await self._delete(OutgoingMailModel, OutgoingMailModel.recipient == email)
        await self._forget_imported({"contact": [contact_id]})
        # Its own events (added, changed: they carry its name) go; the audit keeps the ids.
        events = select(EventModel.id).where(
            EventModel.tenant_id == self._tenant_id,
            EventModel.subject_type == "contact",
            EventModel.subject_id == contact_id,
        )
        deliveries = select(WebhookDeliveryModel.id).where(
            WebhookDeliveryModel.tenant_id == self._tenant_id,
            WebhookDeliveryModel.event_id.in_(events),
        )
        await self._delete(WebhookAttemptModel, WebhookAttemptModel.delivery_id.in_(deliveries))
        await self._delete(WebhookDeliveryModel, WebhookDeliveryModel.event_id.in_(events))
        await self._delete(EventModel, EventModel.id.in_(events))
        await self._delete(ContactModel, ContactModel.id == contact_id)
