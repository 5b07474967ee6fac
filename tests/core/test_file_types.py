"""Uploads are told by their first bytes: photos and PDF pass, anything else (whatever its
name says) does not."""

from __future__ import annotations

import pytest

from bot.core.file_types import HEIC, JPEG, PDF, PNG, WEBP, detect


@pytest.mark.parametrize(("head", "expected"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", JPEG),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", WEBP),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", HEIC),  # an iPhone photo
    (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00", HEIC),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", PDF),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00", None),  # a Windows program
    (b"PK\x03\x04\x14\x00\x06\x00", None),  # a .docx or .zip
    (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),  # SVG can carry script
    (b"<html><script>", None),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00", None),  # a video
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
    (b"", None),
])
def test_only_photos_and_pdf_are_recognised(head: bytes, expected):
    assert detect(head) is expected
