"""The client's address behind a reverse proxy: the header is believed only from a trusted
peer, and then only its right-most hop that is not one of our proxies."""

from __future__ import annotations

from unittest.mock import Mock

import pytest
from aiohttp.test_utils import make_mocked_request

from handlers.client_address import ClientAddresses, parse_networks
from handlers.web_guard import origin_allowed, origins

BEHIND = ClientAddresses("X-Forwarded-For", parse_networks("10.0.0.0/8, 127.0.0.1"))


def request(peer: str, **headers: str):
    transport = Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        (peer, 40000) if name == "peername" else default)
    return make_mocked_request("POST", "/api/chat", headers=headers, transport=transport)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # Through our proxies: the right-most hop they did not write.
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # 1.2.3.4 is forged
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "10.0.0.5, 10.0.0.9", "10.0.0.5"),  # every hop ours: the first
        # A client reaching us directly cannot choose its address with the header.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
    ],
)
def test_the_right_most_untrusted_hop_from_a_trusted_peer(peer, forwarded, expected):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    assert BEHIND.of(request(peer, **headers)) == expected


def test_without_a_configured_header_the_peer_is_the_client():
    direct = request("10.0.0.2", **{"X-Forwarded-For": "1.2.3.4"})
    assert ClientAddresses().of(direct) == "10.0.0.2"


def test_https_and_the_host_are_believed_from_our_proxies_only():
    assert BEHIND.is_https(request("10.0.0.2", **{"X-Forwarded-Proto": "https"}))
    assert not BEHIND.is_https(request("198.51.100.4", **{"X-Forwarded-Proto": "https"}))
    forwarded = {"Host": "127.0.0.1:8080", "X-Forwarded-Host": "pakn.example.vn"}
    assert BEHIND.host(request("10.0.0.2", **forwarded)) == "pakn.example.vn"
    assert BEHIND.host(request("198.51.100.4", **forwarded)) == "127.0.0.1:8080"


@pytest.mark.parametrize(
    ("origin", "allowed", "taken"),
    [
        (None, "", True),  # not a browser: it carries no citizen's cookie
        ("https://pakn.example.vn", "", True),
        ("https://evil.example", "", False),
        ("null", "", False),
        ("https://cong.example.vn", "https://cong.example.vn/", True),
        ("https://pakn.example.vn", "https://cong.example.vn", False),
    ],
)
def test_origins(origin, allowed, taken):
    assert origin_allowed(origin, "pakn.example.vn", origins(allowed)) is taken
