"""The chat page at `/`, the same page inside the portal widget's frame at `/widget`, the
follow-a-request page `/tra-cuu`, the portal's loader `/widget.js` and the shared static files:
templates filled with the agency's name, emblem and contacts (ORG_FILE) and the catalog's
texts, Vietnamese unless `?lang=en`."""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template

from aiohttp import web

from bot.core.catalog import Catalog
from bot.core.following import with_link
from bot.core.organisation import Organisation

STATIC = Path(__file__).with_name("static")
SHARED = ("pakn.css", "chat.js", "follow.js")  # served at /static/<name>
# Texts the chat's script reads (web.<key> in the catalog).
SCRIPT_TEXTS = ("you", "not_sent", "retry", "choices", "server_error", "offline",
                "file_too_big", "file_sent", "upload_failed", "counter", "too_long",
                "location_sent", "locate_failed")
PAGE_TEXTS = ("title", "close", "log_label", "typing", "input_label", "attach", "placeholder",
              "send", "enter_help", "attach_help", "locate", "locate_help", "hotline_label",
              "address_label", "hours_label", "other_language")
WIDGET_TEXTS = ("open", "close_panel", "title")
FOLLOW_TEXTS = ("title", "intro", "code_label", "code_help", "digits_label", "digits_help",
                "submit", "chat_link")
FOLLOW_SCRIPT_TEXTS = ("loading", "result", "error")


@dataclass(frozen=True)
class PageInfo:
    """What the pages show: the agency, the texts and the limits the server applies."""

    org: Organisation
    catalog: Catalog
    max_text: int
    max_upload_bytes: int
    follow_links: bool = False  # the chat gives follow links (WEB_PUBLIC_URL is set)


def language(request: web.Request, catalog: Catalog) -> str:
    """`?lang=en` or the catalog's default (Vietnamese), whatever the browser prefers."""
    return catalog.language_for(request.query.get("lang")) if "lang" in request.query \
        else catalog.default


def texts(catalog: Catalog, lang: str, keys: tuple[str, ...]) -> dict[str, str]:
    return {key: catalog.text(f"web.{key}", lang) for key in keys}


def json_for_html(value: object) -> str:
    """JSON safe inside a <script type="application/json"> block."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def emblem_tag(org: Organisation) -> str:
    if not org.emblem:
        return ""
    return f'<img src="/static/emblem{Path(org.emblem).suffix.lower()}" alt="">'


def footer(info: PageInfo, lang: str, folded: bool = False) -> str:
    """The agency's contacts under every page; `folded` (the portal's small panel): the
    address and hours behind the hotline, one press away."""
    org, catalog = info.org, info.catalog
    label = {key: escape(catalog.text(f"web.{key}", lang))
             for key in ("hotline_label", "address_label", "hours_label", "contacts")}
    tel = escape(re.sub(r"[^\d+]", "", org.hotline))
    hotline = escape(org.hotline)
    lines = (f'<p>{label["hotline_label"]}: <a href="tel:{tel}">{hotline}</a></p>'
             f'<p>{label["address_label"]}: {escape(org.address)}</p>'
             f'<p>{label["hours_label"]}: {escape(org.reception_hours)}</p>')
    if folded:
        summary = f'<summary>{label["contacts"]}</summary>'
        lines = (f'<p>{label["hotline_label"]}: <a href="tel:{tel}">{hotline}</a></p>'
                 f'<details>{summary}<p>{label["address_label"]}: {escape(org.address)}</p>'
                 f'<p>{label["hours_label"]}: {escape(org.reception_hours)}</p></details>')
    return f'<footer class="pakn-footer">{lines}</footer>'


def _common(info: PageInfo, lang: str, folded: bool = False) -> dict[str, str]:
    org, catalog = info.org, info.catalog
    other = "en" if lang == catalog.default else catalog.default
    return {"lang": lang, "other_lang": other, "org": escape(org.name),
            "short_name": escape(org.short_name), "emblem": emblem_tag(org),
            "other_language": escape(catalog.text("web.other_language", lang)),
            "footer": footer(info, lang, folded)}


def follow_page(info: PageInfo, lang: str) -> str:
    """GET /tra-cuu: the code and the last four digits, or a follow link's token."""
    catalog = info.catalog
    values = {key: escape(catalog.text(f"follow.{key}", lang)) for key in FOLLOW_TEXTS}
    digits_help = with_link("follow.digits_help", info.follow_links)
    values["digits_help"] = escape(catalog.text(digits_help, lang))
    strings = {key: catalog.text(f"follow.{key}", lang) for key in FOLLOW_SCRIPT_TEXTS}
    values.update(_common(info, lang), strings=json_for_html(strings))
    return Template((STATIC / "follow.html").read_text(encoding="utf-8")).substitute(values)


def chat_page(info: PageInfo, lang: str, mode: str) -> str:
    """The chat page; `mode` "page" (at /) or "frame" (in the portal's widget)."""
    catalog = info.catalog
    strings = {**texts(catalog, lang, SCRIPT_TEXTS), "agency": info.org.short_name}
    values = {key: escape(value) for key, value in texts(catalog, lang, PAGE_TEXTS).items()}
    values.update(
        _common(info, lang, folded=mode == "frame"), mode=mode, strings=json_for_html(strings),
        max_text=str(info.max_text), max_upload=str(info.max_upload_bytes),
        close_hidden="" if mode == "frame" else "hidden",
    )
    template = Template((STATIC / "chat.html").read_text(encoding="utf-8"))
    return template.substitute(values)


def widget_script(info: PageInfo, lang: str) -> str:
    strings = texts(info.catalog, lang, WIDGET_TEXTS)
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    return source.replace("/*PAKN_STRINGS*/{}", json.dumps(strings, ensure_ascii=False), 1)


def routes(info: PageInfo) -> list[web.RouteDef]:
    """GET /, /widget, /widget.js and /static/<shared file or the emblem>."""
    def html(text: str) -> web.Response:
        return web.Response(text=text, content_type="text/html", charset="utf-8")

    async def on_page(request: web.Request) -> web.Response:
        return html(chat_page(info, language(request, info.catalog), "page"))

    async def on_frame(request: web.Request) -> web.Response:
        return html(chat_page(info, language(request, info.catalog), "frame"))

    async def on_follow(request: web.Request) -> web.Response:
        return html(follow_page(info, language(request, info.catalog)))

    async def on_loader(request: web.Request) -> web.Response:
        script = widget_script(info, language(request, info.catalog))
        return web.Response(text=script, content_type="text/javascript", charset="utf-8",
                            headers={"Cache-Control": "public, max-age=300"})

    async def on_static(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name in SHARED:
            path = STATIC / name
        elif info.org.emblem and name == f"emblem{Path(info.org.emblem).suffix.lower()}":
            path = Path(info.org.emblem)
        else:
            raise web.HTTPNotFound()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return web.Response(body=path.read_bytes(), content_type=kind,
                            headers={"Cache-Control": "public, max-age=300"})

    return [web.get("/", on_page), web.get("/widget", on_frame), web.get("/tra-cuu", on_follow),
            web.get("/widget.js", on_loader), web.get("/static/{name}", on_static)]
