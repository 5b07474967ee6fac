"""Contacts encrypted at rest (README "Personal data"): name, phone and address are sealed with
AES-256-GCM under a key derived by HKDF-SHA256 from the contact key (DATA_KEY, or the generated
key), each bound to its column and ticket so that no value can be moved to another row."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "enc1:"  # a stored value without it is clear text from before encryption
FIELDS = ("name", "phone", "address")


class ContactKeyError(Exception):
    """A sealed value that this key does not open (the wrong DATA_KEY, or a damaged row)."""


class ContactCipher:
    def __init__(self, key: bytes) -> None:
        derived = HKDF(algorithm=SHA256(), length=32, salt=None,
                       info=b"pakn contact encryption v1").derive(key)
        self._aead = AESGCM(derived)

    def seal(self, value: str | None, field: str, ticket_id: int) -> str | None:
        if value is None:
            return None
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, value.encode(), _bound(field, ticket_id))
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str | None, field: str, ticket_id: int) -> str | None:
        if value is None or not is_sealed(value):
            return value
        raw = base64.b64decode(value.removeprefix(PREFIX))
        try:
            return self._aead.decrypt(raw[:12], raw[12:], _bound(field, ticket_id)).decode()
        except InvalidTag:
            raise ContactKeyError(f"the {field} of ticket {ticket_id} does not open with "
                                  "this key (DATA_KEY)") from None


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def _bound(field: str, ticket_id: int) -> bytes:
    return f"ticket_contacts.{field}:{ticket_id}".encode()
