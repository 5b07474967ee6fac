"""Ticket cards in the staff group: posted for each new ticket (a forum topic per ticket when
the group is a forum), edited in place after every action."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import ReplyParameters

from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import Card
from bot.core.tickets import SEALED_IDENTITY
from handlers.telegram.keyboards import MAX_TEXT, keyboard

log = logging.getLogger(__name__)
# Telegram allows about 20 new topics a minute per group (DESIGN §6); stay under it.
TOPIC_INTERVAL = 3.1
MAX_TOPIC_NAME = 128


async def edit_card(bot: Bot, card: Card) -> None:
    """Shows the card as it now reads; a card that cannot be edited is left as it was."""
    ticket = card.ticket
    if ticket.staff_chat_id is None or ticket.staff_message_id is None:
        return
    try:
        await bot.edit_message_text(text=card.reply.text[:MAX_TEXT],
                                    chat_id=ticket.staff_chat_id,
                                    message_id=ticket.staff_message_id,
                                    reply_markup=keyboard(card.reply.buttons))
    except TelegramBadRequest as error:
        if "not modified" not in str(error):
            log.warning("card of ticket %d not edited: %s", ticket.id, error)


class CardPoster:
    """Posts the cards of tickets that have none yet; woken when a ticket is filed."""

    def __init__(self, bot: Bot, desk: StaffDesk, chat_id: int, poll: float = 2.0) -> None:
        self.bot, self.desk, self.chat_id, self.poll = bot, desk, chat_id, poll
        self._wake = asyncio.Event()
        self._forum: bool | None = None

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                for card in await self.desk.cards_to_post():
                    await self._post(card)
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
            except Exception:
                log.exception("posting ticket cards failed; trying again shortly")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll)

    async def _is_forum(self) -> bool:
        if self._forum is None:
            chat = await self.bot.get_chat(self.chat_id)
            self._forum = bool(chat.is_forum)
        return self._forum

    async def _post(self, card: Card) -> None:
        ticket, thread = card.ticket, None
        if await self._is_forum():
            name = card.reply.text.splitlines()[0][:MAX_TOPIC_NAME]
            topic = await self.bot.create_forum_topic(self.chat_id, name)
            thread = topic.message_thread_id
            await asyncio.sleep(TOPIC_INTERVAL)
        message = await self.bot.send_message(self.chat_id, card.reply.text[:MAX_TEXT],
                                              message_thread_id=thread,
                                              reply_markup=keyboard(card.reply.buttons))
        await self.desk.remember_card(ticket.id, self.chat_id, thread, message.message_id)
        if ticket.type not in SEALED_IDENTITY:  # a denouncer's signed đơn names them
            await self._copy_files(card, thread, message.message_id)

    async def _copy_files(self, card: Card, thread: int | None, card_id: int) -> None:
        for item in card.ticket.attachments:
            send = self.bot.send_photo if item.kind == "photo" else self.bot.send_document
            try:
                await send(self.chat_id, item.file_ref, message_thread_id=thread,
                           reply_parameters=ReplyParameters(message_id=card_id))
            except TelegramBadRequest as error:
                log.warning("attachment of ticket %d not copied: %s", card.ticket.id, error)
