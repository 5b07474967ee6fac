"""Zalo webhook events to the core's neutral `Incoming`, a catalog notice, or nothing.
Event names and shapes: https://developers.zalo.me/docs/official-account/webhook/tong-quan
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.core.messages import Attachment, Channel, Incoming, UserRef
from handlers.zalo.messages import button_payload

log = logging.getLogger(__name__)

FILES = {"user_send_image": "photo", "user_send_file": "document",
         "user_send_video": "video", "user_send_audio": "audio"}
NOTICES = {"user_send_sticker": "error.sticker", "user_send_gif": "error.sticker",
           "user_send_location": "error.location", "user_send_business_card": "error.contact"}
# Zalo sends a typed text holding a URL as `user_send_link`; it is the citizen's text all the same.
TEXTS = {"user_send_text", "user_send_link"}
HANDLED = {*TEXTS, "follow", *FILES, *NOTICES}
MAX_FILE_REF = 300  # the attachment reference column; a longer URL is left out


@dataclass(frozen=True)
class Notice:
    """Answer with one catalog text, without a turn."""

    user: UserRef
    key: str


def user_of(event: dict[str, Any]) -> str | None:
    """The OA-scoped id of the citizen behind the event (the one to write back to)."""
    person = event.get("follower") if event.get("event_name") == "follow" else event.get("sender")
    user_id = person.get("id") if isinstance(person, dict) else None
    return str(user_id) if user_id else None


def key_of(event: dict[str, Any]) -> str | None:
    """The deduplication key: Zalo's `msg_id`, or the follow itself; None for other events."""
    name, user = event.get("event_name"), user_of(event)
    if name not in HANDLED or user is None:
        return None
    if name == "follow":
        return f"follow:{user}:{event.get('timestamp')}"
    message = event.get("message")
    msg_id = message.get("msg_id") if isinstance(message, dict) else None
    return str(msg_id) if msg_id else None


def _items(message: dict[str, Any]) -> list[Any]:
    """The message's attachments; anything but a list (a malformed event) counts as none."""
    items = message.get("attachments")
    return items if isinstance(items, list) else []


def _attachments(kind: str, message: dict[str, Any]) -> tuple[Attachment, ...]:
    found = []
    for item in _items(message):
        payload = item.get("payload") if isinstance(item, dict) else None
        url = payload.get("url") if isinstance(payload, dict) else None
        if not isinstance(url, str) or len(url) > MAX_FILE_REF:
            log.info("a Zalo %s without a usable URL was left out", kind)
            continue
        size = payload.get("size")
        found.append(Attachment(kind, url, int(size) if str(size).isdigit() else None,
                                "image/jpeg" if kind == "photo" else None, payload.get("name")))
    return tuple(found)


def _links(message: dict[str, Any]) -> list[str]:
    payloads = [item.get("payload") for item in _items(message) if isinstance(item, dict)]
    return [p["url"] for p in payloads if isinstance(p, dict) and isinstance(p.get("url"), str)]


def event_of(event: dict[str, Any]) -> Incoming | Notice | None:
    """What the core should hear of one stored event (None: nothing, e.g. no sender)."""
    name, user_id = event.get("event_name"), user_of(event)
    if user_id is None:
        return None
    user = UserRef(Channel.ZALO, user_id)
    message = event.get("message") if isinstance(event.get("message"), dict) else {}
    if name == "follow":
        return Incoming(user, payload="cmd:start")  # the same welcome as /start
    if name in TEXTS:
        text = message.get("text") if isinstance(message.get("text"), str) else ""
        text = text or " ".join(_links(message))
        payload = button_payload(text)
        return Incoming(user, payload=payload) if payload else Incoming(user, text=text)
    if name in FILES:
        caption = message.get("text") if isinstance(message.get("text"), str) else None
        files = _attachments(FILES[name], message)
        if files or caption:
            return Incoming(user, text=caption, attachments=files)
        return Notice(user, "error.unsupported")
    if name in NOTICES:
        return Notice(user, NOTICES[name])
    return None
