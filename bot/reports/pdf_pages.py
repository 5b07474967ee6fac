"""A citizen's PDF without its first pages: the evidence scanned after a signed đơn, shown to
an officer without the pages that name the denouncer (Luật Tố cáo 2018 Đ47(2))."""

from __future__ import annotations

import io
import logging

log = logging.getLogger(__name__)


def pages_after(content: bytes, skip: int) -> bytes | None:
    """A new PDF of the pages after the first `skip`; None when there are none, or when the
    file cannot be read as a PDF (it is then withheld whole)."""
    from pypdf import PdfReader, PdfWriter  # read only when evidence is asked for
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        pages = reader.pages[skip:] if len(reader.pages) > skip else []
        if not pages:
            return None
        writer = PdfWriter()
        for page in pages:
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        log.warning("a PDF could not be split (%s): withheld whole", type(error).__name__)
        return None
    return out.getvalue()
