"""Whether a PDF carries a digital signature (a signature dictionary over a byte range, as
VNeID, USB tokens and remote signing services write it), from its bytes. It tells that a
signature is there, not that it is valid: the officer still checks the đơn. Also how many pages
a PDF written here has (the đơn drafted in the chat)."""

from __future__ import annotations

import re

_SIG = re.compile(rb"/Type\s*/Sig\b|/FT\s*/Sig\b")
_RANGE = re.compile(rb"/ByteRange\s*\[\s*\d+\s+\d+\s+\d+\s+\d+\s*\]")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_FILTERS = (b"adbe.pkcs7", b"ETSI.CAdES", b"ETSI.RFC3161")


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def has_signature(data: bytes) -> bool:
    """True for a PDF with a signature dictionary, its byte range and a signature filter."""
    return (is_pdf(data) and bool(_SIG.search(data)) and bool(_RANGE.search(data))
            and any(name in data for name in _FILTERS))


def page_count(data: bytes) -> int | None:
    """The pages of a PDF whose objects are not compressed (as pakn writes its đơn); None for
    anything else."""
    count = len(_PAGE.findall(data)) if is_pdf(data) else 0
    return count or None
