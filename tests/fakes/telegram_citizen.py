"""A scripted citizen in a private chat with the bot, through the stand-in Bot API server:
types, sends photos and albums, presses inline buttons, and reads what the bot sent back."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.fakes.bot_api import Call, FakeBotApi

_message_ids = itertools.count(1)


class TelegramCitizen:
    def __init__(self, api: FakeBotApi, user_id: int, name: str = "Nguyễn Văn An",
                 language: str = "vi", timeout: float = 15.0) -> None:
        self.api, self.user_id, self.timeout = api, user_id, timeout
        self.user = {"id": user_id, "is_bot": False, "first_name": name,
                     "language_code": language}
        self.replies: list[Call] = []
        self._seen = 0

    # -- what the citizen does ----------------------------------------------------------------
    def says(self, text: str, replies: int = 1) -> list[Call]:
        """Sends a text (or a /command) and waits for `replies` messages back."""
        return self._send({"message": self._message(text=text)}, replies)

    def sends(self, replies: int = 1, **content: Any) -> list[Call]:
        """Sends any message content (photo, document, sticker, location...)."""
        return self._send({"message": self._message(**content)}, replies)

    def sends_album(self, *file_ids: str, replies: int = 1) -> list[Call]:
        """Several photos in one album (one media_group_id)."""
        group = f"album-{self.user_id}-{next(_message_ids)}"
        for file_id in file_ids:
            self.api.push({"message": self._message(
                media_group_id=group, photo=[{"file_id": file_id, "file_unique_id": file_id,
                                              "width": 800, "height": 600,
                                              "file_size": 50_000}])})
        return self.wait(replies)

    def shares_contact(self, phone: str = "+84912345678", replies: int = 1) -> list[Call]:
        """Presses the request_contact button of the reply keyboard still shown (the latest one
        sent, unless removed since): Telegram sends the citizen's own contact."""
        shown: dict[str, Any] = {}
        for call in reversed(self.api.sent(self.user_id)):
            markup = call.params.get("reply_markup") or {}
            if "keyboard" in markup or "remove_keyboard" in markup:
                shown = markup
                break
        asked = [b for row in shown.get("keyboard", []) for b in row if b.get("request_contact")]
        assert asked, f"no request_contact button shown: {shown}"
        contact = {"phone_number": phone, "first_name": self.user["first_name"],
                   "user_id": self.user_id}
        return self.sends(replies, contact=contact)

    def edits(self, text: str, replies: int = 1) -> list[Call]:
        message = self._message(text=text, edit_date=int(time.time()))
        return self._send({"edited_message": message}, replies)

    def presses(self, label: str, replies: int = 1) -> list[Call]:
        """Presses the button whose text contains `label` in the latest messages: an inline
        one, or a reply keyboard's, which sends its label; waits a moment for a message still
        on its way (a reply sent in two)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for call in reversed(self.replies or self.api.sent(self.user_id)):
                markup = call.params.get("reply_markup") or {}
                for row in markup.get("inline_keyboard", []):
                    for button in row:
                        if label in button["text"]:
                            return self.presses_data(button["callback_data"], replies, call)
                for row in markup.get("keyboard", []):
                    for button in row:
                        asks = "request_location" in button or "request_contact" in button
                        if label in button["text"] and not asks:
                            return self.says(button["text"], replies)
            if time.monotonic() > deadline:
                raise AssertionError(f"no button {label!r} in {self.buttons()}")
            time.sleep(0.01)
            sent = self.api.sent(self.user_id)
            self.replies, self._seen = [*self.replies, *sent[self._seen:]], len(sent)

    def presses_data(self, data: str, replies: int = 1, on: Call | None = None) -> list[Call]:
        message = {"message_id": 1, "date": int(time.time()),
                   "chat": {"id": self.user_id, "type": "private"},
                   "text": on.params.get("text", "") if on else ""}
        query = {"id": f"cb-{self.user_id}-{next(_message_ids)}", "from": self.user,
                 "message": message, "chat_instance": "ci", "data": data}
        return self._send({"callback_query": query}, replies)

    # -- what the citizen reads ---------------------------------------------------------------
    @property
    def text(self) -> str:
        return "\n".join(call.params.get("text", "") for call in self.replies)

    def buttons(self) -> list[str]:
        return [button["text"] for call in self.replies
                for kind in ("inline_keyboard", "keyboard")
                for row in (call.params.get("reply_markup") or {}).get(kind, [])
                for button in row]

    def wait(self, replies: int) -> list[Call]:
        """Waits for `replies` new messages to this chat (and a moment for any extra)."""
        deadline = time.monotonic() + self.timeout
        while len(self.api.sent(self.user_id)) < self._seen + replies:
            if time.monotonic() > deadline:
                got = [c.params.get("text", "")[:60] for c in self.api.sent(self.user_id)]
                raise AssertionError(f"{self.user_id}: expected {replies} new, got {got}")
            time.sleep(0.01)
        sent = self.api.sent(self.user_id)
        self.replies, self._seen = sent[self._seen:], len(sent)
        return self.replies

    def _send(self, update: dict[str, Any], replies: int) -> list[Call]:
        self.api.push(update)
        return self.wait(replies)

    def _message(self, **content: Any) -> dict[str, Any]:
        return {"message_id": next(_message_ids), "date": int(time.time()),
                "chat": {"id": self.user_id, "type": "private",
                         "first_name": self.user["first_name"]},
                "from": self.user, **content}
