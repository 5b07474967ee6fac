"""Ticket cards in the staff group, delivered by the outbox like every other message (one pacing,
one retry policy): `CardQueuer` queues the card of each new ticket, `CardSender` posts it (in a
forum topic of its own when the group is a forum, the ticket's files copied beneath it) or edits
it in place after an action."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import FSInputFile, ReplyParameters

from bot.core.messages import Button
from bot.core.staff.desk import StaffDesk
from handlers.file_store import FileStore
from handlers.telegram.errors import CAUGHT, delivery_error
from handlers.telegram.keyboards import MAX_TEXT, keyboard

log = logging.getLogger(__name__)
MAX_TOPIC_NAME = 128
# getChat says whether the group is a forum; after this many failed tries (each after the
# outbox's backoff) the card goes to the group without a topic rather than not at all.
FORUM_CHECKS = 3


class CardSender:
    """Sends the outbox bodies with a `"card"` (bot/core/messages.py CardPost); what went out
    (`thread_id`, `card_message_id`, `files_done`, `forum_checks`) is kept in the body across
    retries, so a retry never posts a card or a file twice."""

    def __init__(self, bot: Bot, store: FileStore | None = None) -> None:
        self.bot = bot
        self.store = store  # where web uploads are (their reference is `stored:…`)
        self._forum: dict[int, bool] = {}
        self._told_no_topic = False

    def cost(self, body: dict[str, Any]) -> int:
        card = body["card"]
        if card.get("edit_of") is not None:
            return 1
        posted = body.get("card_message_id") is not None
        topic = 0 if posted or body.get("thread_id") is not None or not card.get("topic") else 1
        return topic + (0 if posted else 1) + len(card["files"]) - int(body.get("files_done", 0))

    async def send(self, chat_id: int, body: dict[str, Any]) -> Any:
        card = body["card"]
        markup = keyboard([Button(b["text"], b["payload"]) for b in body.get("buttons", ())])
        if card.get("edit_of") is not None:
            return await self._edit(chat_id, card, body["text"], markup)
        progress = {key: body.get(key) for key in
                    ("thread_id", "card_message_id", "files_done", "forum_checks")}
        try:
            if progress["card_message_id"] is None:
                if progress["thread_id"] is None and card.get("topic"):
                    progress["thread_id"] = await self._topic(chat_id, card, progress)
                message = await self.bot.send_message(
                    chat_id, body["text"][:MAX_TEXT], message_thread_id=progress["thread_id"],
                    reply_markup=markup)
                progress["card_message_id"] = message.message_id
            await self._copy_files(chat_id, card, progress)
        except CAUGHT as error:
            raise delivery_error(error, progress) from error
        return {"chat_id": chat_id, "thread_id": progress["thread_id"],
                "message_id": progress["card_message_id"]}

    async def _edit(self, chat_id: int, card: dict[str, Any], text: str, markup: Any) -> int:
        try:
            await self.bot.edit_message_text(text=text[:MAX_TEXT], chat_id=chat_id,
                                             message_id=card["edit_of"], reply_markup=markup)
        except TelegramBadRequest as error:
            if "not modified" not in str(error):
                raise delivery_error(error, {}) from error
        except CAUGHT as error:
            raise delivery_error(error, {}) from error
        return int(card["edit_of"])

    async def _topic(self, chat_id: int, card: dict[str, Any],
                     progress: dict[str, Any]) -> int | None:
        """A new forum topic for the card, or None when the group is not a forum (or getChat
        kept failing: the card is posted without a topic, said once in the log)."""
        if chat_id not in self._forum:
            try:
                chat = await self.bot.get_chat(chat_id)
            except CAUGHT as error:
                checks = int(progress.get("forum_checks") or 0) + 1
                if checks < FORUM_CHECKS:
                    progress["forum_checks"] = checks
                    raise
                if not self._told_no_topic:
                    log.warning("staff group: getChat failed %d times (%s); cards are posted "
                                "without a forum topic until it answers", checks,
                                type(error).__name__)
                    self._told_no_topic = True
                return None
            self._forum[chat_id] = bool(chat.is_forum)
        if not self._forum[chat_id]:
            return None
        topic = await self.bot.create_forum_topic(chat_id, card["topic"][:MAX_TOPIC_NAME])
        return topic.message_thread_id

    async def _copy_files(self, chat_id: int, card: dict[str, Any],
                          progress: dict[str, Any]) -> None:
        """The ticket's files as replies to its card; a file Telegram refuses is skipped."""
        done = int(progress.get("files_done") or 0)
        for number, (kind, file_ref) in enumerate(card["files"]):
            if number < done:
                continue
            progress["files_done"] = number
            send = self.bot.send_photo if kind == "photo" else self.bot.send_document
            stored = self.store.path(file_ref) if self.store else None
            try:
                await send(chat_id, FSInputFile(stored) if stored else file_ref,
                           message_thread_id=progress["thread_id"],
                           reply_parameters=ReplyParameters(
                               message_id=progress["card_message_id"]))
            except (TelegramBadRequest, OSError) as error:  # refused, or missing from storage
                log.warning("an attachment of ticket %d not copied: %s", card["ticket_id"],
                            type(error).__name__)
        progress["files_done"] = len(card["files"])


class CardQueuer:
    """Queues the cards of new tickets for the outbox; woken when a ticket is filed."""

    def __init__(self, desk: StaffDesk, chat_id: int, on_queued: Any, poll: float = 2.0) -> None:
        self.desk, self.chat_id, self.poll, self._on_queued = desk, chat_id, poll, on_queued
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                if await self.desk.queue_cards(self.chat_id):
                    self._on_queued()
            except Exception:
                log.exception("queueing ticket cards failed; trying again shortly")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll)
