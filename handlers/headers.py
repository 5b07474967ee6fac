"""The security headers on every response: a Content-Security-Policy that allows the static
pages' own inline script and style by their hashes and nothing else, a Permissions-Policy that
lets only pakn's own pages ask for the position (the web chat's «Gửi vị trí», in the portal's
frame too) and nobody the camera or microphone, nosniff, no referrer, no-store on everything
but pages, and no server version."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

# The widget's frame is allowed geolocation by the portal (allow="geolocation"); `self` is
# pakn's origin, the frame's own. Files are picked with <input type=file>, no camera API.
PERMISSIONS = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"


def _inline_hashes(static: Path, tag: str) -> str:
    """CSP hashes of the inline <script> or <style> blocks of the static pages, so the page
    works under `default-src 'self'` and nothing injected does."""
    pattern = re.compile(rf"<{tag}>(.*?)</{tag}>", re.S)
    hashes = []
    for page in sorted(static.glob("*.html")):
        for block in pattern.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return " ".join(hashes)


def security_policy(static: Path, frame_ancestors: str) -> str:
    """The Content-Security-Policy header's value."""
    scripts, styles = _inline_hashes(static, "script"), _inline_hashes(static, "style")
    return "; ".join([
        "default-src 'self'", f"script-src 'self' {scripts}".strip(),
        f"style-src 'self' {styles}".strip(), "img-src 'self' data: blob:", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", f"frame-ancestors {frame_ancestors}"])


def security_headers(static: Path, frame_ancestors: str) -> Callable[
        [web.Request, web.StreamResponse], Awaitable[None]]:
    """The `on_response_prepare` hook that adds them."""
    policy = security_policy(static, frame_ancestors)

    async def add(_request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers["Content-Security-Policy"] = policy
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Permissions-Policy"] = PERMISSIONS
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Server"] = "pakn"  # no version banner
        if response.content_type != "text/html" and "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"  # static files say their own

    return add
