"""What citizens type at the phone step: the one number in it, however it is written."""

from __future__ import annotations

import pytest

from bot.core.validation import phone_in


@pytest.mark.parametrize("text, expected", [
    ("0912345678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("sdt 0987654321", "0987654321"),
    ("sđt: 0912.345.678 ạ", "0912345678"),
    ("số của e là (+84) 912-345-678 nhé", "0912345678"),
    ("0912345678, 0912 345 678", "0912345678"),  # the same number twice
    ("0912345678 hoặc 0987654321", None),  # two numbers: which one is not guessed
    ("sdt 09012", None),
    ("không có", None),
    ("", None),
])
def test_the_phone_in_what_was_typed(text, expected):
    assert phone_in(text) == expected
