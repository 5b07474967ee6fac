"""The core's replies as Telegram messages: inline keyboards, pieces under 4,096 characters; in
a private chat, a step that asks for the place of the incident or the citizen's phone number as
a reply keyboard with a request_location or request_contact button, taken away by the next
message."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.core.messages import Button, Reply, Share, ShareKind
from handlers.rendering import split_text

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # https://core.telegram.org/bots/api#sendmessage
MAX_CALLBACK_DATA = 64  # bytes: https://core.telegram.org/bots/api#inlinekeyboardbutton
SHORT_LABEL = 4  # ratings "1".."5" and the like share a row
ROW_OF_SHORT = 5
# Where a message may be cut in two: before its last line, else before its last sentence.
LINE_BREAK = re.compile(r"\n(?=\s*\S)")
SENTENCE_BREAK = re.compile(r"(?<=[.?!:…])\s+(?=\S)")
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Piece:
    text: str
    keyboard: Markup | None = None


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


def reply_pieces(reply: Reply, private: bool) -> list[Piece]:
    """The messages of a reply without a file; in a private chat, a share request (location,
    phone) is a reply keyboard, and the message after it takes the keyboard away."""
    if private and reply.share:
        *head, last = pieces(reply.text, [])
        return [*head, Piece(last.text, share_keyboard(reply.share, reply.buttons))]
    parts = pieces(reply.text, reply.buttons)
    return removing(parts, reply.buttons_line) if private and reply.ends_share else parts


def share_keyboard(share: Share, buttons: Sequence[Button]) -> ReplyKeyboardMarkup:
    """The share button, then the step's choices, which send their label: the core reads a
    typed label as its button pressed (a message has one keyboard, not both kinds)."""
    phone = share.kind is ShareKind.PHONE
    rows = [[KeyboardButton(text=share.label[:64], request_contact=True if phone else None,
                            request_location=None if phone else True)]]
    if buttons:
        rows.append([KeyboardButton(text=button.text[:64]) for button in buttons])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, one_time_keyboard=True)


def removing(parts: list[Piece], buttons_line: str = "") -> list[Piece]:
    """The pieces with the reply keyboard taken away by the first that has no inline keyboard;
    a one-piece message with buttons is cut before its last line or sentence for it, or, with
    nowhere to cut, sent whole and its buttons after it under `buttons_line`."""
    for number, part in enumerate(parts):
        if part.keyboard is None:
            return [*parts[:number], Piece(part.text, ReplyKeyboardRemove(remove_keyboard=True)),
                    *parts[number + 1:]]
    (only,) = parts
    text = only.text.strip()
    cut = ([m.start() for m in LINE_BREAK.finditer(text)]
           or [m.start() for m in SENTENCE_BREAK.finditer(text)])
    if cut:
        head, tail = text[:cut[-1]].rstrip(), text[cut[-1]:].strip()
    elif text and buttons_line.strip():
        head, tail = text, buttons_line.strip()
    else:  # a message queued without the line: the buttons stay, the spent keyboard too
        return parts
    return [Piece(head, ReplyKeyboardRemove(remove_keyboard=True)), Piece(tail, only.keyboard)]
