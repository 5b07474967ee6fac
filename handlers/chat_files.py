"""Files an officer sent to a web chat session (kept in the agency's storage), served to that
session only: the link carries a keyed hash of the session's id and the stored name, so no
list of grants is kept. Without a session: 403; another session, or a name never sent: 404."""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
from collections.abc import Callable

from aiohttp import web

from bot.core.messages import OutgoingFile
from handlers import web_sessions
from handlers.storage import NAME, PREFIX, Storage, StorageError, stored_name
from handlers.web_sessions import SessionStore

PATH = "/api/chat/file"
INLINE = frozenset({"image/jpeg", "image/png"})  # shown in the chat; anything else downloaded
Links = Callable[[OutgoingFile], dict[str, object] | None]


def grant(key: bytes, session_id: str, name: str) -> str:
    """The link's proof that `name` was sent to the session."""
    return hmac.new(key, f"file:{session_id}:{name}".encode(), hashlib.sha256).hexdigest()[:32]


def links(key: bytes, session_id: str) -> Links:
    """How a stored file appears in this session's replies: `{"name", "mime", "url"}`."""

    def link(file: OutgoingFile) -> dict[str, object] | None:
        name = stored_name(file.stored_ref or "")
        if name is None:
            return None
        mime = file.mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return {"name": file.name, "mime": mime,
                "url": f"{PATH}/{name}?t={grant(key, session_id, name)}"}

    return link


def route(sessions: SessionStore, store: Storage | None) -> web.RouteDef:
    """`GET /api/chat/file/{name}?t=…`, the session in the cookie or the header."""

    async def on_file(request: web.Request) -> web.Response:
        token, _ = web_sessions.presented(request)
        sid = await web_sessions.known(sessions, token)
        if sid is None:
            raise web.HTTPForbidden()
        name = request.match_info["name"]
        proof = request.query.get("t", "")
        if (store is None or not NAME.match(name)
                or not hmac.compare_digest(proof, grant(await sessions.address_key(), sid,
                                                        name))):
            raise web.HTTPNotFound()
        try:
            content = await store.read(PREFIX + name)
        except FileNotFoundError:
            raise web.HTTPNotFound() from None
        except StorageError:
            raise web.HTTPServiceUnavailable() from None
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        disposition = "inline" if mime in INLINE else f'attachment; filename="{name}"'
        return web.Response(body=content, content_type=mime, headers={
            "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=3600"})

    return web.get(PATH + "/{name}", on_file)
