"""People who chat with the OA without following it (its "Nhắn tin" / chat-now entry): Zalo
names them by an anonymous id, and a reply must name their conversation too.

Webhook (https://developers.zalo.me/docs/official-account/webhook/tong-quan): events
`anonymous_send_text|image|file|sticker` shaped as `user_send_*`, `sender.id` the anonymous id,
plus `message.conversation_id`. Reply: the consultation endpoint with `recipient:
{"anonymous_id", "conversation_id"}`; that recipient's shape is taken from public client code,
Zalo's own page for it was not at hand to confirm it.
"""

from __future__ import annotations

from typing import Any

PREFIX = "anon:"  # apart from the OA-scoped user ids of followers, which are digits
# The anonymous events read as the follower's event of the same kind.
EVENTS = {"anonymous_send_text": "user_send_text", "anonymous_send_image": "user_send_image",
          "anonymous_send_file": "user_send_file", "anonymous_send_sticker": "user_send_sticker"}
MAX_ID = 190  # channel_identities.external_id holds 200 with the prefix


def external_id(anonymous_id: str) -> str:
    """How pakn names an anonymous person (their conversation state, tickets, outbox)."""
    return PREFIX + anonymous_id


def anonymous_id(external: str) -> str | None:
    """Zalo's anonymous id behind one of our ids; None for a follower's id."""
    return external.removeprefix(PREFIX) if external.startswith(PREFIX) else None


def conversation_of(event: dict[str, Any]) -> str | None:
    """The conversation an anonymous event belongs to (where replies go)."""
    message = event.get("message")
    found = message.get("conversation_id") if isinstance(message, dict) else None
    return str(found)[:200] if found else None


def recipient(external: str, conversation: str | None) -> dict[str, str]:
    """Zalo's `recipient` object for one of our ids."""
    anonymous = anonymous_id(external)
    if anonymous is None:
        return {"user_id": external}
    return {"anonymous_id": anonymous, "conversation_id": conversation or ""}
