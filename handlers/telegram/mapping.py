"""Telegram updates to the core's neutral `Incoming`, and the keys the worker orders them by."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import CallbackQuery, Message, User

from bot.core.messages import Attachment, Channel, Incoming, Location, UserRef

EVENT_FIELDS = ("message", "edited_message", "callback_query", "my_chat_member",
                "channel_post", "edited_channel_post")


def user_ref(user: User) -> UserRef:
    return UserRef(Channel.TELEGRAM, str(user.id))


def attachments_of(message: Message) -> tuple[Attachment, ...]:
    """The photo (largest size), document, video or audio of one message."""
    if message.photo:
        photo = message.photo[-1]
        return (Attachment("photo", photo.file_id, photo.file_size, "image/jpeg"),)
    for kind in ("document", "video", "audio", "voice"):
        item = getattr(message, kind)
        if item is not None:
            return (Attachment("audio" if kind == "voice" else kind, item.file_id,
                               item.file_size, item.mime_type, getattr(item, "file_name", None)),)
    return ()


def location_of(message: Message) -> Location | None:
    """A shared point on the map; a venue (a place picked by name) also gives its title and
    address. A live location is taken as it stood when sent."""
    venue = message.venue
    point = venue.location if venue is not None else message.location
    if point is None:
        return None
    return Location(point.latitude, point.longitude, venue.title if venue else None,
                    venue.address if venue else None)


def own_phone(message: Message) -> str | None:
    """The number of a contact the sender shared of themselves (a request_contact button sends
    one); another person's contact is not theirs to give."""
    contact, sender = message.contact, message.from_user
    if contact is None or sender is None or contact.user_id != sender.id:
        return None
    return contact.phone_number


def incoming_from_messages(messages: Sequence[Message]) -> Incoming:
    """One event from a message, or from an album's messages as one set of attachments."""
    first = messages[0]
    user = first.from_user
    text = next((m.text or m.caption for m in messages if m.text or m.caption), None)
    files = tuple(item for message in messages for item in attachments_of(message))
    return Incoming(user_ref(user), text=text, attachments=files,
                    display_name=user.full_name, location=location_of(first),
                    contact_phone=own_phone(first))


def incoming_from_callback(callback: CallbackQuery) -> Incoming:
    """A pressed inline button: its callback data is the core's payload."""
    user = callback.from_user
    return Incoming(user_ref(user), payload=callback.data or "", display_name=user.full_name)


def lane_of(payload: dict[str, Any]) -> str:
    """The sender's id: one citizen's updates are handled one at a time, in order."""
    for name in EVENT_FIELDS:
        event = payload.get(name)
        if isinstance(event, dict):
            sender = event.get("from") or event.get("chat") or {}
            return str(sender.get("id", "0"))
    return "0"


def album_of(payload: dict[str, Any]) -> str | None:
    """The media group id of a message that is part of an album."""
    message = payload.get("message")
    return message.get("media_group_id") if isinstance(message, dict) else None
