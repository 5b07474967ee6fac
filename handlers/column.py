"""The public Hỏi - Đáp column's routes: `GET /hoi-dap` (search, field, month, page),
`/hoi-dap/{id}` (a permalink), `/hoi-dap.json` and `/hoi-dap.atom`. They only read; what is
served was decided by a leader (bot/core/staff/publication.py) and the repository's query."""

from __future__ import annotations

from aiohttp import web

from bot.core.column_search import ColumnQuery, ColumnReader, valid_month
from bot.core.ports import UnitOfWorkFactory
from bot.core.turn import CoreDeps
from bot.core.validation import clean_text
from handlers.column_feed import as_json, atom
from handlers.column_html import Site, item_page, list_page, missing_page

MAX_ID = 2**31 - 1  # published_answers.id is an INTEGER
# Public, read-only and sent without cookies: the portal's own script may read it from its site.
PUBLIC = {"Access-Control-Allow-Origin": "*"}


def _html(text: str, status: int = 200) -> web.Response:
    # Checked again at every visit: an item a leader takes down leaves every cache at once.
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})


def _query(site: Site, request: web.Request) -> tuple[ColumnQuery, bool]:
    """The query string as a query; True when a filter was not understood (and dropped)."""
    params = request.query
    text = clean_text(params.get("q", ""))[:200]
    field = params.get("field") or None
    month = params.get("month") or None
    page = params.get("page", "1")
    bad = False
    if field is not None and site.org.field_name(field) is None:
        field, bad = None, True
    if not valid_month(month):
        month, bad = None, True
    if not (page.isascii() and page.isdigit() and len(page) <= 5):
        page, bad = "1", True
    return ColumnQuery(text, field, month, int(page)), bad


def routes(reader: ColumnReader, site: Site) -> list[web.RouteDef]:
    async def on_list(request: web.Request) -> web.Response:
        query, bad = _query(site, request)
        return _html(list_page(site, await reader.page(query), bad))

    async def on_item(request: web.Request) -> web.Response:
        number = request.match_info["id"]
        valid = number.isascii() and number.isdigit() and len(number) <= 10
        item = await reader.item(int(number)) if valid and int(number) <= MAX_ID else None
        return _html(item_page(site, item)) if item else _html(missing_page(site), 404)

    async def on_json(request: web.Request) -> web.Response:
        query, bad = _query(site, request)
        if bad:
            return web.json_response({"error": "invalid filter"}, status=400)
        return web.json_response(as_json(site, await reader.page(query)), headers=PUBLIC)

    async def on_atom(_request: web.Request) -> web.Response:
        return web.Response(text=atom(site, await reader.items()), charset="utf-8",
                            content_type="application/atom+xml", headers=PUBLIC)

    async def on_slash(request: web.Request) -> web.Response:
        query = request.rel_url.raw_query_string
        raise web.HTTPMovedPermanently("/hoi-dap" + (f"?{query}" if query else ""))

    return [web.get("/hoi-dap", on_list), web.get("/hoi-dap/", on_slash),
            web.get("/hoi-dap.json", on_json),
            web.get("/hoi-dap.atom", on_atom), web.get("/hoi-dap/{id}", on_item)]


def column_routes(uow: UnitOfWorkFactory, deps: CoreDeps, public_url: str | None) -> list[
        web.RouteDef]:
    """The routes wired from the core's texts, agency and time zone (`pakn run`, the tests)."""
    site = Site(deps.catalog, deps.org, deps.tz, public_url or "")
    return routes(ColumnReader(uow, deps.tz), site)
