"""The Hỏi - Đáp column's HTML: plain, mobile-first pages with the shared stylesheet, no script;
every value escaped (questions and answers are typed by people)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.core.catalog import Catalog
from bot.core.column import PublishedAnswer
from bot.core.column_search import ColumnPage
from bot.core.dates import local_date
from bot.core.organisation import Organisation
from handlers.pages import emblem_tag

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
        return local_date(item.published_at, self.tz)

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
    """A page with the agency's banner and footer, as the chat page has them."""
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
    org = site.org
    hotline = escape(re.sub(r"[^\d+]", "", org.hotline))
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n' + "\n".join(h for h in head if h)
        + '\n</head>\n<body class="column">\n'
        f'<a class="skip-link" href="#main">{site.t("column.skip")}</a>\n'
        f'<header class="pakn-header">{emblem_tag(org)}<div class="titles">'
        f'<span class="agency">{escape(org.name)}</span>'
        f'<span class="service">{site.t("column.title")}</span></div></header>\n'
        f'<main id="main" class="page">\n{body}\n</main>\n'
        f'<footer class="pakn-footer"><p>{site.t("web.hotline_label")}: '
        f'<a href="tel:{hotline}">{escape(org.hotline)}</a></p>'
        f'<p>{site.t("web.address_label")}: {escape(org.address)}</p>'
        f'<p>{site.t("web.hours_label")}: {escape(org.reception_hours)}</p>'
        f'<p><a href="{FEED}">{site.t("column.feed")}</a></p></footer>\n'
        "</body>\n</html>\n")


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
        f'value="{escape(query.text)}"><button type="submit" class="pakn-button primary">'
        f'{site.t("column.search_button")}'
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
    return f'<nav class="pager" aria-label="{site.t("column.pages")}">{"".join(parts)}</nav>'


def list_page(site: Site, page: ColumnPage, bad_filter: bool = False) -> str:
    """GET /hoi-dap: the search form, the items of this page, and the pages."""
    query = page.query
    count = (site.t("column.found", count=page.total, query=query.text) if query.text
             else site.t("column.count", count=page.total))
    items = "".join(
        f'<li><article class="qa card"><h2><a href="{permalink(i)}">{escape(i.question)}</a></h2>'
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
            f'<article class="qa qa-full card"><h1>{escape(item.question)}</h1>'
            f'<p class="meta">{site.field(item)} · '
            f'{site.t("column.published_on", date=site.day(item))}</p>'
            f'<section class="answer"><h2>{site.t("column.answer")}</h2>'
            f"{_paragraphs(item.answer)}</section></article>")
    short = item.question if len(item.question) <= 70 else (
        item.question[:70].rsplit(" ", 1)[0] + "…")
    title = f'{escape(short)} – {site.t("column.title")} – {escape(site.org.short_name)}'
    return _document(site, title, body, permalink(item), _excerpt(item.answer))


def missing_page(site: Site) -> str:
    body = (f'<h1>{site.t("column.title")}</h1><p class="notice">{site.t("column.not_found")}'
            f'</p><p class="back"><a href="{LIST}">{site.t("column.back")}</a></p>')
    return _document(site, f'{site.t("column.title")} – {escape(site.org.name)}', body)
