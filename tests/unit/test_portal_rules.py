"""Portal domain rules: invitations, grants, the visibility policy, sessions, throttling."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordinavo.domain.contacts import Contact, ContactDetails, Language
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.portal_access import (
    Capabilities,
    Grant,
    Invitation,
    InvitationNotUsable,
    InvitationStatus,
    PartnerRelation,
    PortalUser,
    check_grant_customer,
)
from ordinavo.domain.portal_sessions import TOUCH_INTERVAL, PortalSession
from ordinavo.domain.tenants import TenantSettings
from ordinavo.domain.throttling import LoginThrottle
from ordinavo.domain.visibility import PortalSubject
from tests.unit.fakes import NOW

TENANT = uuid4()


def customer() -> Customer:
    return Customer.register(
        id=uuid4(),
        tenant_id=TENANT,
        details=CustomerDetails(name="Bakery", customer_number="C-1"),
        now=NOW,
    )


def location(owner: Customer) -> Location:
    return Location.establish(
        id=uuid4(),
        customer=owner,
        now=NOW,
        details=LocationDetails(name="Main", address_line="x", city="x", country="DE"),
    )


def portal_user(email: str | None = "jana@x.example") -> PortalUser:
    contact = Contact.add(
        id=uuid4(),
        customer=customer(),
        location=None,
        now=NOW,
        details=ContactDetails(
            name="Jana",
            email=email,
            preferred_contact_method="phone",  # type: ignore[arg-type]
            phone="+49 1",
            preferred_language=Language.GERMAN,
        ),
    )
    return PortalUser.invite(id=uuid4(), contact=contact, email=None, now=NOW)


def invitation() -> Invitation:
    return Invitation.issue(
        id=uuid4(),
        user=portal_user(),
        token_hash="a" * 64,
        valid_days=7,
        invited_by=uuid4(),
        now=NOW,
    )


def test_an_invitation_is_pending_then_accepted_once() -> None:
    inv = invitation()
    assert inv.status_at(NOW) is InvitationStatus.PENDING
    inv.accept(NOW + timedelta(days=1))
    assert inv.status_at(NOW) is InvitationStatus.ACCEPTED
    with pytest.raises(InvitationNotUsable):
        inv.accept(NOW + timedelta(days=1))
    with pytest.raises(RuleViolation):
        inv.resend("b" * 64, 7, NOW)


def test_an_invitation_expires_exactly_at_its_expiry() -> None:
    inv = invitation()
    assert inv.status_at(NOW + timedelta(days=7, seconds=-1)) is InvitationStatus.PENDING
    assert inv.status_at(NOW + timedelta(days=7)) is InvitationStatus.EXPIRED
    with pytest.raises(InvitationNotUsable):
        inv.accept(NOW + timedelta(days=7))


def test_resending_replaces_the_link_and_extends_the_expiry() -> None:
    inv = invitation()
    later = NOW + timedelta(days=6)
    inv.resend("b" * 64, 7, later)
    assert inv.token_hash == "b" * 64
    assert inv.expires_at == later + timedelta(days=7)
    assert inv.sent_count == 2
    inv.revoke(later)
    assert inv.status_at(later) is InvitationStatus.REVOKED
    with pytest.raises(RuleViolation):
        inv.revoke(later)


def test_a_portal_user_speaks_the_contacts_language_and_needs_an_address() -> None:
    assert portal_user().language is Language.GERMAN
    with pytest.raises(RuleViolation, match="e-mail"):
        portal_user(email=None)


def test_a_portal_user_is_active_only_after_acceptance_and_until_disabled() -> None:
    user = portal_user()
    assert not user.is_active
    user.activate("hash", NOW)
    assert user.is_active
    user.disable(NOW)
    assert not user.is_active
    with pytest.raises(RuleViolation):
        user.activate("hash", NOW)
    user.enable()
    assert user.is_active


def test_a_grants_locations_must_belong_to_its_customer() -> None:
    bakery, harbour = customer(), customer()
    with pytest.raises(RuleViolation, match="belong"):
        Grant.give(
            id=uuid4(),
            portal_user_id=uuid4(),
            tenant_id=TENANT,
            customer_id=bakery.id,
            locations=[location(harbour)],
            capabilities=Capabilities(),
            now=NOW,
        )
    grant = Grant.give(
        id=uuid4(),
        portal_user_id=uuid4(),
        tenant_id=TENANT,
        customer_id=bakery.id,
        locations=[],
        capabilities=Capabilities(),
        now=NOW,
    )
    assert grant.covers_whole_customer
    grant.revoke(NOW)
    with pytest.raises(RuleViolation):
        grant.change(locations=[], capabilities=None, now=NOW)


def _grant(
    customer_id: UUID, locations: frozenset[UUID], revoked: bool = False, download: bool = False
) -> Grant:
    return Grant(
        id=uuid4(),
        tenant_id=TENANT,
        portal_user_id=uuid4(),
        customer_id=customer_id,
        location_ids=locations,
        capabilities=Capabilities(download_attachments=download),
        created_at=NOW,
        updated_at=NOW,
        revoked_at=NOW if revoked else None,
    )


def subject(*grants: Grant) -> PortalSubject:
    return PortalSubject(user_id=uuid4(), tenant_id=TENANT, session_id=uuid4(), grants=grants)


def test_a_customer_grant_sees_all_its_locations_and_customer_level_records() -> None:
    c, loc = uuid4(), uuid4()
    s = subject(_grant(c, frozenset()))
    assert s.may_see(c, loc) and s.may_see(c, None)
    assert not s.may_see(uuid4(), loc)


def test_a_location_grant_sees_only_its_locations_never_customer_level_records() -> None:
    c, mine, other = uuid4(), uuid4(), uuid4()
    s = subject(_grant(c, frozenset({mine})))
    assert s.may_see(c, mine)
    assert not s.may_see(c, other)
    assert not s.may_see(c, None)
    assert s.may_see_customer(c)


def test_revoked_grants_count_for_nothing() -> None:
    c = uuid4()
    s = subject(_grant(c, frozenset(), revoked=True))
    assert not s.may_see(c, None)
    assert s.scope().is_empty


def test_capability_narrows_the_scope() -> None:
    with_flag, without = uuid4(), uuid4()
    s = subject(_grant(with_flag, frozenset(), download=True), _grant(without, frozenset()))
    assert s.scope(needs="download_attachments").whole_customers == {with_flag}
    assert s.scope().whole_customers == {with_flag, without}
    assert s.has_capability("download_attachments")
    assert not s.has_capability("see_reports")


ids = st.sampled_from([UUID(int=n) for n in range(1, 7)])
grants = st.lists(st.tuples(ids, st.frozensets(ids, max_size=3), st.booleans()), max_size=5)


@given(grants, ids, st.one_of(st.none(), ids))
def test_may_see_and_the_listing_scope_always_agree(
    spec: list[tuple[UUID, frozenset[UUID], bool]], c: UUID, loc: UUID | None
) -> None:
    s = subject(*(_grant(cust, locs, revoked) for cust, locs, revoked in spec))
    scope = s.scope()
    listed = c in scope.whole_customers or (loc is not None and loc in scope.locations)
    assert s.may_see(c, loc) == listed


def session(settings: TenantSettings | None = None) -> PortalSession:
    return PortalSession.start(
        id=uuid4(),
        tenant_id=TENANT,
        portal_user_id=uuid4(),
        token_hash="s" * 64,
        settings=settings or TenantSettings(),
        now=NOW,
    )


def test_a_session_ends_after_30_idle_minutes_or_12_hours() -> None:
    s = session()
    assert s.is_valid_at(NOW + timedelta(minutes=29, seconds=59))
    assert not s.is_valid_at(NOW + timedelta(minutes=30))
    s.last_seen_at = NOW + timedelta(hours=11, minutes=59)
    assert s.is_valid_at(NOW + timedelta(hours=11, minutes=59, seconds=30))
    assert not s.is_valid_at(NOW + timedelta(hours=12))
    s.revoked_at = NOW
    assert not s.is_valid_at(NOW)


def test_session_timeouts_follow_tenant_settings_and_touches_are_rationed() -> None:
    s = session(TenantSettings(portal_idle_timeout_minutes=5, portal_absolute_timeout_hours=1))
    assert not s.is_valid_at(NOW + timedelta(minutes=5))
    assert not s.needs_touch(NOW + timedelta(seconds=59))
    assert s.needs_touch(NOW + timedelta(seconds=60))


def test_a_skipped_touch_never_lengthens_the_idle_window() -> None:
    """It shortens it by less than a minute: the window runs from the last touch written."""
    s = session()  # 30 idle minutes
    last_request = NOW + timedelta(seconds=59)
    assert not s.needs_touch(last_request)  # not written: last_seen_at stays at NOW
    assert s.is_valid_at(NOW + timedelta(minutes=29, seconds=59))
    ends = NOW + timedelta(minutes=30)
    assert not s.is_valid_at(ends)
    assert timedelta(0) <= last_request + timedelta(minutes=30) - ends < TOUCH_INTERVAL


def test_tenant_settings_are_bounded() -> None:
    with pytest.raises(InvalidValue):
        TenantSettings(portal_idle_timeout_minutes=1)
    with pytest.raises(InvalidValue):
        TenantSettings(invitation_valid_days=31)


def test_the_throttle_allows_five_failures_then_doubles_the_wait() -> None:
    throttle, now = LoginThrottle(key="k"), NOW
    assert [throttle.record_failure(now) for _ in range(5)] == [False] * 5
    assert throttle.retry_after(now) is None
    waits = []
    for _ in range(4):
        assert throttle.record_failure(now) is True
        waits.append(throttle.retry_after(now))
    assert waits == [timedelta(seconds=s) for s in (2, 4, 8, 16)]
    for _ in range(20):
        throttle.record_failure(now)
    assert throttle.retry_after(now) == timedelta(minutes=15)
    throttle.record_success()
    assert throttle.retry_after(now) is None and throttle.failures == 0


def test_the_throttle_forgets_old_failures() -> None:
    throttle = LoginThrottle(key="k")
    for _ in range(5):
        throttle.record_failure(NOW)
    assert throttle.record_failure(NOW + timedelta(hours=25)) is False
    assert throttle.failures == 1


def test_a_portal_users_status_follows_its_life_cycle() -> None:
    user = portal_user()
    assert user.status.value == "invited"
    user.activate("hash", NOW)
    assert user.status.value == "active"
    user.disable(NOW)
    assert user.status.value == "disabled"


# -- grants only on the contact's own customer, or one it is a recorded partner of --------


def named(name: str) -> Customer:
    return Customer.register(
        id=uuid4(),
        tenant_id=TENANT,
        details=CustomerDetails(name=name, customer_number=f"C-{uuid4().hex[:8]}"),
        now=NOW,
    )


def contact_of(owner: Customer) -> Contact:
    return Contact.add(
        id=uuid4(),
        customer=owner,
        location=None,
        now=NOW,
        details=ContactDetails(name="Jana", email="jana@x.example"),
    )


def test_a_grant_on_the_contacts_own_customer_passes() -> None:
    bakery = named("Bakery Müller")
    check_grant_customer(contact_of(bakery), bakery, bakery, frozenset())


def test_a_grant_on_another_customer_is_refused_in_plain_words() -> None:
    bakery, cafe = named("Bakery Müller"), named("Café Lenz")
    jana = contact_of(bakery)
    with pytest.raises(RuleViolation) as refused:
        check_grant_customer(jana, bakery, cafe, frozenset({uuid4()}))
    assert refused.value.message == (
        "Jana is a contact of Bakery Müller; a grant on Café Lenz needs Jana recorded as a "
        "partner of Café Lenz first."
    )
    assert refused.value.field == "customerId"
    assert str(cafe.id) not in refused.value.message


def test_a_grant_on_a_customer_the_contact_is_a_partner_of_passes() -> None:
    bakery, cafe = named("Bakery Müller"), named("Café Lenz")
    check_grant_customer(contact_of(bakery), bakery, cafe, frozenset({cafe.id}))


def test_a_partner_relation_names_another_customer_of_an_active_contact() -> None:
    bakery, cafe = named("Bakery Müller"), named("Café Lenz")
    jana = contact_of(bakery)
    by = uuid4()
    relation = PartnerRelation.record(id=uuid4(), contact=jana, customer=cafe, by=by, now=NOW)
    assert (relation.contact_id, relation.customer_id) == (jana.id, cafe.id)
    assert (relation.created_by, relation.tenant_id) == (by, TENANT)
    with pytest.raises(RuleViolation, match="Bakery Müller is already Jana's own customer"):
        PartnerRelation.record(id=uuid4(), contact=jana, customer=bakery, by=by, now=NOW)
    jana.archive(NOW)
    with pytest.raises(RuleViolation, match="archived"):
        PartnerRelation.record(id=uuid4(), contact=jana, customer=cafe, by=by, now=NOW)
