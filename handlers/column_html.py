"""The Hỏi - Đáp column's HTML: plain, mobile-first pages with the shared stylesheet, no script;
every value escaped (questions and answers are typed by people)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.core.catalog import Catalog
from bot.core.column import PublishedAnswer
from bot.core.column_search import ColumnPage
from bot.core.organisation import Organisation

EXCERPT = 280  # characters of an answer shown in the list
LIST, FEED, STYLE = "/hoi-dap", "/hoi-dap.atom", "/static/pakn.css"


@dataclass(frozen=True)
class Site:
    """What every page shows: the agency, the texts, the time zone, the public address."""

    catalog: Catalog
    org: Organisation
    tz: ZoneInfo
    base: str = ""  # PUBLIC_URL, e.g. https://hoidap.example.gov.vn ("" → links stay relative)

    def t(self, key: str, **values: object) -> str:
        return escape(self.catalog.text(key, "vi", **values))

    def day(self, item: PublishedAnswer) -> str:
        moment = item.published_at
        return moment.astimezone(self.tz).strftime("%d/%m/%Y") if moment else ""

    def field(self, item: PublishedAnswer) -> str:
        return escape(self.org.field_name(item.field) or self.catalog.text("column.no_field"))


def permalink(item: PublishedAnswer) -> str:
    return f"{LIST}/{item.id}"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return escape(flat if len(flat) <= EXCERPT else flat[:EXCERPT].rsplit(" ", 1)[0] + "…")


def _document(site: Site, title: str, body: str, canonical: str | None = None,
              description: str = "") -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f'<meta name="description" content="{description}">' if description else "",
        f'<link rel="canonical" href="{escape(site.base + canonical)}">' if canonical else "",
        f'<link rel="stylesheet" href="{STYLE}">',
        f'<link rel="alternate" type="application/atom+xml" title="{site.t("column.title")}" '
        f'href="{FEED}">',
    ]
    contact = site.t("column.contact", hotline=site.org.hotline, address=site.org.address,
                     hours=site.org.reception_hours)
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n' + "\n".join(h for h in head if h)
        + '\n</head>\n<body class="column">\n'
        + f'<header class="site-header"><div class="wrap"><p class="agency">'
        f'<a href="{LIST}">{escape(site.org.name)}</a></p></div></header>\n'
        + f'<main id="main" class="wrap">\n{body}\n</main>\n'
        + f'<footer class="site-footer"><div class="wrap"><p>{contact}</p>'
        f'<p><a href="{FEED}">{site.t("column.feed")}</a></p></div></footer>\n'
        + "</body>\n</html>\n")


def _options(selected: str | None, all_label: str, choices: list[tuple[str, str]]) -> str:
    out = [f'<option value="">{all_label}</option>']
    for value, label in choices:
        mark = " selected" if value == selected else ""
        out.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return "".join(out)


def _form(site: Site, page: ColumnPage) -> str:
    query = page.query
    fields = [(f.id, f.name) for f in site.org.fields if f.id in page.fields]
    months = [(m, f"{m[5:]}/{m[:4]}") for m in page.months]
    return (
        f'<form class="column-search" method="get" action="{LIST}" role="search">'
        f'<label for="q">{site.t("column.search_label")}</label>'
        f'<div class="search-row"><input id="q" name="q" type="search" maxlength="200" '
        f'value="{escape(query.text)}"><button type="submit">{site.t("column.search_button")}'
        f'</button></div><div class="filters">'
        f'<p><label for="field">{site.t("column.field_label")}</label>'
        f'<select id="field" name="field">'
        f'{_options(query.field, site.t("column.field_all"), fields)}</select></p>'
        f'<p><label for="month">{site.t("column.month_label")}</label>'
        f'<select id="month" name="month">'
        f'{_options(query.month, site.t("column.month_all"), months)}</select></p>'
        f"</div></form>")


def _pager(site: Site, page: ColumnPage) -> str:
    if page.pages <= 1:
        return ""
    query = page.query
    params = {k: v for k, v in (("q", query.text), ("field", query.field),
                                ("month", query.month)) if v}

    def link(number: int, rel: str, key: str) -> str:
        href = escape(f"{LIST}?{urlencode({**params, 'page': number})}")
        return f'<a rel="{rel}" href="{href}">{site.t(key)}</a>'

    parts = [link(query.page - 1, "prev", "column.previous") if query.page > 1 else "",
             f'<span>{site.t("column.page", page=query.page, pages=page.pages)}</span>',
             link(query.page + 1, "next", "column.next") if query.page < page.pages else ""]
    return f'<nav class="pager" aria-label="{site.t("column.title")}">{"".join(parts)}</nav>'


def list_page(site: Site, page: ColumnPage, bad_filter: bool = False) -> str:
    """GET /hoi-dap: the search form, the items of this page, and the pages."""
    query = page.query
    count = (site.t("column.found", count=page.total, query=query.text) if query.text
             else site.t("column.count", count=page.total))
    items = "".join(
        f'<li><article class="qa"><h2><a href="{permalink(i)}">{escape(i.question)}</a></h2>'
        f'<p class="meta">{site.field(i)} · {site.t("column.published_on", date=site.day(i))}'
        f'</p><p class="excerpt">{_excerpt(i.answer)}</p></article></li>' for i in page.items)
    listing = (f'<ol class="column-list">{items}</ol>' if items else
               f'<p class="empty">{site.t("column.empty", org=site.org.name)}</p>')
    note = f'<p class="notice">{site.t("column.bad_filter")}</p>' if bad_filter else ""
    body = (f'<h1>{site.t("column.title")}</h1>'
            f'<p class="lead">{site.t("column.lead", org=site.org.name)}</p>'
            f'{_form(site, page)}{note}<p class="column-count" role="status">{count}</p>'
            f"{listing}{_pager(site, page)}")
    plain = not (query.text or query.field or query.month or query.page > 1)
    title = f'{site.t("column.title")} – {escape(site.org.name)}'
    return _document(site, title, body, LIST if plain else None,
                     site.t("column.lead", org=site.org.name))


def item_page(site: Site, item: PublishedAnswer) -> str:
    """GET /hoi-dap/{id}: one question and its answer, with its own title and canonical link."""
    body = (f'<p class="back"><a href="{LIST}">{site.t("column.back")}</a></p>'
            f'<article class="qa qa-full"><h1>{escape(item.question)}</h1>'
            f'<p class="meta">{site.field(item)} · '
            f'{site.t("column.published_on", date=site.day(item))}</p>'
            f'<section class="answer"><h2>{site.t("column.answer")}</h2>'
            f"{_paragraphs(item.answer)}</section></article>")
    short = item.question if len(item.question) <= 70 else item.question[:70].rsplit(" ", 1)[0]
    title = f'{escape(short)} – {site.t("column.title")} – {escape(site.org.short_name)}'
    return _document(site, title, body, permalink(item), _excerpt(item.answer))


def missing_page(site: Site) -> str:
    body = (f'<h1>{site.t("column.title")}</h1><p class="notice">{site.t("column.not_found")}'
            f'</p><p class="back"><a href="{LIST}">{site.t("column.back")}</a></p>')
    return _document(site, f'{site.t("column.title")} – {escape(site.org.name)}', body)
