"""Checks and clean-up of what citizens type: control characters, names, phones, addresses."""

from __future__ import annotations

import re
import unicodedata

# Vietnamese mobile and landline numbers: 0 or +84, then 9 or 10 digits.
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")
_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s.\-()]{7,}\d")


def clean_text(text: str) -> str:
    """NFC text without control characters (newlines and tabs kept), trimmed."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # no control character at all: the common case, at C speed
        return text.strip()
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "".join(kept).strip()


def normalise_phone(text: str) -> str | None:
    """`0912345678` for any usual way of writing a Vietnamese number, None if it is not one."""
    digits = re.sub(r"[\s.\-()]", "", text)
    match = _PHONE.match(digits)
    return f"0{match.group(1)}" if match else None


def phone_in(text: str) -> str | None:
    """The one phone number in what a citizen typed ("sđt: 0912 345 678 ạ"), normalised; None
    when there is none or more than one."""
    if (whole := normalise_phone(text)) is not None:
        return whole
    found = {normalise_phone(run) for run in _PHONE_RUN.findall(text)} - {None}
    return found.pop() if len(found) == 1 else None


def is_plausible_name(text: str) -> bool:
    """At least two letters, no digits, at most 80 characters."""
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 2 and len(text) <= 80 and not any(ch.isdigit() for ch in text)


def is_plausible_address(text: str) -> bool:
    return 5 <= len(text) <= 300 and sum(ch.isalpha() for ch in text) >= 3


def mask_phone(phone: str) -> str:
    """`0912***678`: enough for the citizen to recognise, too little to misuse."""
    return phone[:4] + "***" + phone[-3:] if len(phone) >= 8 else "***"
