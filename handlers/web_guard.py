"""What a web chat POST must look like: JSON (415 otherwise, so a plain HTML form on another
site cannot post it) from an allowed origin (403 otherwise)."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web


def origins(text: str) -> frozenset[str]:
    """`https://portal.example.gov.vn, https://www.example.gov.vn` as a set (no trailing /)."""
    return frozenset(part.strip().rstrip("/").lower() for part in text.split(",") if part.strip())


def refusal(request: web.Request, host: str, allowed: frozenset[str]) -> web.Response | None:
    """The error response for a POST the web chat does not take, or None; `host` is the one
    the browser asked for (behind a proxy, X-Forwarded-Host)."""
    if request.content_type != "application/json":
        return web.json_response({"error": "Content-Type must be application/json"}, status=415)
    if not origin_allowed(request.headers.get("Origin"), host, allowed):
        return web.json_response({"error": "origin not allowed"}, status=403)
    return None


def origin_allowed(origin: str | None, host: str, allowed: frozenset[str]) -> bool:
    """Browsers send Origin with every POST (Fetch standard), so a request without one is not
    a browser's and cannot ride on a citizen's cookie: allowed. `null` (a sandboxed frame, a
    file) and other sites are refused; with no list configured, only the page's own origin."""
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if allowed:
        return origin in allowed
    netloc = urlsplit(origin).netloc
    return bool(netloc) and netloc == host.lower()
