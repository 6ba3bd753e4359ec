"""Notifications and mail sending, run against in-memory fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from ordinavo.application.errors import LinkNotValid
from ordinavo.application.ports.mail import MailPolicy
from ordinavo.application.ports.portal import MailMessage, MailNotSent
from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.mail.send_mail import SendMail
from ordinavo.application.use_cases.notifications.change_my_notification_preferences import (
    ChangeMyNotificationPreferences,
)
from ordinavo.application.use_cases.notifications.notify_portal_users import NotifyPortalUsers
from ordinavo.application.use_cases.notifications.notify_staff import NotifyStaff
from ordinavo.application.use_cases.notifications.unsubscribe import Unsubscribe
from ordinavo.application.use_cases.portal.request_password_reset import RequestPasswordReset
from ordinavo.application.use_cases.portal_access.change_grant import ChangeGrant
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import Role
from ordinavo.domain.mail import MailKind, MailStatus
from ordinavo.domain.reports import (
    PortalTexts,
    Publication,
    ReportContent,
    ReportStatus,
    VisitReport,
)
from ordinavo.domain.requests import PortalRequest, RequestDraft, RequestType
from ordinavo.domain.visibility import PortalSubject
from tests.unit.fakes import NOW, FakeDirectory, FakeLinks, PlainBox
from tests.unit.test_portal_use_cases import World

pytestmark = pytest.mark.asyncio


class Mails(World):
    async def ready(self, locations: frozenset[UUID] = frozenset(), **grant: bool) -> None:
        await self.setup()
        await self.invite(locations)
        await self.accept()
        self.jana_user = self.kit.of_kind("portal_users")[0]
        if grant:
            grant_row = self.kit.of_kind("grants")[0]
            await self.build(ChangeGrant)(
                self.admin, grant_row.id, location_ids=None, capability_changes=grant
            )
        self.kit.store.table("mails").clear()  # the invitation is not what these tests are about

    def notifier(self) -> NotifyPortalUsers:
        return NotifyPortalUsers(self.kit.mail, FakeLinks(), FakeDirectory(self.kit.store))

    async def request_at(self, location_id: UUID, **changes: object) -> PortalRequest:
        request = PortalRequest.submit(
            id=self.kit.ids.new_id(),
            tenant_id=self.tenant.id,
            draft=RequestDraft(
                type=RequestType.SERVICE,
                title="Leaking tap",
                description="Water under the sink.",
                location_id=location_id,
            ),
            customer_id=self.bakery.id,
            author_id=self.jana_user.id,
            contact_id=self.jana.id,
            now=NOW,
        )
        request = replace(request, **changes)  # type: ignore[arg-type]
        await self.kit.uow(self.tenant.id).requests.add(request)
        return request

    async def tell(self, event_type: str, subject_id: UUID) -> int:
        event = DomainEvent(
            id=self.kit.ids.new_id(),
            tenant_id=self.tenant.id,
            type=event_type,
            occurred_at=NOW,
            subject_type=event_type.split(".")[0],
            subject_id=subject_id,
        )
        return len(await self.notifier()(self.kit.uow(self.tenant.id), event))

    def subject(self) -> PortalSubject:
        return PortalSubject(
            user_id=self.jana_user.id,
            tenant_id=self.tenant.id,
            session_id=self.jana_user.id,
            grants=tuple(self.kit.of_kind("grants")),
        )


@pytest.fixture
async def m() -> Mails:
    return Mails()


async def test_an_accepted_request_is_told_to_the_user_whose_grant_covers_it(m: Mails) -> None:
    await m.ready(frozenset())  # the whole bakery
    request = await m.request_at(m.north.id)
    assert await m.tell("request.accepted", request.id) == 1
    [mail] = m.kit.mailer.sent
    assert mail.to == "jana@bakery.example"
    assert mail.subject.startswith("request_accepted")
    assert f"https://portal.example/requests/{request.id}" in mail.text
    assert mail.unsubscribe_url == (
        f"https://portal.example/unsubscribe/{m.tenant.id}.{m.jana_user.id}.request_accepted"
    )


async def test_a_declined_request_carries_the_customer_facing_reason(m: Mails) -> None:
    await m.ready()
    request = await m.request_at(m.north.id, customer_reason="Outside the contract area.")
    await m.tell("request.rejected", request.id)
    assert "reason: Outside the contract area." in m.kit.mailer.sent[-1].text


async def test_a_user_whose_grant_does_not_cover_the_location_gets_nothing(m: Mails) -> None:
    await m.ready()
    grant_row = m.kit.of_kind("grants")[0]
    await m.build(ChangeGrant)(
        m.admin, grant_row.id, location_ids=frozenset({m.north.id}), capability_changes=None
    )
    request = await m.request_at(m.south.id)
    assert await m.tell("request.accepted", request.id) == 0
    assert m.kit.mailer.sent == []
    north = await m.request_at(m.north.id)
    assert await m.tell("request.accepted", north.id) == 1


async def test_a_revoked_or_disabled_user_gets_nothing(m: Mails) -> None:
    await m.ready()
    request = await m.request_at(m.north.id)
    user = m.kit.store.table("portal_users")[m.jana_user.id]
    user.disable(NOW)
    assert await m.tell("request.accepted", request.id) == 0


async def _published_report(m: Mails) -> VisitReport:
    report = VisitReport(
        id=m.kit.ids.new_id(),
        tenant_id=m.tenant.id,
        target_id=m.kit.ids.new_id(),
        appointment_id=None,
        customer_id=m.bakery.id,
        location_id=m.north.id,
        author_id=m.admin.id,
        content=ReportContent(title="Internal title", internal_notes="Internal only"),
        status=ReportStatus.APPROVED,
        created_at=NOW,
        updated_at=NOW,
        publication=Publication(
            texts=PortalTexts(title="Tap repaired", summary="Done.", message="Thanks."),
            published_by=m.admin.id,
            published_at=NOW,
        ),
    )
    await m.kit.uow(m.tenant.id).reports.add(report)
    return report


async def test_a_report_notice_needs_the_see_reports_flag(m: Mails) -> None:
    await m.ready(see_reports=False)
    report = await _published_report(m)
    assert await m.tell("report.published", report.id) == 0
    grant_row = m.kit.of_kind("grants")[0]
    await m.build(ChangeGrant)(
        m.admin, grant_row.id, location_ids=None, capability_changes={"see_reports": True}
    )
    assert await m.tell("report.published", report.id) == 1
    text = m.kit.mailer.sent[-1].text
    assert "title: Tap repaired" in text
    assert "Internal" not in text


async def test_events_without_a_notification_make_no_mail(m: Mails) -> None:
    await m.ready()
    request = await m.request_at(m.north.id)
    for event_type in ("request.converted", "request.withdrawn", "customer.changed"):
        assert await m.tell(event_type, request.id) == 0
    assert m.kit.mailer.sent == []


async def test_a_user_who_switched_a_kind_off_gets_none_of_it_and_still_the_others(
    m: Mails,
) -> None:
    await m.ready()
    await m.kit.build(ChangeMyNotificationPreferences, m.tenant.id)(
        m.subject(), [("request_accepted", False)]
    )
    request = await m.request_at(m.north.id)
    assert await m.tell("request.accepted", request.id) == 0
    assert await m.tell("request.rejected", request.id) == 1


async def test_an_unknown_kind_changes_nothing(m: Mails) -> None:
    await m.ready()
    change = m.kit.build(ChangeMyNotificationPreferences, m.tenant.id)
    with pytest.raises(InvalidValue):
        await change(m.subject(), [("request_accepted", False), ("billing", False)])
    with pytest.raises(InvalidValue):
        await change(m.subject(), [("password_reset", False)])
    assert m.kit.store.table("notification_preferences") == {}


async def test_the_unsubscribe_link_switches_off_that_kind_only(m: Mails) -> None:
    await m.ready()
    request = await m.request_at(m.north.id)
    await m.tell("request.accepted", request.id)
    token = m.kit.mailer.sent[-1].unsubscribe_url.rsplit("/", 1)[1]  # type: ignore[union-attr]
    unsubscribe = m.kit.build(Unsubscribe, m.tenant.id)
    assert await unsubscribe(token, apply=False) is MailKind.REQUEST_ACCEPTED
    assert m.kit.store.table("notification_preferences") == {}  # only looked
    assert await unsubscribe(token, apply=True) is MailKind.REQUEST_ACCEPTED
    assert m.kit.store.table("notification_preferences") == {
        (m.tenant.id, m.jana_user.id, MailKind.REQUEST_ACCEPTED): False
    }
    with pytest.raises(LinkNotValid):
        await unsubscribe("not-a-token", apply=True)


async def test_a_reset_request_does_the_same_work_for_real_and_unknown_accounts(
    m: Mails,
) -> None:
    await m.ready()
    reset = m.kit.build(RequestPasswordReset)
    assert await reset("acme", "nobody@bakery.example", None) is None
    assert await reset("acme", "jana@bakery.example", None) is None
    # The request itself only notes what was typed, for both, and wakes the worker.
    assert m.kit.mailer.sent == [] and m.kit.of_kind("password_resets") == []
    assert len(m.kit.store.table("asked_resets")) == 2 == len(m.kit.jobs.resets)
    await m.kit.handle_resets()
    assert [mail.to for mail in m.kit.mailer.sent] == ["jana@bakery.example"]
    assert "/password-reset/" in m.kit.mailer.sent[-1].text
    assert m.kit.store.table("asked_resets") == {}  # each handled once, then gone


class ServerDown:
    def __init__(self, error_class: str) -> None:
        self.error_class = error_class
        self.tries = 0

    async def send(self, message: MailMessage) -> None:
        self.tries += 1
        raise MailNotSent(self.error_class)


def _sender(m: Mails, mailer: object) -> SendMail:
    return SendMail(
        m.kit.uows,
        FakeDirectory(m.kit.store),
        mailer,  # type: ignore[arg-type]
        PlainBox(),
        m.kit.clock,
        m.kit.ids,
        MailPolicy(message_id_domain="tests.example"),
    )


async def _one_queued(m: Mails) -> UUID:
    await m.ready()
    request = await m.request_at(m.north.id)
    await m.tell("request.accepted", request.id)
    [(mail, _)] = m.kit.store.table("mails").values()
    return mail.id


async def test_sending_hands_the_rendered_mail_to_the_server_once(m: Mails) -> None:
    mail_id = await _one_queued(m)
    send = _sender(m, m.kit.sender)
    assert await send(m.tenant.id, mail_id) is MailStatus.SENT
    [message] = m.kit.sender.sent
    assert message.to == "jana@bakery.example"
    assert message.message_id == f"<{mail_id}@tests.example>"
    assert message.unsubscribe_url and message.unsubscribe_url.endswith("request_accepted")
    stored, sealed = m.kit.store.table("mails")[mail_id]
    assert stored.status is MailStatus.SENT and sealed is None  # the content is not kept
    assert await send(m.tenant.id, mail_id) is None  # nothing more to do
    assert len(m.kit.sender.sent) == 1


async def test_the_tenant_signs_its_mail_with_its_name_and_reply_to(m: Mails) -> None:
    mail_id = await _one_queued(m)
    m.tenant.change_settings(
        {"mail_sender_name": "Acme Service", "mail_reply_to": "Service@Acme.example"}
    )
    await _sender(m, m.kit.sender)(m.tenant.id, mail_id)
    [message] = m.kit.sender.sent
    assert (message.sender_name, message.reply_to) == ("Acme Service", "service@acme.example")


@pytest.mark.parametrize(
    "changes",
    [
        {"mail_sender_name": "Evil\r\nBcc: all@example.com"},
        {"mail_sender_name": "Acme <x@evil.example>"},
        {"mail_reply_to": "not an address"},
        {"mail_sender_name": "Acme, Inc. \\ ü"},
        {"mail_sender_name": "Acme\u2028Service"},
    ],
)
async def test_a_sender_name_or_reply_to_that_could_forge_headers_is_refused(
    m: Mails, changes: dict[str, str]
) -> None:
    await m.ready()
    with pytest.raises(InvalidValue):
        m.tenant.change_settings(changes)
    assert m.tenant.settings.mail_sender_name is None
    assert m.tenant.settings.mail_reply_to is None


async def test_a_server_that_is_down_leaves_the_mail_queued_for_later(m: Mails) -> None:
    mail_id = await _one_queued(m)
    down = ServerDown("connection")
    assert await _sender(m, down)(m.tenant.id, mail_id) is MailStatus.QUEUED
    stored, sealed = m.kit.store.table("mails")[mail_id]
    assert stored.next_attempt_at == NOW + timedelta(minutes=1)
    assert sealed is not None
    assert await _sender(m, down)(m.tenant.id, mail_id) is None  # not due yet
    m.kit.clock.advance(timedelta(minutes=1))
    assert await _sender(m, m.kit.sender)(m.tenant.id, mail_id) is MailStatus.SENT
    assert down.tries == 1 and len(m.kit.sender.sent) == 1


async def test_a_refused_mail_is_given_up_and_its_content_dropped(m: Mails) -> None:
    mail_id = await _one_queued(m)
    assert await _sender(m, ServerDown("refused"))(m.tenant.id, mail_id) is MailStatus.FAILED
    stored, sealed = m.kit.store.table("mails")[mail_id]
    assert stored.last_error_class.value == "refused" and sealed is None


async def test_a_mail_held_by_another_worker_is_not_sent_twice(m: Mails) -> None:
    mail_id = await _one_queued(m)
    uow = m.kit.uow(m.tenant.id)
    held = await uow.mails.claim(mail_id, NOW, NOW + timedelta(minutes=2), m.kit.ids.new_id())
    assert held is not None
    assert await _sender(m, m.kit.sender)(m.tenant.id, mail_id) is None
    assert m.kit.sender.sent == []
    m.kit.clock.advance(timedelta(minutes=2))  # that worker was lost: its lease ran out
    assert await _sender(m, m.kit.sender)(m.tenant.id, mail_id) is MailStatus.SENT


# --- staff ----------------------------------------------------------------------------------


def _staff_notifier(m: Mails) -> NotifyStaff:
    return NotifyStaff(m.kit.mail, FakeDirectory(m.kit.store))


async def _team(m: Mails) -> None:
    add = m.build(AddUser)
    for role, email in (
        (Role.MANAGER, "max@acme.example"),
        (Role.DISPATCHER, "dora@acme.example"),
        (Role.EMPLOYEE, "tom@acme.example"),
        (Role.TENANT_ADMIN, "ada@acme.example"),
    ):
        await add(m.admin, email=email, display_name=email.split("@")[0], role=role)
    m.kit.store.table("mails").clear()


async def _tell_staff(m: Mails, event_type: str, subject_id: UUID, **payload: str) -> list[str]:
    event = DomainEvent(
        id=m.kit.ids.new_id(),
        tenant_id=m.tenant.id,
        type=event_type,
        occurred_at=NOW,
        subject_type=event_type.split(".")[0],
        subject_id=subject_id,
        payload=dict(payload),
    )
    await _staff_notifier(m)(m.kit.uow(m.tenant.id), event)
    return sorted(mail.to for mail in m.kit.mailer.sent)


async def test_a_new_request_is_mailed_to_the_roles_the_tenant_chose(m: Mails) -> None:
    await m.ready()
    await _team(m)
    request = await m.request_at(m.north.id)
    assert await _tell_staff(m, "request.submitted", request.id) == [
        "dora@acme.example",
        "max@acme.example",
    ]
    text = m.kit.mailer.sent[-1].text
    assert "title: Leaking tap" in text and "customer: Bakery" in text


async def test_a_tenant_that_chose_nobody_mails_nobody(m: Mails) -> None:
    await m.ready()
    await _team(m)
    m.tenant.change_settings({"new_request_mail_roles": []})
    request = await m.request_at(m.north.id)
    assert await _tell_staff(m, "request.submitted", request.id) == []


async def test_only_a_customers_comment_is_mailed_to_staff(m: Mails) -> None:
    await m.ready()
    await _team(m)
    request = await m.request_at(m.north.id)
    assert await _tell_staff(m, "request.commented", request.id, by="staff") == []
    assert len(await _tell_staff(m, "request.commented", request.id, by="customer")) == 2


async def test_a_disabled_staff_user_is_not_mailed(m: Mails) -> None:
    await m.ready()
    await _team(m)
    for user in m.kit.store.table("users").values():
        if user.email == "dora@acme.example":
            user.disable(NOW)
    request = await m.request_at(m.north.id)
    assert await _tell_staff(m, "request.submitted", request.id) == ["max@acme.example"]


async def test_unrelated_events_mail_no_staff(m: Mails) -> None:
    await m.ready()
    await _team(m)
    request = await m.request_at(m.north.id)
    for event_type in ("request.accepted", "customer.changed", "report.published"):
        assert await _tell_staff(m, event_type, request.id) == []


async def test_an_admin_who_disables_an_endpoint_is_not_mailed_about_it(m: Mails) -> None:
    await m.ready()
    await _team(m)
    endpoint_id = m.kit.ids.new_id()
    assert await _tell_staff(m, "webhook_endpoint.disabled", endpoint_id, reason="by_staff") == []


async def test_an_unreadable_mail_counts_as_a_failed_attempt_and_is_not_held(m: Mails) -> None:
    mail_id = await _one_queued(m)
    table = m.kit.store.table("mails")
    mail, _ = table[mail_id]
    table[mail_id] = (mail, "garbled")  # sealed under a key this worker does not have
    assert await _sender(m, m.kit.sender)(m.tenant.id, mail_id) is MailStatus.QUEUED
    stored, _ = table[mail_id]
    assert stored.attempts == 1 and stored.last_error_class.value == "unknown"
    assert m.kit.store.table("mail_leases") == {}  # free for the next attempt
    assert m.kit.sender.sent == []
