"""Sends one outbox message to a Telegram chat, and says whether a failure is worth retrying."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    RestartingTelegram,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.core.messages import Button
from bot.delivery import DeliveryError
from handlers.telegram.keyboards import Piece, pieces

TRANSIENT = (TelegramNetworkError, TelegramServerError, RestartingTelegram, ClientDecodeError,
             TimeoutError, OSError)
PERMANENT = (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound)
# About 1 message a second per chat; a burst of 10 covers one turn's replies, since a citizen
# is held to 20 messages a minute anyway. https://core.telegram.org/bots/faq#broadcasting-to-users
PRIVATE_PACE = (10.0, 1.0)
GROUP_PACE = (3.0, 20 / 60)  # about 20 messages a minute per group


class TelegramSender:
    """The outbox sender of the Telegram channel: body `{"text", "buttons", "thread_id"?}`."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _send_piece(self, chat_id: int, piece: Piece, thread_id: int | None) -> None:
        try:
            await self.bot.send_message(chat_id=chat_id, text=piece.text,
                                        reply_markup=piece.keyboard, message_thread_id=thread_id)
        except TelegramBadRequest as error:
            # A person may delete a ticket's forum topic (DESIGN §6): the message still goes to
            # the group's main thread, and it names the ticket's code.
            if thread_id is None or "thread not found" not in str(error).lower():
                raise
            await self.bot.send_message(chat_id=chat_id, text=piece.text,
                                        reply_markup=piece.keyboard)

    def pace(self, recipient: str) -> tuple[float, float]:
        """Group and supergroup chat ids are negative; their limit is per minute."""
        return GROUP_PACE if recipient.startswith("-") else PRIVATE_PACE

    async def send(self, recipient: str, body: dict[str, Any]) -> None:
        """Sends every piece not sent yet; raises `DeliveryError` saying what to do on failure."""
        buttons = [Button(b["text"], b["payload"]) for b in body.get("buttons", ())]
        done = int(body.get("parts_sent", 0))
        for number, piece in enumerate(pieces(body["text"], buttons)):
            if number < done:
                continue
            try:
                await self._send_piece(int(recipient), piece, body.get("thread_id"))
            except TelegramRetryAfter as error:
                raise DeliveryError(str(error), retry_after=error.retry_after,
                                    parts_sent=number) from error
            except TelegramUnauthorizedError as error:  # a wrong token: wait for the operator
                raise DeliveryError(str(error), parts_sent=number) from error
            except PERMANENT as error:
                raise DeliveryError(str(error), permanent=True, parts_sent=number) from error
            except (*TRANSIENT, TelegramAPIError) as error:
                raise DeliveryError(f"{type(error).__name__}: {error}",
                                    parts_sent=number) from error
