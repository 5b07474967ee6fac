"""A scripted officer in the staff supergroup, through the stand-in Bot API server: replies to
ticket cards, writes in a ticket's topic, presses card buttons, and reads what the bot did."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from tests.fakes.bot_api import BOT_USER, Call, FakeBotApi

_ids = itertools.count(70_000)


class TelegramOfficer:
    def __init__(self, api: FakeBotApi, user_id: int, chat_id: int, name: str = "Cán Bộ",
                 timeout: float = 30.0) -> None:
        self.api, self.user_id, self.chat_id, self.timeout = api, user_id, chat_id, timeout
        self.user = {"id": user_id, "is_bot": False, "first_name": name}

    def card(self, code: str) -> Call:
        """The card the bot posted for ticket `code` (waits for it)."""
        return self.wait_for(lambda c: c.method == "sendMessage"
                             and c.params.get("chat_id") == self.chat_id
                             and str(c.params.get("text", "")).startswith(code))

    def replies_to(self, card: Call, text: str | None, reply_to_user: dict | None = None,
                   **content: Any) -> int:
        """Writes `text` (or sends `content`, e.g. a photo) as a reply to the card (or in its
        topic, in a forum)."""
        reply = {"message_id": card.params["_message_id"], "date": int(time.time()),
                 "chat": self._chat(), "from": reply_to_user or BOT_USER, "text": "card"}
        message = self._message(**({"text": text} if text is not None else {}),
                                **content, reply_to_message=reply)
        thread = card.params.get("message_thread_id")
        if thread:
            message |= {"message_thread_id": thread, "is_topic_message": True}
        return self.api.push({"message": message})

    def says(self, text: str, **extra: Any) -> int:
        return self.api.push({"message": self._message(text=text, **extra)})

    def current(self, card: Call) -> Call:
        """The card as it reads now: its latest edit, or the card as posted."""
        edits = [c for c in self.api.of("editMessageText")
                 if c.status == 200 and c.params.get("message_id") == card.params["_message_id"]]
        return edits[-1] if edits else card

    def presses(self, card: Call, label: str) -> int:
        """Presses the button whose text contains `label` on the card as it reads now."""
        markup = self.current(card).params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return self.presses_data(card, button["callback_data"])
        raise AssertionError(f"no button {label!r} on the card")

    def presses_data(self, card: Call, data: str) -> int:
        message = {"message_id": card.params["_message_id"], "date": int(time.time()),
                   "chat": self._chat(), "text": card.params.get("text", "")}
        if card.params.get("message_thread_id"):
            message |= {"message_thread_id": card.params["message_thread_id"],
                        "is_topic_message": True}
        query = {"id": f"cb-{next(_ids)}", "from": self.user, "message": message,
                 "chat_instance": "staff", "data": data}
        return self.api.push({"callback_query": query})

    def wait_for(self, match: Callable[[Call], bool], after: int = 0) -> Call:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            found = [c for c in self.api.calls[after:] if c.status == 200 and match(c)]
            if found:
                return found[-1]
            time.sleep(0.02)
        raise AssertionError("the bot did not do what was expected in time")

    def _chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "supergroup", "title": "Cán bộ"}

    def _message(self, **content: Any) -> dict[str, Any]:
        return {"message_id": next(_ids), "date": int(time.time()), "chat": self._chat(),
                "from": self.user, **content}
