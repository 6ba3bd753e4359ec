"""Domain rules of customers, locations and contacts (no I/O)."""

from __future__ import annotations

from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordinavo.domain import values
from ordinavo.domain.contacts import Contact, ContactDetails, ContactMethod
from ordinavo.domain.customers import Customer, CustomerDetails, CustomerStatus
from ordinavo.domain.errors import DomainError, InvalidValue, RuleViolation
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.paging import PageRequest
from tests.unit.fakes import NOW

TENANT = uuid4()


def customer(**details: object) -> Customer:
    fields = {"name": "Bakery", "customer_number": "C-1", **details}
    return Customer.register(
        id=uuid4(), tenant_id=TENANT, details=CustomerDetails(**fields), now=NOW
    )  # type: ignore[arg-type]


def location(owner: Customer, name: str = "Main") -> Location:
    return Location.establish(
        id=uuid4(),
        customer=owner,
        details=LocationDetails(name=name, address_line="Main 1", city="Berlin", country="de"),
        now=NOW,
    )


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"customer_number": "C 1"}, "customerNumber"),
        ({"website": "ftp://bakery.example"}, "website"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"status": CustomerStatus.ARCHIVED}, "status"),
    ],
)
def test_customer_details_are_validated(details: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        customer(**details)
    assert refused.value.field == field


def test_a_customer_is_cleaned_up_on_registration() -> None:
    c = customer(name="  Bakery  ", email="INFO@Bakery.Example", industry="")
    assert c.details.name == "Bakery"
    assert c.details.email == "info@bakery.example"
    assert c.details.industry is None


def test_revise_reports_only_fields_that_really_changed() -> None:
    c = customer()
    assert c.revise({"name": "Bakery"}, NOW) == []
    assert c.revise({"name": "Bakery GmbH", "industry": "Food"}, NOW) == ["name", "industry"]
    assert c.details.name == "Bakery GmbH"


def test_an_archived_customer_is_frozen_and_takes_no_new_records() -> None:
    c = customer()
    c.archive(NOW)
    assert c.status is CustomerStatus.ARCHIVED
    with pytest.raises(RuleViolation):
        c.revise({"name": "New"}, NOW)
    with pytest.raises(RuleViolation):
        c.archive(NOW)
    with pytest.raises(RuleViolation):
        location(c)


def test_a_location_takes_its_customers_tenant_and_normalises_the_country() -> None:
    owner = customer()
    loc = location(owner)
    assert loc.tenant_id == owner.tenant_id and loc.customer_id == owner.id
    assert loc.details.country == "DE"


@pytest.mark.parametrize("minutes", [0, 1441])
def test_default_work_time_is_bounded(minutes: int) -> None:
    with pytest.raises(RuleViolation):
        Location.establish(
            id=uuid4(),
            customer=customer(),
            details=LocationDetails(
                name="M", address_line="a", city="b", country="DE", default_work_minutes=minutes
            ),
            now=NOW,
        )


def test_a_contacts_location_must_belong_to_the_contacts_customer() -> None:
    bakery, harbour = customer(), customer(customer_number="C-2")
    foreign = location(harbour)
    details = ContactDetails(name="Jana", email="jana@x.example")
    with pytest.raises(RuleViolation, match="belong"):
        Contact.add(id=uuid4(), customer=bakery, location=foreign, details=details, now=NOW)
    contact = Contact.add(
        id=uuid4(), customer=bakery, location=location(bakery), details=details, now=NOW
    )
    with pytest.raises(RuleViolation):
        contact.move_to(foreign, NOW)
    assert contact.move_to(None, NOW) is True
    assert contact.location_id is None


def test_the_preferred_contact_method_needs_its_channel() -> None:
    with pytest.raises(RuleViolation, match="mobile"):
        Contact.add(
            id=uuid4(),
            customer=customer(),
            location=None,
            details=ContactDetails(
                name="Jana", email="j@x.example", preferred_contact_method=ContactMethod.MOBILE
            ),
            now=NOW,
        )


def test_external_references_are_limited_and_unique_per_system() -> None:
    with pytest.raises(InvalidValue):
        values.external_references([("erp", "1"), ("ERP", "2")])
    with pytest.raises(InvalidValue):
        values.external_references([(f"s{n}", "x") for n in range(21)])
    assert len(values.external_references([("erp", "1"), ("crm", "2")])) == 2


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (-91, 0), (0, 181), (0, -181)])
def test_coordinates_are_bounded(lat: float, lon: float) -> None:
    with pytest.raises(InvalidValue):
        values.Coordinates(lat, lon)


@given(st.text(min_size=1, max_size=30), st.sampled_from(["\x00", "\x07", "\r", "\x1b", "\x7f"]))
def test_single_line_texts_never_keep_control_characters(text: str, control: str) -> None:
    with pytest.raises(InvalidValue):
        values.text("a" + text + control + "b", "name", max_length=100)


@given(st.text(max_size=300))
def test_accepted_texts_respect_their_limit(text: str) -> None:
    try:
        cleaned = values.text(text, "name", max_length=50)
    except InvalidValue:
        return
    assert 0 < len(cleaned) <= 50
    assert cleaned == cleaned.strip()


@pytest.mark.parametrize("size", [0, 101])
def test_pages_hold_1_to_100(size: int) -> None:
    with pytest.raises(InvalidValue):
        PageRequest(size=size)


@pytest.mark.parametrize("address", ["jana\x00@x.example", "jana@x\x07.example", "ja na@x.de"])
def test_e_mail_addresses_refuse_control_characters_and_spaces(address: str) -> None:
    with pytest.raises(InvalidValue):
        values.email(address)
