"""Sends one outbox message to a Telegram chat, and says whether a failure is worth retrying."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.core.messages import FileKind, OutgoingFile
from bot.relay.envelope import Envelope
from handlers.storage import Storage, stored_name
from handlers.telegram.cards import CardSender
from handlers.telegram.errors import CAUGHT, delivery_error
from handlers.telegram.keyboards import Piece, keyboard, pieces, reply_pieces

# Telegram: "avoid sending more than one message per second" in a chat, short bursts allowed;
# 20 messages a minute into a group. A bucket lets through at most burst + rate x seconds in any
# window, so a private chat gets a turn's few replies at once then one a second, and a group at
# most 5 + 14 = 19 in any rolling minute. https://core.telegram.org/bots/faq#broadcasting-to-users
PRIVATE_PACE = (3.0, 1.0)
GROUP_PACE = (5.0, 14 / 60)
MAX_CAPTION = 1024  # https://core.telegram.org/bots/api#sendphoto


@dataclass(frozen=True)
class FilePiece:
    """A reply's file, sent after its text with the reply's buttons."""

    file: OutgoingFile
    keyboard: InlineKeyboardMarkup | None = None


class TelegramSender:
    """The outbox sender of the Telegram channel: a reply's text goes in pieces, then its file
    (with the buttons, if any), in the envelope's forum topic if it has one. An envelope with a
    card is a ticket's card, posted or edited in the staff group (cards.py)."""

    def __init__(self, bot: Bot, store: Storage | None = None) -> None:
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
        upload: BufferedInputFile | str
        if file.channel_ref:  # a file this bot has seen: Telegram sends it again by its id
            upload = file.channel_ref
        else:
            content = file.content
            if self.store and file.stored_ref and stored_name(file.stored_ref):
                content = await self.store.read(file.stored_ref)  # OSError: missing, unreachable
            upload = BufferedInputFile(content, filename=file.name)
        caption = file.caption or None
        if caption and len(caption) > MAX_CAPTION:
            caption = caption[:MAX_CAPTION - 1] + "…"
        if file.kind is FileKind.PHOTO:
            return await self._in_thread(self.bot.send_photo, thread_id, chat_id=chat_id,
                                         photo=upload, caption=caption, reply_markup=markup)
        return await self._in_thread(self.bot.send_document, thread_id, chat_id=chat_id,
                                     document=upload, caption=caption, reply_markup=markup)

    def pace(self, recipient: str) -> tuple[float, float]:
        """A group's limit is per minute."""
        return GROUP_PACE if _is_group(recipient) else PRIVATE_PACE

    @staticmethod
    def _parts(envelope: Envelope) -> list[Piece | FilePiece]:
        """One per message: the text's pieces, then the file; the buttons go on the last."""
        reply = envelope.reply
        if reply.file is None:
            return list(reply_pieces(reply, private=not _is_group(envelope.recipient)))
        texts = pieces(reply.text, []) if reply.text else []
        return [*texts, FilePiece(reply.file, keyboard(reply.buttons))]

    def cost(self, envelope: Envelope) -> int:
        """Bot API calls still to make: the parts not sent yet, or a card's."""
        if envelope.card is not None:
            return self.cards.cost(envelope)
        return len(self._parts(envelope)) - envelope.progress.parts_sent

    async def send(self, envelope: Envelope) -> Any:
        """Sends every part not sent yet and returns the last one's message id (a card: where
        it was posted); raises `DeliveryError` saying what to do on failure."""
        if envelope.card is not None:
            return await self.cards.send(envelope)
        chat_id, done, last = int(envelope.recipient), envelope.progress.parts_sent, None
        for number, part in enumerate(self._parts(envelope)):
            if number < done:
                continue
            try:
                if isinstance(part, FilePiece):
                    last = await self._send_file(chat_id, part, envelope.thread)
                else:
                    last = await self._send_piece(chat_id, part, envelope.thread)
            except CAUGHT as error:
                progress = replace(envelope.progress, parts_sent=number)
                raise delivery_error(error, progress) from error
        return None if last is None else last.message_id


def _is_group(recipient: str) -> bool:
    """Group and supergroup chat ids are negative."""
    return recipient.startswith("-")
