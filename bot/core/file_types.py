"""The files a citizen may upload through the web chat, told by their first bytes (never by the
name or the type the browser claims): photos (JPEG, PNG, WebP, HEIC) and PDF documents."""

from __future__ import annotations

from dataclasses import dataclass

HEAD = 16  # bytes enough to tell every accepted type
HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")


@dataclass(frozen=True)
class FileType:
    kind: str  # as bot.core.messages.Attachment.kind: photo | document
    mime: str
    extension: str


JPEG = FileType("photo", "image/jpeg", "jpg")
PNG = FileType("photo", "image/png", "png")
WEBP = FileType("photo", "image/webp", "webp")
HEIC = FileType("photo", "image/heic", "heic")
PDF = FileType("document", "application/pdf", "pdf")


def detect(head: bytes) -> FileType | None:
    """The accepted type whose signature `head` starts with, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return HEIC
    if head.startswith(b"%PDF-"):
        return PDF
    return None
