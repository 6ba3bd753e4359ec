"""Portal access use cases, run against in-memory fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from ordinavo.application.errors import (
    Conflict,
    Forbidden,
    LinkNotValid,
    NotAuthenticated,
    NotFound,
    TooManyRequests,
)
from ordinavo.application.use_cases.contacts.add_contact import AddContact
from ordinavo.application.use_cases.customers.register_customer import RegisterCustomer
from ordinavo.application.use_cases.locations.add_location import AddLocation
from ordinavo.application.use_cases.portal.accept_invitation import AcceptInvitation
from ordinavo.application.use_cases.portal.authenticate_portal_user import (
    AuthenticatePortalUser,
)
from ordinavo.application.use_cases.portal.change_portal_password import ChangePortalPassword
from ordinavo.application.use_cases.portal.complete_password_reset import (
    CompletePasswordReset,
)
from ordinavo.application.use_cases.portal.list_my_locations import ListMyLocations
from ordinavo.application.use_cases.portal.log_in_to_portal import (
    PORTAL_LOGIN_FAILED,
    LogInToPortal,
)
from ordinavo.application.use_cases.portal.request_password_reset import RequestPasswordReset
from ordinavo.application.use_cases.portal.view_invitation import ViewInvitation
from ordinavo.application.use_cases.portal_access.add_grant import AddGrant
from ordinavo.application.use_cases.portal_access.change_grant import ChangeGrant
from ordinavo.application.use_cases.portal_access.grant_spec import GrantSpec
from ordinavo.application.use_cases.portal_access.invite_contact import InviteContact
from ordinavo.application.use_cases.portal_access.list_partners import ListPartners
from ordinavo.application.use_cases.portal_access.record_partner import RecordPartner
from ordinavo.application.use_cases.portal_access.remove_partner import RemovePartner
from ordinavo.application.use_cases.portal_access.resend_invitation import ResendInvitation
from ordinavo.application.use_cases.portal_access.revoke_grant import RevokeGrant
from ordinavo.domain.contacts import ContactDetails
from ordinavo.domain.customers import CustomerDetails
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor, Role
from ordinavo.domain.locations import LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Capabilities
from ordinavo.domain.security_events import SecurityEventKind
from ordinavo.domain.tenants import Tenant
from tests.unit.fakes import NOW, Kit

PASSWORD = "Bright-morning-walk-7"


class World:
    def __init__(self) -> None:
        self.kit = Kit()
        self.tenant = Tenant.open(id=UUID(int=10**9), slug="acme", name="Acme", now=NOW)
        self.kit.store.tenants[self.tenant.id] = self.tenant
        self.admin = Actor.user(user_id=uuid4(), tenant_id=self.tenant.id, role=Role.TENANT_ADMIN)

    def build(self, use_case):  # type: ignore[no-untyped-def]
        return self.kit.build(use_case, self.tenant.id)

    async def setup(self) -> None:
        a = self.admin
        self.bakery = await self.build(RegisterCustomer)(
            a,
            CustomerDetails(name="Bakery", customer_number="C-1"),
            frozenset({"name", "customerNumber"}),
        )
        self.north = await self.build(AddLocation)(
            a,
            self.bakery.id,
            LocationDetails(name="North", address_line="x", city="x", country="DE"),
        )
        self.south = await self.build(AddLocation)(
            a,
            self.bakery.id,
            LocationDetails(name="South", address_line="x", city="x", country="DE"),
        )
        self.jana = await self.build(AddContact)(
            a,
            self.bakery.id,
            self.north.id,
            ContactDetails(name="Jana Berg", email="jana@bakery.example"),
        )

    async def invite(self, locations: frozenset[UUID] = frozenset()):  # type: ignore[no-untyped-def]
        return await self.build(InviteContact)(
            self.admin,
            self.jana.id,
            None,
            GrantSpec(self.bakery.id, locations, Capabilities(submit_requests=True)),
        )

    def link(self) -> str:
        return self.kit.mailer.sent[-1].text.split("/invitations/")[1].split()[0]

    async def accept(self):  # type: ignore[no-untyped-def]
        return await self.build(AcceptInvitation)(self.link(), PASSWORD, "203.0.113.1")

    def events(self) -> list[SecurityEventKind]:
        return [e.kind for e in self.kit.of_kind("security_events")]


@pytest.fixture
async def w() -> World:
    world = World()
    await world.setup()
    return world


async def test_inviting_mails_a_link_whose_token_is_stored_only_as_a_digest(w: World) -> None:
    invitation = await w.invite()
    token = w.link()
    assert invitation.token_hash == w.kit.secrets.digest(token) != token
    assert w.kit.mailer.sent[-1].to == "jana@bakery.example"
    assert w.events() == [SecurityEventKind.INVITATION_ISSUED]


async def test_only_managers_and_admins_invite(w: World) -> None:
    dispatcher = Actor.user(user_id=uuid4(), tenant_id=w.tenant.id, role=Role.DISPATCHER)
    with pytest.raises(Forbidden):
        await w.kit.build(InviteContact, w.tenant.id)(
            dispatcher, w.jana.id, None, GrantSpec(w.bakery.id, frozenset(), Capabilities())
        )
    assert w.kit.mailer.sent == []


async def test_one_address_one_portal_account_per_tenant(w: World) -> None:
    await w.invite()
    with pytest.raises(Conflict):
        await w.invite()


async def test_a_grant_on_an_unknown_location_is_not_found(w: World) -> None:
    with pytest.raises(NotFound):
        await w.invite(frozenset({uuid4()}))
    assert w.kit.mailer.sent == []


async def test_viewing_uses_nothing_and_accepting_opens_a_session(w: World) -> None:
    await w.invite()
    preview = await w.build(ViewInvitation)(w.link())
    assert preview.email == "jana@bakery.example" and preview.tenant_slug == "acme"
    opened = await w.accept()
    subject = (await w.build(AuthenticatePortalUser)(opened.secret)).subject
    assert subject.user_id == opened.user.id
    with pytest.raises(LinkNotValid):
        await w.accept()
    with pytest.raises(LinkNotValid):
        await w.build(ViewInvitation)(w.link())
    assert SecurityEventKind.INVITATION_ACCEPTED in w.events()


async def test_resending_kills_the_old_link(w: World) -> None:
    invitation = await w.invite()
    old = w.link()
    await w.build(ResendInvitation)(w.admin, invitation.id)
    assert w.link() != old
    with pytest.raises(LinkNotValid):
        await w.build(AcceptInvitation)(old, PASSWORD, None)
    await w.accept()


async def test_the_portal_log_in_gives_one_answer_for_every_failure(w: World) -> None:
    await w.invite()
    log_in = w.build(LogInToPortal)
    with pytest.raises(NotAuthenticated) as not_accepted:
        await log_in("acme", "jana@bakery.example", PASSWORD, None)
    await w.accept()
    failures = [not_accepted.value]
    for slug, email, password in (
        ("acme", "jana@bakery.example", "Wrong-one-1"),
        ("acme", "nobody@bakery.example", PASSWORD),
        ("globex", "jana@bakery.example", PASSWORD),
    ):
        with pytest.raises(NotAuthenticated) as refused:
            await log_in(slug, email, password, None)
        failures.append(refused.value)
    assert {f.message for f in failures} == {PORTAL_LOGIN_FAILED}
    assert w.kit.hasher.burned >= 3  # unknown tenant, address and not-accepted account


async def test_the_sixth_failure_locks_the_account_for_a_while(w: World) -> None:
    await w.invite()
    await w.accept()
    log_in = w.build(LogInToPortal)
    for _ in range(6):
        with pytest.raises(NotAuthenticated):
            await log_in("acme", "jana@bakery.example", "Wrong-one-1", None)
    with pytest.raises(TooManyRequests) as waiting:
        await log_in("acme", "jana@bakery.example", PASSWORD, None)
    assert waiting.value.retry_after_seconds >= 2
    assert SecurityEventKind.LOCKOUT in w.events()
    w.kit.clock.advance(timedelta(seconds=3))
    assert (await log_in("acme", "jana@bakery.example", PASSWORD, None)).secret


async def test_the_subject_carries_the_grants_of_this_very_request(w: World) -> None:
    await w.invite()
    opened = await w.accept()
    authenticate, list_mine = w.build(AuthenticatePortalUser), w.build(ListMyLocations)
    names = {
        x.name
        for x in (await list_mine((await authenticate(opened.secret)).subject, PageRequest())).items
    }
    assert names == {"North", "South"}
    grant = w.kit.of_kind("grants")[0]
    await w.build(ChangeGrant)(
        w.admin, grant.id, location_ids=frozenset({w.south.id}), capability_changes=None
    )
    names = {
        x.name
        for x in (await list_mine((await authenticate(opened.secret)).subject, PageRequest())).items
    }
    assert names == {"South"}
    await w.build(RevokeGrant)(w.admin, grant.id)
    with pytest.raises(NotAuthenticated):
        await authenticate(opened.secret)


async def test_sessions_time_out_when_idle(w: World) -> None:
    await w.invite()
    opened = await w.accept()
    authenticate = w.build(AuthenticatePortalUser)
    w.kit.clock.advance(timedelta(minutes=20))
    await authenticate(opened.secret)  # activity: the idle period starts again
    w.kit.clock.advance(timedelta(minutes=20))
    await authenticate(opened.secret)
    w.kit.clock.advance(timedelta(minutes=31))
    with pytest.raises(NotAuthenticated):
        await authenticate(opened.secret)


async def test_changing_the_password_ends_the_other_sessions(w: World) -> None:
    await w.invite()
    opened = await w.accept()
    other = await w.build(LogInToPortal)("acme", "jana@bakery.example", PASSWORD, None)
    authenticate = w.build(AuthenticatePortalUser)
    subject = (await authenticate(opened.secret)).subject
    await w.build(ChangePortalPassword)(subject, PASSWORD, "Another-long-phrase-8")
    await authenticate(opened.secret)
    with pytest.raises(NotAuthenticated):
        await authenticate(other.secret)


async def test_a_password_reset_is_single_use_and_ends_every_session(w: World) -> None:
    await w.invite()
    opened = await w.accept()
    await w.build(RequestPasswordReset)("acme", "nobody@bakery.example", None)
    await w.kit.handle_resets()
    assert len(w.kit.mailer.sent) == 1  # unknown address: the same answer, and no mail
    await w.build(RequestPasswordReset)("acme", "jana@bakery.example", None)
    await w.kit.handle_resets()
    token = w.kit.mailer.sent[-1].text.split("/password-reset/")[1].split()[0]
    complete = w.build(CompletePasswordReset)
    await complete(token, "Fresh-start-phrase-3", None)
    with pytest.raises(LinkNotValid):
        await complete(token, "Fresh-start-phrase-4", None)
    with pytest.raises(NotAuthenticated):
        await w.build(AuthenticatePortalUser)(opened.secret)
    assert (
        await w.build(LogInToPortal)("acme", "jana@bakery.example", "Fresh-start-phrase-3", None)
    ).secret


async def test_a_reset_link_expires_after_an_hour(w: World) -> None:
    await w.invite()
    await w.accept()
    await w.build(RequestPasswordReset)("acme", "jana@bakery.example", None)
    await w.kit.handle_resets()
    token = w.kit.mailer.sent[-1].text.split("/password-reset/")[1].split()[0]
    w.kit.clock.advance(timedelta(hours=1))
    with pytest.raises(LinkNotValid):
        await w.build(CompletePasswordReset)(token, "Fresh-start-phrase-3", None)


# -- grants on another customer need a recorded partner relation ---------------------------


async def _cafe(w: World):  # type: ignore[no-untyped-def]
    return await w.build(RegisterCustomer)(
        w.admin,
        CustomerDetails(name="Café Lenz", customer_number="C-2"),
        frozenset({"name", "customerNumber"}),
    )


def _actions(w: World) -> list[str]:
    return [e.action for e in w.kit.of_kind("audit")]


async def test_a_grant_on_another_customer_needs_the_contact_recorded_as_its_partner(
    w: World,
) -> None:
    cafe = await _cafe(w)
    user_id = (await w.invite()).portal_user_id
    spec = GrantSpec(cafe.id, frozenset(), Capabilities())
    with pytest.raises(RuleViolation, match="Jana Berg is a contact of Bakery; a grant on Café"):
        await w.build(AddGrant)(w.admin, user_id, spec)
    with pytest.raises(RuleViolation, match="partner of Café Lenz first"):
        await w.build(InviteContact)(w.admin, w.jana.id, "other@bakery.example", spec)
    await w.build(RecordPartner)(w.admin, w.jana.id, cafe.id)
    grant = await w.build(AddGrant)(w.admin, user_id, spec)
    assert grant.customer_id == cafe.id
    assert "contact.partner_added" in _actions(w)
    listed = await w.build(ListPartners)(w.admin, w.jana.id, PageRequest(size=10))
    assert [r.customer_id for r in listed.items] == [cafe.id]


async def test_a_partner_relation_is_recorded_once_in_this_tenant_by_portal_managers(
    w: World,
) -> None:
    cafe = await _cafe(w)
    await w.build(RecordPartner)(w.admin, w.jana.id, cafe.id)
    with pytest.raises(Conflict):
        await w.build(RecordPartner)(w.admin, w.jana.id, cafe.id)
    with pytest.raises(NotFound):
        await w.build(RecordPartner)(w.admin, w.jana.id, uuid4())
    dispatcher = Actor.user(user_id=uuid4(), tenant_id=w.tenant.id, role=Role.DISPATCHER)
    with pytest.raises(Forbidden):
        await w.build(RecordPartner)(dispatcher, w.jana.id, cafe.id)
    with pytest.raises(Forbidden):
        await w.build(RemovePartner)(dispatcher, w.jana.id, cafe.id)


async def test_removing_a_partner_relation_revokes_the_grants_on_that_customer_only(
    w: World,
) -> None:
    cafe = await _cafe(w)
    user_id = (await w.invite()).portal_user_id
    await w.build(RecordPartner)(w.admin, w.jana.id, cafe.id)
    on_cafe = await w.build(AddGrant)(
        w.admin, user_id, GrantSpec(cafe.id, frozenset(), Capabilities())
    )
    await w.build(RemovePartner)(w.admin, w.jana.id, cafe.id)
    grants = {g.customer_id: g for g in w.kit.of_kind("grants")}
    assert grants[cafe.id].id == on_cafe.id and not grants[cafe.id].is_active
    assert grants[w.bakery.id].is_active
    assert w.kit.of_kind("partners") == []
    assert {"portal_grant.revoked", "contact.partner_removed"} <= set(_actions(w))
    assert SecurityEventKind.GRANT_REVOKED in w.events()
    with pytest.raises(NotFound):
        await w.build(RemovePartner)(w.admin, w.jana.id, cafe.id)
