"""The core's replies as Zalo consultation messages: text under 2,000 characters, and buttons
as Zalo's `oa.query.hide` buttons, whose payload comes back to the webhook as a user text.

Zalo shows a few buttons per message (5 in every documented example), so further choices go
out in a short follow-up message with the rest of the buttons; nothing has to be remembered
between messages. https://developers.zalo.me/docs/official-account/tin-nhan/tin-tu-van
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.messages import Button
from handlers.rendering import split_text

MAX_TEXT = 2000
MAX_BUTTONS = 5
MAX_TITLE = 100
MAX_PAYLOAD = 1000
# A pressed button sends its payload as the citizen's (hidden) text; the prefix tells it apart
# from typed text. Typing it by hand equals pressing the button, as forged callback data would.
PAYLOAD_PREFIX = "#pakn:"
MORE = "…"


def button_payload(text: str | None) -> str | None:
    """The core's payload when `text` came from one of our buttons."""
    if text and text.startswith(PAYLOAD_PREFIX):
        return text.removeprefix(PAYLOAD_PREFIX).strip() or None
    return None


def _template(buttons: Sequence[Button]) -> dict[str, Any]:
    items = [{"title": b.text[:MAX_TITLE], "type": "oa.query.hide",
              "payload": PAYLOAD_PREFIX + b.payload} for b in buttons]
    return {"type": "template", "payload": {"buttons": items}}


def zalo_messages(text: str, buttons: Sequence[Button]) -> list[dict[str, Any]]:
    """The messages to send for one reply; the buttons go with the last piece of text."""
    messages: list[dict[str, Any]] = [{"text": part} for part in split_text(text, MAX_TEXT)]
    messages = messages or [{"text": MORE}]
    usable = [b for b in buttons if len(PAYLOAD_PREFIX + b.payload) <= MAX_PAYLOAD]
    groups = [usable[i:i + MAX_BUTTONS] for i in range(0, len(usable), MAX_BUTTONS)]
    for number, group in enumerate(groups):
        if number:
            messages.append({"text": MORE})
        messages[-1]["attachment"] = _template(group)
    return messages
