"""What a client sends, read strictly: JSON that is UTF-8, shallow and encodable, and secrets
compared safely whatever bytes the header carried."""

from __future__ import annotations

import pytest

from handlers.untrusted import MAX_DEPTH, parse_json, same_secret


@pytest.mark.parametrize("body", [
    b"[" * 50_000 + b"]" * 50_000,  # deeper than Python's recursion limit
    b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2),  # readable, but deeper than any update
    b'{"update_id": ' + b"9" * 4301 + b"}",  # past the int-string digit limit
    b'{"text": "\\ud800"}', b'{"\\udfff": 1}',  # lone surrogates, in a value and in a key
    b'{"text": "\xff"}', "{}".encode("utf-16"), b"\xef\xbb\xbf{}",  # not plain UTF-8
    b"", b"{", b"NaN-ish",
])
def test_what_is_not_plain_json_is_a_value_error(body):
    with pytest.raises(ValueError):
        parse_json(body)


def test_plain_json_is_read_as_it_is():
    body = '{"update_id": 12, "message": {"text": "Xin chào 👋", "n": [1, 2.5, null]}}'
    assert parse_json(body.encode()) == {"update_id": 12, "message": {
        "text": "Xin chào 👋", "n": [1, 2.5, None]}}
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None


@pytest.mark.parametrize(("given", "right"), [
    ("telegram-secret-0001", True), ("telegram-secret-0002", False), (None, False),
    ("", False), ("telegram-secret-000", False),
    ("\udcff\udcfe", False),  # bytes that were not UTF-8, as aiohttp hands them over
    ("\ud800", False),  # a lone surrogate that no encoding takes
    ("télégram-secret-0001", False),
])
def test_secrets_are_compared_without_ever_raising(given, right):
    assert same_secret(given, "telegram-secret-0001") is right
