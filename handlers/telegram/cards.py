"""Ticket cards in the staff group, delivered by the outbox like every other message (one pacing,
one retry policy): `CardQueuer` queues the card of each new ticket, `CardSender` posts it (in a
forum topic of its own when the group is a forum, the ticket's files copied beneath it) or edits
it in place after an action."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, ReplyParameters

from bot.core.messages import CardPlace, CardPost
from bot.core.staff.desk import StaffDesk
from bot.relay.envelope import Envelope
from bot.relay.poller import Poller
from handlers.storage import Storage, stored_name
from handlers.telegram.errors import CAUGHT, delivery_error
from handlers.telegram.keyboards import MAX_TEXT, keyboard

log = logging.getLogger(__name__)
MAX_TOPIC_NAME = 128
# getChat says whether the group is a forum; after this many failed tries (each after the
# outbox's backoff) the card goes to the group without a topic rather than not at all.
FORUM_CHECKS = 3
PHOTO_SUFFIXES = (".jpg", ".png")


class CardSender:
    """Sends the envelopes with a card (bot/core/messages.py CardPost); what went out (the
    topic, the card, the files copied beneath it, getChat's failed tries) is the failure's
    progress, kept across retries, so a retry never posts a card or a file twice."""

    def __init__(self, bot: Bot, store: Storage | None = None) -> None:
        self.bot = bot
        self.store = store  # where web uploads are (their reference is `stored:…`)
        self._forum: dict[int, bool] = {}
        self._told_no_topic = False

    def cost(self, envelope: Envelope) -> int:
        """Bot API calls still to make: a topic, the card and its files not sent yet."""
        card, done = _card(envelope), envelope.progress
        if card.edit_of is not None:
            return 1
        posted = done.card_message_id is not None
        topic = 0 if posted or envelope.thread is not None or not card.topic else 1
        return topic + (0 if posted else 1) + len(card.files) - done.files_done

    async def send(self, envelope: Envelope) -> CardPlace | int:
        """Edits the card (its message id), or posts it and copies its files: where it was
        posted (the staff desk remembers it, bot/core/staff/desk.py `on_receipt`)."""
        card, chat_id = _card(envelope), int(envelope.recipient)
        markup = keyboard(envelope.reply.buttons)
        if card.edit_of is not None:
            return await self._edit(chat_id, card.edit_of, envelope, markup)
        if envelope.progress.card_message_id is None:
            if envelope.thread is None and card.topic:
                envelope = await self._topic(chat_id, card.topic, envelope)
            envelope = await self._post(chat_id, envelope, markup)
        await self._copy_files(chat_id, card, envelope)
        posted = envelope.progress.card_message_id
        assert posted is not None, "posted above, or on an earlier try"
        return CardPlace(chat_id, envelope.thread, posted)

    async def _post(self, chat_id: int, envelope: Envelope, markup: Any) -> Envelope:
        try:
            message = await self.bot.send_message(
                chat_id, envelope.reply.text[:MAX_TEXT], message_thread_id=envelope.thread,
                reply_markup=markup)
        except CAUGHT as error:
            raise delivery_error(error, envelope.progress) from error
        return _advanced(envelope, card_message_id=message.message_id)

    async def _edit(self, chat_id: int, message_id: int, envelope: Envelope, markup: Any) -> int:
        try:
            await self.bot.edit_message_text(text=envelope.reply.text[:MAX_TEXT],
                                             chat_id=chat_id, message_id=message_id,
                                             reply_markup=markup)
        except TelegramBadRequest as error:
            if "not modified" not in str(error):
                raise delivery_error(error, envelope.progress) from error
        except CAUGHT as error:
            raise delivery_error(error, envelope.progress) from error
        return message_id

    async def _topic(self, chat_id: int, name: str, envelope: Envelope) -> Envelope:
        """The envelope with a new forum topic for its card, or as it was when the group is
        not a forum (or getChat kept failing: the card is posted without a topic, said once in
        the log)."""
        progress = envelope.progress
        if chat_id not in self._forum:
            try:
                chat = await self.bot.get_chat(chat_id)
            except CAUGHT as error:
                checks = progress.forum_checks + 1
                if checks < FORUM_CHECKS:
                    raise delivery_error(error, replace(progress, forum_checks=checks)) from error
                if not self._told_no_topic:
                    log.warning("staff group: getChat failed %d times (%s); cards are posted "
                                "without a forum topic until it answers", checks,
                                type(error).__name__)
                    self._told_no_topic = True
                return envelope
            self._forum[chat_id] = bool(chat.is_forum)
        if not self._forum[chat_id]:
            return envelope
        try:
            topic = await self.bot.create_forum_topic(chat_id, name[:MAX_TOPIC_NAME])
        except CAUGHT as error:
            raise delivery_error(error, progress) from error
        return _advanced(envelope, topic=topic.message_thread_id)

    async def _copy_files(self, chat_id: int, card: CardPost, envelope: Envelope) -> None:
        """The ticket's files as replies to its card; a file Telegram refuses is skipped."""
        for number, (kind, file_ref) in enumerate(card.files):
            if number < envelope.progress.files_done:
                continue
            stored = stored_name(file_ref) if self.store else None
            # Telegram shows JPEG and PNG as photos; a stored HEIC or WebP goes as a file.
            photo = kind == "photo" and (stored is None or stored.endswith(PHOTO_SUFFIXES))
            send = self.bot.send_photo if photo else self.bot.send_document
            try:
                media = (BufferedInputFile(await self.store.read(file_ref), filename=stored)
                         if self.store and stored else file_ref)
                await send(chat_id, media,
                           message_thread_id=envelope.thread,
                           reply_parameters=ReplyParameters(
                               message_id=envelope.progress.card_message_id))
            except (TelegramBadRequest, OSError) as error:  # refused, or missing from storage
                log.warning("an attachment of ticket %d not copied: %s", card.ticket_id,
                            type(error).__name__)
            except CAUGHT as error:
                raise delivery_error(error, _advanced(envelope, files_done=number).progress
                                     ) from error


def _card(envelope: Envelope) -> CardPost:
    assert envelope.card is not None, "a card's envelope"
    return envelope.card


def _advanced(envelope: Envelope, **went_out: Any) -> Envelope:
    """The envelope once more of it went out."""
    return replace(envelope, progress=replace(envelope.progress, **went_out))


class CardQueuer(Poller):
    """Queues the cards of new tickets for the outbox; woken when a ticket is filed."""

    name = "ticket cards"

    def __init__(self, desk: StaffDesk, chat_id: int, on_queued: Any, poll: float = 2.0) -> None:
        super().__init__(poll)
        self.desk, self.chat_id, self._on_queued = desk, chat_id, on_queued

    async def round(self) -> None:
        if await self.desk.queue_cards(self.chat_id):
            self._on_queued()
