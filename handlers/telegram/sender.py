"""Sends one outbox message to a Telegram chat, and says whether a failure is worth retrying."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, FSInputFile, InlineKeyboardMarkup

from bot.core.messages import Button
from handlers.file_store import FileStore
from handlers.telegram.cards import CardSender
from handlers.telegram.errors import CAUGHT, delivery_error
from handlers.telegram.keyboards import Piece, keyboard, pieces

# Telegram: "avoid sending more than one message per second" in a chat, short bursts allowed;
# 20 messages a minute into a group. A bucket lets through at most burst + rate x seconds in any
# window, so a private chat gets a turn's few replies at once then one a second, and a group at
# most 5 + 14 = 19 in any rolling minute. https://core.telegram.org/bots/faq#broadcasting-to-users
PRIVATE_PACE = (3.0, 1.0)
GROUP_PACE = (5.0, 14 / 60)
MAX_CAPTION = 1024  # https://core.telegram.org/bots/api#sendphoto


@dataclass(frozen=True)
class FilePiece:
    """The file of an outbox body (`{"name", "kind", "caption", "content"}`, base64)."""

    file: dict[str, Any]
    keyboard: InlineKeyboardMarkup | None = None


class TelegramSender:
    """The outbox sender of the Telegram channel: body `{"text", "buttons", "thread_id"?,
    "file"?}`; the text goes in pieces, then the file (with the buttons, if any). A body with
    `"card"` is a ticket's card, posted or edited in the staff group (cards.py)."""

    def __init__(self, bot: Bot, store: FileStore | None = None) -> None:
        self.bot = bot
        self.store = store  # where stored files are sent from (web uploads, the archive)
        self.cards = CardSender(bot, store)

    async def _in_thread(self, send: Callable[..., Awaitable[Any]],
                         thread_id: int | None, **params: Any) -> Any:
        try:
            return await send(message_thread_id=thread_id, **params)
        except TelegramBadRequest as error:
            # A person may delete a ticket's forum topic (DESIGN §6): the message still goes to
            # the group's main thread, and it names the ticket's code.
            if thread_id is None or "thread not found" not in str(error).lower():
                raise
            return await send(**params)

    async def _send_piece(self, chat_id: int, piece: Piece, thread_id: int | None) -> Any:
        return await self._in_thread(self.bot.send_message, thread_id, chat_id=chat_id,
                                     text=piece.text, reply_markup=piece.keyboard)

    async def _send_file(self, chat_id: int, part: FilePiece, thread_id: int | None) -> Any:
        file, markup = part.file, part.keyboard
        ref = file.get("stored_ref")
        stored = self.store.path(ref) if self.store and ref else None
        upload = (FSInputFile(stored, filename=file["name"]) if stored else
                  BufferedInputFile(base64.b64decode(file["content"]), filename=file["name"]))
        caption = file.get("caption") or None
        if caption and len(caption) > MAX_CAPTION:
            caption = caption[:MAX_CAPTION - 1] + "…"
        if file["kind"] == "photo":
            return await self._in_thread(self.bot.send_photo, thread_id, chat_id=chat_id,
                                         photo=upload, caption=caption, reply_markup=markup)
        return await self._in_thread(self.bot.send_document, thread_id, chat_id=chat_id,
                                     document=upload, caption=caption, reply_markup=markup)

    def pace(self, recipient: str) -> tuple[float, float]:
        """Group and supergroup chat ids are negative; their limit is per minute."""
        return GROUP_PACE if recipient.startswith("-") else PRIVATE_PACE

    def _parts(self, body: dict[str, Any]) -> list[Piece | FilePiece]:
        """One per message: the text's pieces, then the file; the buttons go on the last."""
        buttons = [Button(b["text"], b["payload"]) for b in body.get("buttons", ())]
        file = body.get("file")
        if file is None:
            return list(pieces(body["text"], buttons))
        texts = pieces(body["text"], []) if body["text"] else []
        return [*texts, FilePiece(file, keyboard(buttons))]

    def cost(self, body: dict[str, Any]) -> int:
        """Bot API calls still to make: the parts not sent yet, or a card's."""
        if "card" in body:
            return self.cards.cost(body)
        return len(self._parts(body)) - int(body.get("parts_sent", 0))

    async def send(self, recipient: str, body: dict[str, Any]) -> Any:
        """Sends every part not sent yet and returns the last one's message id (a card: where
        it was posted); raises `DeliveryError` saying what to do on failure."""
        if "card" in body:
            return await self.cards.send(int(recipient), body)
        done, thread_id = int(body.get("parts_sent", 0)), body.get("thread_id")
        last = None
        for number, part in enumerate(self._parts(body)):
            if number < done:
                continue
            try:
                if isinstance(part, FilePiece):
                    last = await self._send_file(int(recipient), part, thread_id)
                else:
                    last = await self._send_piece(int(recipient), part, thread_id)
            except CAUGHT as error:
                raise delivery_error(error, {"parts_sent": number}) from error
        return getattr(last, "message_id", None)
