"""Zalo webhook events to the core's neutral `Incoming`, a catalog notice, a follow or an
unfollow, or nothing.
Event names and shapes: https://developers.zalo.me/docs/official-account/webhook/tong-quan
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.core.messages import Attachment, Channel, Incoming, Location, UserRef
from handlers.zalo import anonymous
from handlers.zalo.messages import button_payload

log = logging.getLogger(__name__)

FILES = {"user_send_image": "photo", "user_send_file": "document",
         "user_send_video": "video", "user_send_audio": "audio"}
NOTICES = {"user_send_sticker": "error.sticker", "user_send_gif": "error.sticker",
           "user_send_business_card": "error.contact"}
# A shared map location: `attachments[0]` of type "location", its `payload.coordinates`
# holding `latitude` and `longitude` (numbers, or numbers in strings).
LOCATION = "user_send_location"
# Zalo sends a typed text holding a URL as `user_send_link`; it is the citizen's text all the same.
TEXTS = {"user_send_text", "user_send_link"}
FOLLOWS = {"follow", "unfollow"}
# Sent once when someone who never wrote opens the chat ("Nhắn tin"); its body names `user_id`
# (https://developers.zalo.me/docs/official-account/webhook/tong-quan).
CHAT_NOW = "user_click_chatnow"
HANDLED = {*TEXTS, *FOLLOWS, CHAT_NOW, *FILES, *NOTICES, LOCATION, *anonymous.EVENTS}
MAX_FILE_REF = 300  # the attachment reference column; a longer URL is left out


@dataclass(frozen=True)
class Notice:
    """Answer with one catalog text, without a turn (`reply_to`: an anonymous person's
    conversation)."""

    user: UserRef
    key: str
    reply_to: str | None = None


@dataclass(frozen=True)
class Following:
    """The citizen followed the OA (`greeting`: the welcome to give) or stopped following."""

    user: UserRef
    following: bool
    greeting: Incoming | None = None


def user_of(event: dict[str, Any]) -> str | None:
    """Our id of the citizen behind the event (the one to write back to): the OA-scoped user
    id, or an anonymous person's prefixed id."""
    name = event.get("event_name")
    if name == CHAT_NOW and event.get("user_id"):
        return str(event["user_id"])
    person = event.get("follower") if name in FOLLOWS else event.get("sender")
    user_id = person.get("id") if isinstance(person, dict) else None
    if not user_id:
        return None
    if name not in anonymous.EVENTS:
        return str(user_id)
    # An anonymous id too long for our column could not be answered.
    return anonymous.external_id(str(user_id)) if len(str(user_id)) <= anonymous.MAX_ID else None


def _local_day(stamp: str, tz: tzinfo) -> str:
    """The day in `tz` of a Zalo timestamp (milliseconds); "?" for one that is no time."""
    try:
        return datetime.fromtimestamp(int(stamp) / 1000, tz).date().isoformat()
    except (ValueError, OverflowError, OSError):
        return "?"


def key_of(event: dict[str, Any], tz: tzinfo) -> str | None:
    """The deduplication key: Zalo's `msg_id`, or the follow itself; None for other events.
    A chat-now welcome is keyed by the local day (`tz`, the office's), so it greets once a
    day at most."""
    name, user = event.get("event_name"), user_of(event)
    if name not in HANDLED or user is None:
        return None
    if name in FOLLOWS:
        return f"{name}:{user}:{event.get('timestamp')}"
    if name == CHAT_NOW:
        return f"chatnow:{user}:{_local_day(str(event.get('timestamp', '')), tz)}"
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


def _location(message: dict[str, Any]) -> Location | None:
    """The point a location event shares; None when it holds no readable coordinates."""
    for item in _items(message):
        payload = item.get("payload") if isinstance(item, dict) else None
        point = payload.get("coordinates") if isinstance(payload, dict) else None
        if not isinstance(point, dict):
            continue
        try:
            latitude, longitude = float(point["latitude"]), float(point["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        if math.isfinite(latitude) and math.isfinite(longitude):
            return Location(latitude, longitude)
    return None


def event_of(event: dict[str, Any]) -> Incoming | Notice | Following | None:
    """What the core should hear of one stored event (None: nothing, e.g. no sender)."""
    name, user_id = event.get("event_name"), user_of(event)
    if user_id is None:
        return None
    user = UserRef(Channel.ZALO, user_id)
    message = event.get("message") if isinstance(event.get("message"), dict) else {}
    if name == "follow":  # the same welcome as /start
        return Following(user, True, Incoming(user, payload="cmd:start"))
    if name == "unfollow":
        return Following(user, False)
    if name == CHAT_NOW:
        return Incoming(user, payload="cmd:start")
    reply_to = None
    if name in anonymous.EVENTS:
        reply_to = anonymous.conversation_of(event)
        if reply_to is None:
            return None  # nowhere to answer
        name = anonymous.EVENTS[name]
    if name in TEXTS:
        text = message.get("text") if isinstance(message.get("text"), str) else ""
        text = text or " ".join(_links(message))
        payload = button_payload(text)
        return Incoming(user, text=None if payload else text, payload=payload,
                        reply_to=reply_to)
    if name in FILES:
        caption = message.get("text") if isinstance(message.get("text"), str) else None
        files = _attachments(FILES[name], message)
        if files or caption:
            return Incoming(user, text=caption, attachments=files, reply_to=reply_to)
        return Notice(user, "error.unsupported", reply_to)
    if name in NOTICES:
        return Notice(user, NOTICES[name], reply_to)
    if name == LOCATION:
        location = _location(message)
        if location is None:
            return Notice(user, "error.location", reply_to)
        return Incoming(user, location=location, reply_to=reply_to)
    return None
