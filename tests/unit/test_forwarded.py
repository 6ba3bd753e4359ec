"""The client address and scheme behind a proxy: believed only from a trusted peer."""

from __future__ import annotations

import pytest

from ordinavo.entrypoints.common.forwarded import (
    networks,
    resolve_client,
    resolve_scheme,
)

TRUSTED = networks(["10.0.0.0/8", "192.168.1.7", "fd00::/8"])


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_sends() -> None:
    assert resolve_client("127.0.0.1", ["203.0.113.5"], ()) == "127.0.0.1"


def test_an_untrusted_peer_is_the_client() -> None:
    assert resolve_client("198.51.100.9", ["203.0.113.5"], TRUSTED) == "198.51.100.9"


def test_a_trusted_peer_without_the_header_is_the_client() -> None:
    assert resolve_client("10.1.2.3", [], TRUSTED) == "10.1.2.3"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client() -> None:
    assert resolve_client("10.1.2.3", ["203.0.113.5"], TRUSTED) == "203.0.113.5"


def test_the_right_most_untrusted_entry_wins_over_what_the_client_wrote_left_of_it() -> None:
    forwarded = ["1.2.3.4, 203.0.113.5, 192.168.1.7"]
    assert resolve_client("10.1.2.3", forwarded, TRUSTED) == "203.0.113.5"


def test_several_headers_read_as_one_list_in_arrival_order() -> None:
    assert resolve_client("10.1.2.3", ["1.2.3.4", "203.0.113.5"], TRUSTED) == "203.0.113.5"


def test_when_every_hop_is_trusted_the_left_most_is_the_client() -> None:
    assert resolve_client("10.1.2.3", ["10.9.9.9, 10.8.8.8"], TRUSTED) == "10.9.9.9"


def test_garbage_from_the_proxy_falls_back_to_the_last_hop_it_vouches_for() -> None:
    assert resolve_client("10.1.2.3", ["unknown"], TRUSTED) == "10.1.2.3"
    assert resolve_client("10.1.2.3", ["unknown, 10.8.8.8"], TRUSTED) == "10.8.8.8"


@pytest.mark.parametrize(
    ("entry", "client"),
    [
        ("203.0.113.5:4711", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        (" 203.0.113.5 ", "203.0.113.5"),
    ],
)
def test_ports_and_brackets_are_taken_off(entry: str, client: str) -> None:
    assert resolve_client("10.1.2.3", [entry], TRUSTED) == client


def test_an_ipv6_peer_and_an_ipv4_mapped_peer_can_be_trusted() -> None:
    assert resolve_client("fd00::1", ["203.0.113.5"], TRUSTED) == "203.0.113.5"
    assert resolve_client("::ffff:10.1.2.3", ["203.0.113.5"], TRUSTED) == "203.0.113.5"


def test_a_peer_that_is_no_address_is_never_trusted() -> None:
    assert resolve_client("testclient", ["203.0.113.5"], TRUSTED) == "testclient"
    assert resolve_client(None, ["203.0.113.5"], TRUSTED) is None


def test_the_scheme_only_from_a_trusted_peer_and_only_http_or_https() -> None:
    assert resolve_scheme("10.1.2.3", "http", ["https"], TRUSTED) == "https"
    assert resolve_scheme("198.51.100.9", "http", ["https"], TRUSTED) == "http"
    assert resolve_scheme("10.1.2.3", "http", ["https"], ()) == "http"
    assert resolve_scheme("10.1.2.3", "http", ["gopher"], TRUSTED) == "http"
    assert resolve_scheme("10.1.2.3", "http", ["http, HTTPS"], TRUSTED) == "https"
