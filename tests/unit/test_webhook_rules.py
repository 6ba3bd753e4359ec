"""Webhook domain rules: Standard Webhooks signing, which addresses and URLs a delivery may go
to, the retry schedule, the delivery and endpoint state machines and the payload policy."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from ordinavo.domain.errors import DomainError, InvalidValue, RuleViolation
from ordinavo.domain.values import ExternalReference
from ordinavo.domain.webhooks import (
    MAX_RETRY_AFTER,
    RETRY_SCHEDULE,
    AttemptOutcome,
    Delivery,
    DeliveryStatus,
    DisabledReason,
    EndpointSettings,
    EndpointStatus,
    ErrorClass,
    PayloadOptions,
    SourceId,
    Subject,
    WebhookEndpoint,
    about_own_source,
    address_allowed,
    carried_source_id,
    check_endpoint_url,
    check_event_types,
    excerpt,
    failing_too_long,
    payload_fields,
    retry_delay,
    secret_from,
    shared_references,
    sign,
    signature_header,
)

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

# Text that encodes to UTF-8 (no lone surrogates), as ids and bodies on the wire do.
_WIRE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


# --- signing -------------------------------------------------------------------------------


def test_a_signature_reproduces_the_standard_webhooks_test_vector() -> None:
    signature = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@settings(derandomize=True, max_examples=50)
@given(
    key=st.binary(min_size=24, max_size=64),
    msg_id=_WIRE_TEXT,
    timestamp=st.integers(min_value=0, max_value=4_102_444_800),
    body_text=_WIRE_TEXT,
)
def test_a_signature_equals_the_reference_library_for_any_secret_id_and_body(
    key: bytes, msg_id: str, timestamp: int, body_text: str
) -> None:
    secret = secret_from(key)
    expected = Webhook(secret).sign(msg_id, datetime.fromtimestamp(timestamp, tz=UTC), body_text)
    assert sign(secret, msg_id, timestamp, body_text.encode()) == expected


def _headers(msg_id: str, timestamp: int, signature: str) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


def test_the_reference_library_verifies_a_signature_header_made_now() -> None:
    secret = secret_from(bytes(range(32)))
    body = json.dumps({"type": "customer.registered", "data": {"id": "c-1"}}).encode()
    timestamp = int(time.time())
    header = signature_header([secret], "msg_1", timestamp, body)
    assert Webhook(secret).verify(body, _headers("msg_1", timestamp, header)) == json.loads(body)


def test_during_a_rotation_each_secret_verifies_its_own_signature() -> None:
    new = secret_from(b"n" * 32)
    old = secret_from(b"o" * 32)
    body = b'{"type": "webhook.test"}'
    timestamp = int(time.time())
    header = signature_header([new, old], "msg_2", timestamp, body)
    signatures = header.split(" ")
    assert len(signatures) == 2
    first, second = signatures
    assert Webhook(new).verify(body, _headers("msg_2", timestamp, first)) == {
        "type": "webhook.test"
    }
    assert Webhook(old).verify(body, _headers("msg_2", timestamp, second)) == {
        "type": "webhook.test"
    }
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, _headers("msg_2", timestamp, first))
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body, _headers("msg_2", timestamp, second))


@pytest.mark.parametrize("size", [0, 16, 23, 65, 128])
def test_a_secret_needs_24_to_64_random_bytes(size: int) -> None:
    with pytest.raises(ValueError, match="24 to 64"):
        secret_from(b"x" * size)


@pytest.mark.parametrize("size", [24, 32, 64])
def test_a_secret_is_whsec_and_the_base64_of_its_bytes(size: int) -> None:
    random_bytes = bytes((i * 37 + 11) % 256 for i in range(size))
    secret = secret_from(random_bytes)
    assert secret.startswith("whsec_")
    assert base64.b64decode(secret.removeprefix("whsec_"), validate=True) == random_bytes


# --- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104
        "255.255.255.255",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:8.8.8.8",  # IPv4-mapped, even of a public address
        "64:ff9b::808:808",  # NAT64
        "2002:c000:0204::1",  # 6to4
        "not-an-ip",
        "fe80::1%eth0",
    ],
)
def test_a_delivery_never_goes_to_a_private_or_reserved_address(address: str) -> None:
    assert address_allowed(address) is False


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_a_delivery_may_go_to_a_public_address(address: str) -> None:
    assert address_allowed(address) is True


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_loopback_is_allowed_only_when_the_setting_says_so(address: str) -> None:
    assert address_allowed(address) is False
    assert address_allowed(address, allow_loopback=True) is True


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254"])
def test_allowing_loopback_does_not_open_private_addresses(address: str) -> None:
    assert address_allowed(address, allow_loopback=True) is False


# --- endpoint URLs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x",
        "ftp://example.com/x",
        "https://localhost/x",
        "https://foo.localhost/x",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://10.0.0.5/x",
        "https://169.254.169.254/latest",
        "https://intranet/x",
        "https://printer.local/x",
        "https://db.internal/x",
        "https://user:pw@example.com/x",
        "https://example.com/x#frag",
        "https://example.com:0/x",
        "",
        "   ",
        pytest.param("https://example.com/" + "a" * 1981, id="2001-characters"),
    ],
)
def test_an_endpoint_url_must_be_https_to_a_public_host(url: str) -> None:
    with pytest.raises((RuleViolation, InvalidValue)) as caught:
        check_endpoint_url(url)
    assert isinstance(caught.value, DomainError)
    assert caught.value.field == "url"


def test_the_over_long_url_is_one_character_over_the_limit() -> None:
    url = "https://example.com/" + "a" * 1981
    assert len(url) == 2001
    assert check_endpoint_url(url[:-1]) == url[:-1]


@pytest.mark.parametrize(
    "url", ["https://hooks.example.com/ordinavo?token=abc", "https://93.184.216.34:8443/x"]
)
def test_an_https_url_of_a_public_host_is_accepted(url: str) -> None:
    assert check_endpoint_url(url) == url


@pytest.mark.parametrize("url", ["http://127.0.0.1:9000/hooks", "http://localhost:9000/"])
def test_allowing_loopback_accepts_plain_http_to_this_machine(url: str) -> None:
    assert check_endpoint_url(url, allow_loopback=True) == url


@pytest.mark.parametrize("url", ["http://example.com", "https://10.0.0.5"])
def test_allowing_loopback_still_refuses_other_hosts_and_private_addresses(url: str) -> None:
    with pytest.raises((RuleViolation, InvalidValue)) as caught:
        check_endpoint_url(url, allow_loopback=True)
    assert caught.value.field == "url"


# --- the retry schedule --------------------------------------------------------------------


def test_the_retry_schedule_is_the_standard_webhooks_one() -> None:
    assert RETRY_SCHEDULE == (
        timedelta(0),
        timedelta(seconds=5),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(hours=10),
        timedelta(hours=14),
        timedelta(hours=20),
        timedelta(hours=24),
    )


@pytest.mark.parametrize("failed", range(1, 10))
@pytest.mark.parametrize("jitter", [0.0, 0.5, 0.999])
def test_a_retry_never_comes_later_than_the_schedule_nor_more_than_ten_percent_early(
    failed: int, jitter: float
) -> None:
    delay = retry_delay(failed, jitter)
    assert delay is not None
    assert RETRY_SCHEDULE[failed] * 0.9 <= delay <= RETRY_SCHEDULE[failed]
    if jitter == 0.0:
        assert delay == RETRY_SCHEDULE[failed]


@pytest.mark.parametrize("failed", [10, 11, 50])
def test_after_ten_failures_there_is_no_retry(failed: int) -> None:
    assert retry_delay(failed, 0.0) is None
    assert retry_delay(failed, 0.5) is None


# --- deliveries ----------------------------------------------------------------------------

BODY = b'{"type":"customer.registered","data":{"id":"c-1"}}'


def _delivery() -> Delivery:
    return Delivery.make(
        id=uuid4(),
        tenant_id=uuid4(),
        endpoint_id=uuid4(),
        event_id=uuid4(),
        event_type="customer.registered",
        body=BODY,
        now=NOW,
    )


def _leased(delivery: Delivery, now: datetime) -> Delivery:
    delivery.lease_until = now + timedelta(minutes=1)
    delivery.lease_token = uuid4()
    return delivery


def test_a_new_delivery_is_pending_and_due_at_once() -> None:
    delivery = _delivery()
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.next_attempt_at == NOW
    assert delivery.failures_in_row == 0


@pytest.mark.parametrize("status_code", [200, 204, 299])
def test_a_2xx_answer_succeeds_and_releases_the_delivery(status_code: int) -> None:
    delivery = _leased(_delivery(), NOW)
    delivery.settle(AttemptOutcome(duration_ms=40, status_code=status_code), NOW, 0.0)
    assert delivery.status is DeliveryStatus.SUCCEEDED
    assert delivery.is_finished
    assert delivery.next_attempt_at is None
    assert delivery.lease_until is None
    assert delivery.lease_token is None
    assert delivery.last_status_code == status_code


@pytest.mark.parametrize(
    "outcome",
    [
        AttemptOutcome(duration_ms=40, status_code=300, error_class=ErrorClass.REDIRECT),
        AttemptOutcome(duration_ms=40, status_code=302, error_class=ErrorClass.REDIRECT),
        AttemptOutcome(duration_ms=40, status_code=404, error_class=ErrorClass.HTTP_STATUS),
        AttemptOutcome(duration_ms=40, status_code=500, error_class=ErrorClass.HTTP_STATUS),
        AttemptOutcome(duration_ms=10000, status_code=None, error_class=ErrorClass.TIMEOUT),
    ],
    ids=["300", "302", "404", "500", "timeout"],
)
def test_a_failed_attempt_is_tried_again_after_the_schedule_delay(
    outcome: AttemptOutcome,
) -> None:
    delivery = _leased(_delivery(), NOW)
    delivery.settle(outcome, NOW, 0.0)
    assert delivery.status is DeliveryStatus.FAILING
    assert not delivery.is_finished
    assert delivery.failures_in_row == 1
    assert delivery.next_attempt_at == NOW + RETRY_SCHEDULE[1]
    assert delivery.lease_until is None
    assert delivery.lease_token is None


def test_ten_failures_in_a_row_give_the_delivery_up() -> None:
    delivery = _delivery()
    now = NOW
    failure = AttemptOutcome(duration_ms=40, status_code=503, error_class=ErrorClass.HTTP_STATUS)
    for failed in range(1, 10):
        delivery.settle(failure, now, 0.0)
        assert delivery.status is DeliveryStatus.FAILING
        assert delivery.next_attempt_at == now + RETRY_SCHEDULE[failed]
        now = delivery.next_attempt_at
    delivery.settle(failure, now, 0.0)
    assert delivery.failures_in_row == 10
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None


def test_a_success_after_failures_starts_the_schedule_over() -> None:
    delivery = _delivery()
    failure = AttemptOutcome(duration_ms=40, status_code=500, error_class=ErrorClass.HTTP_STATUS)
    delivery.settle(failure, NOW, 0.0)
    delivery.settle(failure, NOW + timedelta(seconds=5), 0.0)
    delivery.settle(AttemptOutcome(duration_ms=40, status_code=200), NOW + timedelta(hours=1), 0.0)
    assert delivery.status is DeliveryStatus.SUCCEEDED
    assert delivery.failures_in_row == 0


def test_a_410_gives_the_delivery_up_at_once() -> None:
    delivery = _delivery()
    delivery.settle(
        AttemptOutcome(duration_ms=40, status_code=410, error_class=ErrorClass.HTTP_STATUS),
        NOW,
        0.0,
    )
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None


def test_a_retry_after_longer_than_the_schedule_is_honoured() -> None:
    delivery = _delivery()
    delivery.settle(
        AttemptOutcome(
            duration_ms=40,
            status_code=429,
            error_class=ErrorClass.HTTP_STATUS,
            retry_after=timedelta(hours=2),
        ),
        NOW,
        0.0,
    )
    assert delivery.status is DeliveryStatus.FAILING
    assert delivery.next_attempt_at == NOW + timedelta(hours=2)


def test_a_retry_after_is_capped_at_a_day() -> None:
    assert timedelta(hours=24) == MAX_RETRY_AFTER
    delivery = _delivery()
    delivery.settle(
        AttemptOutcome(
            duration_ms=40,
            status_code=429,
            error_class=ErrorClass.HTTP_STATUS,
            retry_after=timedelta(days=3),
        ),
        NOW,
        0.0,
    )
    assert delivery.next_attempt_at == NOW + MAX_RETRY_AFTER


def test_a_retry_after_shorter_than_the_schedule_does_not_bring_the_retry_earlier() -> None:
    delivery = _delivery()
    delivery.settle(
        AttemptOutcome(
            duration_ms=40,
            status_code=429,
            error_class=ErrorClass.HTTP_STATUS,
            retry_after=timedelta(seconds=1),
        ),
        NOW,
        0.0,
    )
    assert delivery.next_attempt_at == NOW + RETRY_SCHEDULE[1]


def test_giving_up_ends_the_delivery_and_releases_it() -> None:
    delivery = _leased(_delivery(), NOW)
    delivery.give_up(NOW)
    assert delivery.status is DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    assert delivery.lease_until is None
    assert delivery.lease_token is None


def test_a_resend_makes_a_failed_delivery_due_now_from_the_start_of_the_schedule() -> None:
    delivery = _delivery()
    now = NOW
    failure = AttemptOutcome(duration_ms=40, status_code=500, error_class=ErrorClass.HTTP_STATUS)
    for _ in range(10):
        delivery.settle(failure, now, 0.0)
        now += timedelta(days=1)
    assert delivery.status is DeliveryStatus.FAILED
    later = now + timedelta(days=2)
    delivery.resend(later)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.next_attempt_at == later
    assert delivery.failures_in_row == 0
    delivery.settle(failure, later, 0.0)
    assert delivery.next_attempt_at == later + RETRY_SCHEDULE[1]


def test_every_attempt_and_resend_carries_the_same_webhook_id_and_body() -> None:
    delivery = _delivery()
    expected_id = str(delivery.event_id)
    assert delivery.message_id == expected_id
    delivery.settle(
        AttemptOutcome(duration_ms=40, status_code=500, error_class=ErrorClass.HTTP_STATUS),
        NOW,
        0.0,
    )
    assert delivery.message_id == expected_id
    assert delivery.body == BODY
    delivery.settle(
        AttemptOutcome(duration_ms=40, status_code=410, error_class=ErrorClass.HTTP_STATUS),
        NOW + timedelta(seconds=5),
        0.0,
    )
    delivery.resend(NOW + timedelta(hours=1))
    assert delivery.message_id == expected_id
    assert delivery.body == BODY
    delivery.settle(AttemptOutcome(duration_ms=40, status_code=200), NOW + timedelta(hours=1), 0.0)
    assert delivery.message_id == expected_id
    assert delivery.body == BODY


# --- endpoints -----------------------------------------------------------------------------


def _endpoint() -> WebhookEndpoint:
    return WebhookEndpoint.register(
        id=uuid4(),
        tenant_id=uuid4(),
        settings=EndpointSettings(
            url="https://hooks.example.com/ordinavo",
            event_types=frozenset({"customer.registered", "target.created"}),
        ),
        sealed_secret="sealed-old",
        now=NOW,
    )


def test_a_registered_endpoint_is_enabled() -> None:
    endpoint = _endpoint()
    assert endpoint.status is EndpointStatus.ENABLED
    assert endpoint.is_enabled
    assert endpoint.disabled_reason is None


def test_a_disabled_endpoint_cannot_be_disabled_again() -> None:
    endpoint = _endpoint()
    endpoint.disable(DisabledReason.BY_STAFF, NOW)
    assert endpoint.status is EndpointStatus.DISABLED
    assert endpoint.disabled_reason is DisabledReason.BY_STAFF
    assert endpoint.disabled_at == NOW
    with pytest.raises(RuleViolation):
        endpoint.disable(DisabledReason.BY_STAFF, NOW + timedelta(minutes=1))


def test_enabling_an_endpoint_starts_it_afresh() -> None:
    endpoint = _endpoint()
    endpoint.failing_since = NOW - timedelta(days=5)
    endpoint.disable(DisabledReason.FAILING, NOW)
    endpoint.enable(NOW + timedelta(hours=1))
    assert endpoint.is_enabled
    assert endpoint.disabled_reason is None
    assert endpoint.disabled_at is None
    assert endpoint.failing_since is None


def test_an_endpoint_receives_only_subscribed_events_and_none_while_disabled() -> None:
    endpoint = _endpoint()
    assert endpoint.subscribes_to("customer.registered")
    assert not endpoint.subscribes_to("customer.archived")
    endpoint.disable(DisabledReason.BY_STAFF, NOW)
    assert not endpoint.subscribes_to("customer.registered")
    assert not endpoint.subscribes_to("target.created")
    assert not endpoint.subscribes_to("customer.archived")


def test_a_rotated_secret_signs_alongside_the_new_one_for_exactly_a_day() -> None:
    endpoint = _endpoint()
    assert endpoint.sealed_secrets(NOW) == ["sealed-old"]
    endpoint.rotate_secret("sealed-new", NOW)
    assert endpoint.sealed_secrets(NOW) == ["sealed-new", "sealed-old"]
    almost = NOW + timedelta(hours=24) - timedelta(microseconds=1)
    assert endpoint.sealed_secrets(almost) == ["sealed-new", "sealed-old"]
    assert endpoint.sealed_secrets(NOW + timedelta(hours=24)) == ["sealed-new"]
    assert endpoint.sealed_secrets(NOW + timedelta(days=3)) == ["sealed-new"]


def test_an_endpoint_that_never_failed_is_not_failing_too_long() -> None:
    assert failing_too_long(None, NOW) is False


def test_an_endpoint_fails_too_long_at_exactly_five_days() -> None:
    since = NOW - timedelta(days=5)
    assert failing_too_long(since, NOW) is True
    assert failing_too_long(since, NOW - timedelta(seconds=1)) is False
    assert failing_too_long(since, NOW + timedelta(days=1)) is True


# --- what a payload may carry --------------------------------------------------------------

_FORBIDDEN = (
    "internal",
    "note",
    "routing",
    "route",
    "travel",
    "planning",
    "secret",
    "apiKey",
    "accessNotes",
    "parkingNotes",
    "summary",
    "problems",
)
_ALL_OPT_INS = PayloadOptions(include_contact_details=True, include_billing_details=True)
_OPTION_SETS = [
    PayloadOptions(include_contact_details=contact, include_billing_details=billing)
    for contact in (False, True)
    for billing in (False, True)
]


@pytest.mark.parametrize("subject", list(Subject))
def test_a_payload_never_carries_internal_fields(subject: Subject) -> None:
    leaks = [
        (name, word)
        for name in payload_fields(subject, _ALL_OPT_INS)
        for word in _FORBIDDEN
        if word.lower() in name.lower()
        and not (subject is Subject.FOLLOW_UP and name == "customerNote" and word == "note")
    ]
    assert leaks == []


def test_the_follow_up_carries_its_customer_note() -> None:
    assert "customerNote" in payload_fields(Subject.FOLLOW_UP, PayloadOptions())


@pytest.mark.parametrize("subject", list(Subject))
@pytest.mark.parametrize("options", _OPTION_SETS)
def test_billing_details_only_for_work_and_billing_triggers_and_only_when_opted_in(
    subject: Subject, options: PayloadOptions
) -> None:
    expected = options.include_billing_details and subject in (
        Subject.WORK,
        Subject.BILLING_TRIGGER,
    )
    assert ("billingDetails" in payload_fields(subject, options)) is expected


@pytest.mark.parametrize("subject", list(Subject))
@pytest.mark.parametrize("options", _OPTION_SETS)
def test_email_and_phone_only_for_contacts_and_customers_and_only_when_opted_in(
    subject: Subject, options: PayloadOptions
) -> None:
    expected = options.include_contact_details and subject in (Subject.CONTACT, Subject.CUSTOMER)
    fields = payload_fields(subject, options)
    assert ("email" in fields) is expected
    assert ("phone" in fields) is expected


def test_a_contact_without_the_opt_in_is_only_its_identifiers_and_status() -> None:
    # Its id in the connected system that sent it is an identifier too.
    assert payload_fields(Subject.CONTACT, PayloadOptions()) == {
        "id",
        "customerId",
        "locationId",
        "status",
        "externalId",
        "source",
    }


@pytest.mark.parametrize(
    "subject",
    [Subject.CUSTOMER, Subject.LOCATION, Subject.CONTACT, Subject.WORK, Subject.APPOINTMENT],
)
def test_payloads_of_records_a_system_can_send_carry_its_id_and_key(subject: Subject) -> None:
    assert {"externalId", "source"} <= payload_fields(subject, PayloadOptions())


_IDS = (SourceId("erp", "E-1"), SourceId("crm", "C-1"))


def test_the_payload_carries_the_id_of_the_endpoints_own_system_or_none() -> None:
    assert carried_source_id(_IDS, PayloadOptions(source_system="ERP")) == _IDS[0]
    assert carried_source_id(_IDS, PayloadOptions(source_system="shop")) is None
    # Without a source system: the first by system key, the same every time.
    assert carried_source_id(_IDS, PayloadOptions()) == _IDS[1]
    assert carried_source_id((), PayloadOptions()) is None


def test_an_endpoint_limited_to_its_system_hears_only_of_that_systems_records() -> None:
    limited = PayloadOptions(source_system="ERP", source_events_only=True)
    assert about_own_source(limited, {"erp"}) is True
    assert about_own_source(limited, {"crm"}) is False
    assert about_own_source(limited, set()) is False
    # A source system alone filters references, not events: every event still comes.
    assert about_own_source(PayloadOptions(source_system="erp"), set()) is True
    assert about_own_source(PayloadOptions(), set()) is True


def test_limiting_to_the_source_systems_events_needs_a_source_system() -> None:
    settings = EndpointSettings(
        url="https://hooks.example.com/in",
        event_types=frozenset({"customer.changed"}),
        options=PayloadOptions(source_events_only=True),
    )
    with pytest.raises(RuleViolation) as caught:
        settings.validated(allow_loopback=False)
    assert caught.value.field == "sourceEventsOnly"
    limited = settings.revised({"source_system": "erp"}, allow_loopback=False)
    assert limited.options.source_events_only and limited.options.source_system == "erp"


_REFERENCES = (
    ExternalReference.of("ERP", "E-1"),
    ExternalReference.of("crm", "C-1"),
    ExternalReference.of("erp", "E-2"),
    ExternalReference.of("ErpX", "X-1"),
)


def test_a_source_system_sees_only_its_own_references_whatever_the_case() -> None:
    shared = shared_references(_REFERENCES, PayloadOptions(source_system="ERP"))
    assert shared == (_REFERENCES[0], _REFERENCES[2])


def test_without_a_source_system_every_reference_is_shared() -> None:
    assert shared_references(_REFERENCES, PayloadOptions(source_system=None)) == _REFERENCES


# --- event types and response excerpts -----------------------------------------------------


def test_an_endpoint_must_subscribe_to_at_least_one_event_type() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_event_types([])
    assert caught.value.field == "eventTypes"


def test_an_unknown_event_type_is_refused_by_name() -> None:
    with pytest.raises(InvalidValue) as caught:
        check_event_types(["customer.registered", "user.signed_in"])
    assert caught.value.field == "eventTypes"
    assert "user.signed_in" in caught.value.message


def test_known_event_types_come_back_as_a_set() -> None:
    checked = check_event_types(["customer.registered", "report.published", "report.published"])
    assert checked == frozenset({"customer.registered", "report.published"})
    assert isinstance(checked, frozenset)


def test_an_empty_response_has_no_excerpt() -> None:
    assert excerpt(b"") is None


def test_a_response_excerpt_is_at_most_4096_bytes() -> None:
    assert excerpt(b"a" * 10000) == "a" * 4096


def test_a_response_excerpt_never_holds_nul() -> None:
    text = excerpt(b"ok\x00\x00done")
    assert text is not None
    assert "\x00" not in text
    assert text.startswith("ok")
    assert text.endswith("done")
