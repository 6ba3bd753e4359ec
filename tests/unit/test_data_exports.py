"""Personal-data exports composed from in-memory fakes: what a portal user's copy holds and
leaves out, when the worker makes it, how long it is offered, and the staff export's guard."""

from __future__ import annotations

import json
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from ordinavo.application.errors import Conflict, Forbidden, NotFound
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.exports.build_data_export import BuildDataExport
from ordinavo.application.use_cases.exports.download_my_data_export import (
    DownloadMyDataExport,
    ExportExpired,
)
from ordinavo.application.use_cases.exports.export_contact_data import ExportContactData
from ordinavo.application.use_cases.exports.my_data import collect_my_data
from ordinavo.application.use_cases.exports.show_my_data_export import ShowMyDataExport
from ordinavo.application.use_cases.exports.start_my_data_export import StartMyDataExport
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.portal.request_account_closure import (
    RequestAccountClosure,
)
from ordinavo.domain.attachments import Attachment
from ordinavo.domain.contacts import ContactDetails, Language
from ordinavo.domain.customers import CustomerDetails
from ordinavo.domain.data_exports import ExportState
from ordinavo.domain.identity import Actor, Role
from ordinavo.domain.locations import LocationDetails
from ordinavo.domain.portal_access import Capabilities, Grant, PortalUser
from ordinavo.domain.portal_sessions import PortalSession
from ordinavo.domain.requests import (
    CommentAuthor,
    PortalRequest,
    RequestComment,
    RequestStatus,
    RequestType,
)
from ordinavo.domain.security_events import SecurityEvent, SecurityEventKind
from ordinavo.domain.tenants import Tenant
from ordinavo.domain.visibility import PortalSubject
from tests.unit.fakes import NOW, FakeUnitOfWork, Kit


class NoOverrides:
    """The portal's label settings: none, so the built-in labels."""

    async def preferences(self) -> DisplayPreferences:
        return DisplayPreferences(overrides=(), show_technician_first_name=False)


class FakeEncoder:
    media_type = "application/json"

    def encode(self, data: object) -> bytes:
        return json.dumps(repr(data)).encode()


class World:
    def __init__(self) -> None:
        self.kit = Kit()
        self.tenant = Tenant.open(id=UUID(int=10**9), slug="acme", name="Acme", now=NOW)
        self.kit.store.tenants[self.tenant.id] = self.tenant
        self.admin = Actor.user(user_id=uuid4(), tenant_id=self.tenant.id, role=Role.TENANT_ADMIN)

    def uow(self) -> FakeUnitOfWork:
        uow = self.kit.uow(self.tenant.id)
        uow.portal_work = NoOverrides()  # type: ignore[assignment]
        return uow

    def build(self, use_case):  # type: ignore[no-untyped-def]
        """Like the kit's, with a unit of work that reads labels, and an encoder."""
        import inspect

        available = {
            "uow": self.uow(),
            "units": self,
            "tenants": self.kit.directory,
            "encoder": FakeEncoder(),
            "queue": self.kit.jobs,
            "clock": self.kit.clock,
            "ids": self.kit.ids,
            "recorder": self.kit.recorder,
        }
        return use_case(**{n: available[n] for n in inspect.signature(use_case).parameters})

    def for_tenant(self, tenant_id: UUID) -> FakeUnitOfWork:
        assert tenant_id == self.tenant.id
        return self.uow()

    async def setup(self) -> None:
        a = self.admin
        self.bakery = await self.kit.build(RegisterCustomer, self.tenant.id)(
            a,
            CustomerDetails(name="Bakery", customer_number="C-1"),
            frozenset({"name", "customerNumber"}),
        )
        self.north = await self.kit.build(AddLocation, self.tenant.id)(
            a,
            self.bakery.id,
            LocationDetails(name="North", address_line="Main 1", city="Berlin", country="DE"),
        )
        self.jana = await self._portal_user("Jana", "jana@bakery.example")
        self.lena = await self._portal_user("Lena", "lena@bakery.example")

    async def _portal_user(self, name: str, email: str) -> PortalUser:
        contact = await self.kit.build(AddContact, self.tenant.id)(
            self.admin, self.bakery.id, self.north.id, ContactDetails(name=name, email=email)
        )
        user = PortalUser(
            id=uuid4(),
            tenant_id=self.tenant.id,
            contact_id=contact.id,
            email=email,
            display_name=name,
            language=Language.ENGLISH,
            created_at=NOW,
            password_hash="x",
            activated_at=NOW,
        )
        uow = self.uow()
        await uow.portal_users.add(user)
        await uow.grants.add(
            Grant(
                id=uuid4(),
                tenant_id=self.tenant.id,
                portal_user_id=user.id,
                customer_id=self.bakery.id,
                location_ids=frozenset(),
                capabilities=Capabilities(submit_requests=True),
                created_at=NOW,
                updated_at=NOW,
            )
        )
        return user

    async def subject(self, user: PortalUser) -> PortalSubject:
        grants = await self.uow().grants.active_for_user(user.id)
        return PortalSubject(
            user_id=user.id,
            tenant_id=self.tenant.id,
            session_id=uuid4(),
            grants=tuple(grants),
            language="en",
        )

    async def request(self, user: PortalUser, title: str) -> PortalRequest:
        request = PortalRequest(
            id=self.kit.ids.new_id(),
            tenant_id=self.tenant.id,
            type=RequestType.SERVICE,
            title=title,
            description=f"{title}, please.",
            customer_id=self.bakery.id,
            location_id=self.north.id,
            appointment_id=None,
            author_id=user.id,
            contact_id=user.contact_id,
            windows=(),
            status=RequestStatus.SUBMITTED,
            created_at=NOW,
            updated_at=NOW,
        )
        await self.uow().requests.add(request)
        return request

    async def comment(self, request: PortalRequest, body: str, *, internal: bool) -> None:
        await self.uow().request_comments.add(
            RequestComment(
                id=self.kit.ids.new_id(),
                tenant_id=self.tenant.id,
                request_id=request.id,
                author=CommentAuthor.STAFF,
                author_id=self.admin.id,
                body=body,
                internal=internal,
                created_at=NOW,
            )
        )


@pytest.fixture
async def w() -> World:
    world = World()
    await world.setup()
    return world


async def test_the_copy_holds_my_requests_and_the_public_conversation_only(w: World) -> None:
    mine = await w.request(w.jana, "Oven is cold")
    theirs = await w.request(w.lena, "Door sticks")
    await w.comment(mine, "Tuesday works.", internal=False)
    await w.comment(mine, "CANARY-internal", internal=True)
    await w.comment(theirs, "About the door.", internal=False)
    uow = w.uow()
    await uow.attachments.add(
        Attachment(
            id=uuid4(),
            tenant_id=w.tenant.id,
            customer_id=w.bakery.id,
            location_id=w.north.id,
            report_id=None,
            request_id=mine.id,
            file_name="photo.png",
            media_type="image/png",
            size=42,
            checksum_sha256="0" * 64,
            storage_key="k",
            uploaded_by_type="portal_user",
            uploaded_by_id=w.jana.id,
            uploaded_at=NOW,
        )
    )
    await uow.portal_sessions.add(
        PortalSession.start(
            id=uuid4(),
            tenant_id=w.tenant.id,
            portal_user_id=w.jana.id,
            token_hash="h",
            settings=w.tenant.settings,
            now=NOW,
        )
    )
    for kind, who in (
        (SecurityEventKind.LOGIN_SUCCEEDED, w.jana.id),
        (SecurityEventKind.GRANT_ADDED, w.jana.id),  # staff's doing: not a sign-in of hers
        (SecurityEventKind.LOGIN_SUCCEEDED, w.lena.id),
    ):
        uow.security_events.append(
            SecurityEvent(
                id=w.kit.ids.new_id(),
                tenant_id=w.tenant.id,
                occurred_at=NOW,
                kind=kind,
                portal_user_id=who,
                client_address="203.0.113.7" if who == w.jana.id else "198.51.100.9",
            )
        )

    data = await collect_my_data(w.uow(), w.kit.directory, await w.subject(w.jana), NOW)

    assert (data.name, data.email, data.language) == ("Jana", "jana@bakery.example", "en")
    assert [g.customer_name for g in data.grants] == ["Bakery"]
    assert [loc.name for loc in data.grants[0].locations] == ["North"]
    assert [r.request.title for r in data.requests] == ["Oven is cold"]
    assert [c.body for c in data.requests[0].comments] == ["Tuesday works."]
    assert [(f.file_name, f.size) for f in data.files] == [("photo.png", 42)]
    assert len(data.sessions) == 1
    assert [(s.kind, s.client_address) for s in data.sign_ins] == [
        ("login.succeeded", "203.0.113.7")
    ]
    assert data.notifications
    text = repr(data)
    for foreign in ("Door sticks", "About the door.", "CANARY-internal", "198.51.100.9", "Lena"):
        assert foreign not in text


async def test_a_small_account_gets_the_copy_at_once(w: World) -> None:
    await w.request(w.jana, "Oven is cold")
    export = await w.build(StartMyDataExport)(await w.subject(w.jana))
    assert export.state(NOW) is ExportState.READY
    assert export.expires_at == NOW + timedelta(hours=24)
    assert w.kit.jobs.exports == []
    document = await w.build(DownloadMyDataExport)(await w.subject(w.jana))
    assert b"Oven is cold" in document
    actions = [e.action for e in w.kit.of_kind("audit")]
    assert actions[-2:] == ["data_export.requested", "data_export.downloaded"]


async def test_a_large_account_waits_for_the_worker(w: World) -> None:
    await w.request(w.jana, "Oven is cold")
    await w.request(w.jana, "Door sticks")
    start = w.build(StartMyDataExport)
    start.built_at_once_up_to = 1
    export = await start(await w.subject(w.jana))
    assert export.state(NOW) is ExportState.PENDING
    assert w.kit.jobs.exports == [(w.tenant.id, export.id)]
    with pytest.raises(Conflict):
        await w.build(DownloadMyDataExport)(await w.subject(w.jana))
    # Asking again while it is made answers the same export.
    assert (await start(await w.subject(w.jana))).id == export.id

    assert await w.build(BuildDataExport)(w.tenant.id, export.id) is True
    assert await w.build(BuildDataExport)(w.tenant.id, export.id) is False  # once is enough
    document = await w.build(DownloadMyDataExport)(await w.subject(w.jana))
    assert b"Door sticks" in document


async def test_the_copy_is_offered_for_a_day_then_gone(w: World) -> None:
    await w.build(StartMyDataExport)(await w.subject(w.jana))
    w.kit.clock.advance(timedelta(hours=24))
    _, state = await w.build(ShowMyDataExport)(await w.subject(w.jana))
    assert state is ExportState.EXPIRED
    assert w.kit.of_kind("data_exports")[0].document is None  # the bytes went
    with pytest.raises(ExportExpired):
        await w.build(DownloadMyDataExport)(await w.subject(w.jana))


async def test_nobody_else_gets_a_users_copy(w: World) -> None:
    await w.build(StartMyDataExport)(await w.subject(w.jana))
    with pytest.raises(NotFound):
        await w.build(DownloadMyDataExport)(await w.subject(w.lena))


async def test_the_worker_makes_nothing_for_a_disabled_user(w: World) -> None:
    start = w.build(StartMyDataExport)
    start.built_at_once_up_to = -1
    export = await start(await w.subject(w.jana))
    uow = w.uow()
    user = await uow.portal_users.get(w.jana.id)
    user.disabled_at = NOW
    await uow.portal_users.save(user)
    assert await w.build(BuildDataExport)(w.tenant.id, export.id) is False
    assert w.kit.of_kind("data_exports") == []


async def test_asking_to_close_records_an_event_and_an_audit_entry(w: World) -> None:
    await w.build(RequestAccountClosure)(await w.subject(w.jana), "203.0.113.7")
    [event] = w.kit.of_kind("security_events")
    assert (event.kind, event.portal_user_id) == (
        SecurityEventKind.ACCOUNT_CLOSE_REQUESTED,
        w.jana.id,
    )
    entry = w.kit.of_kind("audit")[-1]
    assert (entry.action, entry.object_id) == ("portal_user.close_requested", w.jana.id)


async def test_the_staff_export_is_for_tenant_admins(w: World) -> None:
    mine = await w.request(w.jana, "Oven is cold")
    await w.comment(mine, "CANARY-internal", internal=True)
    export = w.build(ExportContactData)
    data = await export(w.admin, w.jana.contact_id)
    assert data.portal_user is not None and data.portal_user.id == w.jana.id
    assert [r.title for r in data.requests] == ["Oven is cold"]
    assert data.comments == []  # staff wrote the internal comment, not Jana
    assert w.kit.of_kind("audit")[-1].action == "contact.data_exported"
    for role in (Role.MANAGER, Role.DISPATCHER, Role.EMPLOYEE):
        someone = Actor.user(user_id=uuid4(), tenant_id=w.tenant.id, role=role)
        with pytest.raises(Forbidden):
            await export(someone, w.jana.contact_id)
