"""The citizens' router: private chats only; each handler decodes an update into what it means
(a turn of the conversation, or one catalog notice) and returns it for the relay to carry out.
Replies leave through the outbox."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.core.staff.model import StaffOutcome
from bot.relay.decoded import CitizenTurn, Decoded, Ignore, Notice, Then
from bot.relay.throttle import SlidingWindow, Verdict
from handlers.telegram.mapping import (
    incoming_from_callback,
    incoming_from_messages,
    own_phone,
    user_ref,
)

FILES = F.photo | F.document | F.video | F.audio | F.voice


def answered(callback: CallbackQuery) -> Then:
    """Stops the button's spinner once the turn is committed; a query too old to answer is no
    reason to fail the turn."""

    async def answer(_outcome: StaffOutcome | None) -> None:
        with contextlib.suppress(TelegramAPIError):
            await callback.answer()

    return answer


async def on_text(message: Message) -> Decoded:
    """Free text or a command: one turn of the conversation."""
    return CitizenTurn(incoming_from_messages([message]))


async def on_files(message: Message, album: list[Message] | None = None) -> Decoded:
    """Photos, documents, videos or audio; an album arrives as one set of attachments."""
    return CitizenTurn(incoming_from_messages(album or [message]))


async def on_location(message: Message) -> Decoded:
    """A location or venue shared on the map: the core takes it as the place of an incident
    being reported, or answers that it cannot use it here."""
    return CitizenTurn(incoming_from_messages([message]))


async def on_contact(message: Message) -> Decoded:
    """A contact: the sender's own number (the phone step's «Gửi số điện thoại»), which the core
    takes at that step; another person's, a polite notice."""
    if own_phone(message) is None:
        return Notice(user_ref(message.from_user), "error.contact")
    return CitizenTurn(incoming_from_messages([message]))


async def on_button(callback: CallbackQuery) -> Decoded:
    """A pressed inline button."""
    return CitizenTurn(incoming_from_callback(callback), then=answered(callback))


def notice(key: str) -> Callable[[Message], Awaitable[Decoded]]:
    """A handler answering with one short catalog text (stickers, edits)."""

    async def on_message(message: Message) -> Decoded:
        return Notice(user_ref(message.from_user), key)

    on_message.__doc__ = f"Answers with the catalog text {key!r}."
    return on_message


class FloodControl(BaseMiddleware):
    """Over the limit, one polite slow-down notice, then silence until the rate drops."""

    def __init__(self, window: SlidingWindow) -> None:
        self.window = window

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User = data["event_from_user"]
        sent = getattr(event, "date", None) or getattr(event, "edit_date", None)
        moment = sent.timestamp() if sent else time.time()  # a backlog keeps its real pace
        verdict = self.window.hit(str(user.id), moment)
        if verdict is Verdict.ALLOW:
            return await handler(event, data)
        then = answered(event) if isinstance(event, CallbackQuery) else None
        if verdict is Verdict.WARN:
            seconds = self.window.retry_after(str(user.id), moment)
            return Notice(user_ref(user), "error.slow_down", {"seconds": seconds}, then)
        return Ignore("throttled", then)


def citizen_router(window: SlidingWindow) -> Router:
    """Private chats with citizens; filters and flood control at router level."""
    router = Router(name="citizens")
    private = F.chat.type == ChatType.PRIVATE
    router.message.filter(private)
    # A live location's moves arrive as edits (https://core.telegram.org/bots/api#location):
    # not the citizen's words, and too many to answer; the first position was the one taken.
    router.edited_message.filter(private, ~F.location)
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    flood = FloodControl(window)
    for observer in (router.message, router.edited_message, router.callback_query):
        observer.middleware(flood)
    router.message.register(on_text, F.text)
    router.message.register(on_files, FILES)
    router.message.register(notice("error.sticker"), F.sticker | F.animation | F.dice)
    router.message.register(on_location, F.location | F.venue)
    router.message.register(on_contact, F.contact)
    router.message.register(notice("error.unsupported"))
    router.edited_message.register(notice("error.edited"))
    router.callback_query.register(on_button)
    return router
