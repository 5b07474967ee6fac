"""The core's replies as Telegram messages: inline keyboards, pieces under 4,096 characters."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.messages import Button
from handlers.rendering import split_text

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # https://core.telegram.org/bots/api#sendmessage
MAX_CALLBACK_DATA = 64  # bytes: https://core.telegram.org/bots/api#inlinekeyboardbutton
SHORT_LABEL = 4  # ratings "1".."5" and the like share a row
ROW_OF_SHORT = 5


@dataclass(frozen=True)
class Piece:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """One button per row, short labels side by side; payloads too long to send are left out."""
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        if len(button.payload.encode()) > MAX_CALLBACK_DATA:
            log.warning("button payload over %d bytes left out", MAX_CALLBACK_DATA)
            continue
        item = InlineKeyboardButton(text=button.text[:64], callback_data=button.payload)
        short = len(button.text) <= SHORT_LABEL
        row_of_short = rows and len(rows[-1][0].text) <= SHORT_LABEL
        if short and row_of_short and len(rows[-1]) < ROW_OF_SHORT:
            rows[-1].append(item)
        else:
            rows.append([item])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def pieces(text: str, buttons: Sequence[Button]) -> list[Piece]:
    """The messages to send for one reply; the keyboard goes with the last piece."""
    parts = split_text(text, MAX_TEXT) or ["…"]
    markup = keyboard(buttons)
    return [Piece(part, markup if number == len(parts) - 1 else None)
            for number, part in enumerate(parts)]
