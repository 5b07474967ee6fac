"""The Hỏi - Đáp column for machines: an Atom 1.0 feed (RFC 4287) of the latest items, and the
JSON the portal reads. Ids and links are absolute when PUBLIC_URL is set."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from html import escape

from bot.core.column import PublishedAnswer
from bot.core.column_search import ColumnPage
from handlers.column_html import FEED, LIST, Site, permalink

FEED_SIZE = 20
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # `updated` of a feed with no entry yet


def _stamp(moment: datetime | None) -> str:
    return (moment or EPOCH).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id(site: Site, path: str) -> str:
    """A permanent IRI: the public address, or a name-based UUID while none is configured."""
    if site.base:
        return site.base + path
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pakn:{site.org.short_name}{path}')}"


def atom(site: Site, items: tuple[PublishedAnswer, ...]) -> str:
    """The newest items as an Atom feed, each linking to its permalink."""
    latest = items[:FEED_SIZE]
    entries = []
    for item in latest:
        field = site.org.field_name(item.field)
        category = (f'<category term="{escape(item.field or "")}" label="{escape(field)}"/>'
                    if field else "")
        href = escape(site.base + permalink(item))
        entries.append(
            f"<entry><id>{escape(_id(site, permalink(item)))}</id>"
            f"<title>{escape(item.question)}</title>"
            f'<link rel="alternate" type="text/html" href="{href}"/>'
            f"<published>{_stamp(item.published_at)}</published>"
            f"<updated>{_stamp(item.published_at)}</updated>{category}"
            f'<content type="text">{escape(item.answer)}</content></entry>')
    updated = _stamp(latest[0].published_at if latest else None)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">'
        f"<id>{escape(_id(site, LIST))}</id>"
        f'<title>{site.t("column.title")} – {escape(site.org.name)}</title>'
        f'<subtitle>{site.t("column.lead", org=site.org.name)}</subtitle>'
        f"<updated>{updated}</updated>"
        f"<author><name>{escape(site.org.name)}</name></author>"
        f'<link rel="self" type="application/atom+xml" href="{escape(site.base + FEED)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(site.base + LIST)}"/>'
        + "".join(entries) + "</feed>\n")


def as_json(site: Site, page: ColumnPage) -> dict[str, object]:
    """GET /hoi-dap.json: the same page as the HTML list, with each item's permalink."""
    items = [{"id": i.id, "question": i.question, "answer": i.answer, "field": i.field,
              "field_name": site.org.field_name(i.field), "published_at": _stamp(i.published_at),
              "url": site.base + permalink(i)} for i in page.items]
    query = page.query
    return {"items": items, "total": page.total, "page": query.page, "pages": page.pages,
            "query": {"q": query.text, "field": query.field, "month": query.month},
            "fields": [{"id": f.id, "name": f.name} for f in site.org.fields
                       if f.id in page.fields],
            "months": list(page.months)}
