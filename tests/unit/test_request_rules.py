"""Portal request rules and use cases: drafts, windows, the review's moves, idempotency,
comments and the customer's milestones, run against fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from ordinavo.application.errors import Forbidden, NotFound
from ordinavo.application.use_cases.portal.list_my_request_comments import (
    ListMyRequestComments,
)
from ordinavo.application.use_cases.portal.submit_request import RequestInput, SubmitRequest
from ordinavo.application.use_cases.requests.comment_on_request import CommentOnRequest
from ordinavo.application.use_cases.requests.reject_request import RejectRequest
from ordinavo.application.use_cases.requests.start_request_review import StartRequestReview
from ordinavo.domain.customers import Customer, CustomerDetails
from ordinavo.domain.errors import InvalidValue, RuleViolation
from ordinavo.domain.identity import Actor, Role
from ordinavo.domain.locations import Location, LocationDetails
from ordinavo.domain.paging import PageRequest
from ordinavo.domain.portal_access import Capabilities, Grant
from ordinavo.domain.requests import (
    Milestone,
    PortalRequest,
    RequestDraft,
    RequestStatus,
    RequestType,
    milestones,
    preferred_windows,
)
from ordinavo.domain.visibility import PortalSubject
from tests.unit.fakes import NOW, Kit

A = UUID(int=10**6)
DISPATCHER = Actor.user(user_id=uuid4(), tenant_id=A, role=Role.DISPATCHER)


def _draft(**over: object) -> RequestDraft:
    fields: dict[str, object] = {
        "type": RequestType.SERVICE,
        "title": "Oven is cold",
        "description": "It does not heat.",
        "location_id": uuid4(),
    }
    fields.update(over)
    return RequestDraft(**fields)  # type: ignore[arg-type]


def _request(**over: object) -> PortalRequest:
    return PortalRequest.submit(
        id=uuid4(),
        tenant_id=A,
        draft=_draft(**over),
        customer_id=uuid4(),
        author_id=UUID(int=7),
        contact_id=None,
        now=NOW,
    )


# --- drafts and windows ----------------------------------------------------------------------


def test_work_requests_name_a_location_and_support_may_name_the_customer() -> None:
    with pytest.raises(RuleViolation, match="location"):
        _draft(location_id=None).validated()
    assert _draft(type=RequestType.SUPPORT, location_id=None, customer_id=uuid4()).validated()
    with pytest.raises(RuleViolation, match="location or the customer"):
        _draft(type=RequestType.SUPPORT, location_id=None).validated()


def test_only_reschedule_and_cancellation_requests_name_an_appointment() -> None:
    with pytest.raises(RuleViolation, match="names the appointment"):
        _draft(type=RequestType.RESCHEDULE, location_id=None).validated()
    with pytest.raises(RuleViolation, match="Only reschedule"):
        _draft(appointment_id=uuid4()).validated()


def test_texts_are_required_and_bounded() -> None:
    with pytest.raises(InvalidValue, match="description"):
        _draft(description="   ").validated()
    with pytest.raises(InvalidValue, match="title"):
        _draft(title="x" * 201).validated()


@pytest.mark.parametrize(
    ("start", "hours", "message"),
    [(-1, 2, "future"), (1, -1, "end after it starts"), (1, 25, "one day")],
)
def test_preferred_windows_lie_ahead_end_after_they_start_and_span_a_day(
    start: int, hours: int, message: str
) -> None:
    begins = NOW + timedelta(days=start)
    with pytest.raises(InvalidValue, match=message):
        preferred_windows([(begins, begins + timedelta(hours=hours))], NOW)


def test_at_most_five_preferred_windows_and_they_come_sorted() -> None:
    starts = [NOW + timedelta(days=d) for d in (3, 1, 2)]
    windows = preferred_windows([(s, s + timedelta(hours=1)) for s in starts], NOW)
    assert [w.starts_at for w in windows] == sorted(starts)
    with pytest.raises(InvalidValue, match="At most 5"):
        preferred_windows([(starts[0], starts[0] + timedelta(hours=1))] * 6, NOW)


# --- the review ------------------------------------------------------------------------------


def test_review_moves_and_what_they_refuse() -> None:
    reviewer = uuid4()
    request = _request()
    request.start_review(reviewer, NOW)
    with pytest.raises(RuleViolation, match="under review cannot be taken into review"):
        request.start_review(reviewer, NOW)
    with pytest.raises(RuleViolation, match="Only the author"):
        request.withdraw(uuid4(), NOW)
    with pytest.raises(RuleViolation, match="under review cannot be withdrawn"):
        request.withdraw(request.author_id, NOW)
    request.reject(reviewer, "Not our trade.", NOW)
    with pytest.raises(RuleViolation, match="rejected cannot be converted"):
        request.convert(reviewer, uuid4(), NOW)
    assert request.status is RequestStatus.REJECTED


def test_a_decline_needs_a_reason_for_the_customer() -> None:
    with pytest.raises(InvalidValue, match="reason"):
        _request().reject(uuid4(), "  ", NOW)


def test_a_reschedule_request_is_not_converted_into_new_work() -> None:
    request = _request(type=RequestType.RESCHEDULE, location_id=None, appointment_id=uuid4())
    request.start_review(uuid4(), NOW)
    with pytest.raises(RuleViolation, match="settled on its appointment"):
        request.convert(uuid4(), uuid4(), NOW)


def test_milestones_follow_the_request_to_its_planned_visit_and_done() -> None:
    request = _request()
    request.start_review(uuid4(), NOW + timedelta(hours=1))
    request.convert(uuid4(), uuid4(), NOW + timedelta(hours=2))
    visit = NOW + timedelta(days=3)
    entries = milestones(request, planned_visit=visit, done_at=NOW + timedelta(days=3, hours=2))
    assert [e.milestone for e in entries] == [
        Milestone.RECEIVED,
        Milestone.UNDER_REVIEW,
        Milestone.ACCEPTED,
        Milestone.PLANNED,
        Milestone.DONE,
    ]
    assert entries[3].appointment_starts_at == visit


# --- use cases -------------------------------------------------------------------------------


async def _place(kit: Kit) -> tuple[Customer, Location]:
    customer = Customer.register(
        id=uuid4(),
        tenant_id=A,
        details=CustomerDetails(name="Bakery", customer_number="C-1"),
        now=NOW,
    )
    location = Location.establish(
        id=uuid4(),
        customer=customer,
        details=LocationDetails(name="Shop", address_line="Main 1", city="Berlin", country="DE"),
        now=NOW,
    )
    await kit.uow(A).customers.add(customer)
    await kit.uow(A).locations.add(location)
    return customer, location


def _subject(customer: Customer, location: Location, *, submit: bool = True) -> PortalSubject:
    grant = Grant.give(
        id=uuid4(),
        portal_user_id=uuid4(),
        tenant_id=A,
        customer_id=customer.id,
        locations=[location],
        capabilities=Capabilities(submit_requests=submit),
        now=NOW,
    )
    return PortalSubject(
        user_id=grant.portal_user_id, tenant_id=A, session_id=uuid4(), grants=(grant,)
    )


def _input(location: Location, title: str = "Oven is cold") -> RequestInput:
    return RequestInput(
        type=RequestType.SERVICE, title=title, description="Please.", location_id=location.id
    )


async def test_submitting_needs_the_flag_and_a_granted_location() -> None:
    kit = Kit()
    customer, shop = await _place(kit)
    _, elsewhere = await _place(kit)
    with pytest.raises(Forbidden):
        await kit.build(SubmitRequest, A)(_subject(customer, shop, submit=False), _input(shop))
    with pytest.raises(NotFound):
        await kit.build(SubmitRequest, A)(_subject(customer, shop), _input(elsewhere))
    assert kit.of_kind("requests") == []
    done = await kit.build(SubmitRequest, A)(_subject(customer, shop), _input(shop))
    assert done.request.status is RequestStatus.SUBMITTED
    assert [e.type for e in kit.of_kind("events")] == ["request.submitted"]
    assert kit.of_kind("events")[0].actor_type == "portal_user"


async def test_the_same_key_and_body_return_the_first_request() -> None:
    kit = Kit()
    customer, shop = await _place(kit)
    subject = _subject(customer, shop)
    first = await kit.build(SubmitRequest, A)(subject, _input(shop), "key-000001")
    again = await kit.build(SubmitRequest, A)(subject, _input(shop), "key-000001")
    assert again.request.id == first.request.id
    assert again.repeated and not first.repeated
    with pytest.raises(InvalidValue, match="Idempotency-Key"):
        await kit.build(SubmitRequest, A)(subject, _input(shop, "Other"), "key-000001")
    assert len(kit.of_kind("requests")) == 1


async def test_internal_comments_and_notes_never_reach_the_portal_list() -> None:
    kit = Kit()
    customer, shop = await _place(kit)
    subject = _subject(customer, shop)
    made = (await kit.build(SubmitRequest, A)(subject, _input(shop))).request
    comment = kit.build(CommentOnRequest, A)
    await comment(DISPATCHER, made.id, "We come on Tuesday.", internal=False)
    await comment(DISPATCHER, made.id, "Customer is difficult.", internal=True)
    await kit.build(StartRequestReview, A)(DISPATCHER, made.id)
    await kit.build(RejectRequest, A)(DISPATCHER, made.id, "Not possible.", "Staff only.")
    seen = await kit.build(ListMyRequestComments, A)(subject, made.id, PageRequest())
    assert [c.comment.body for c in seen.items] == ["We come on Tuesday."]
    employee = Actor.user(user_id=uuid4(), tenant_id=A, role=Role.EMPLOYEE)
    with pytest.raises(Forbidden):
        await comment(employee, made.id, "Hi", internal=False)
