"""The staff group's router: officers' messages and button presses go to the staff desk; the
desk's replies are queued into the same topic, the card is edited in place, alerts answered.
And the one staff command an officer may also send in a private chat with the bot: `/tim`,
whose answer (a citizen's tickets found by phone) then reaches nobody else."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffEvent, StaffOutcome
from bot.relay.decoded import Decoded, Ignore, StaffAction
from handlers.telegram.staff_files import StaffFiles

log = logging.getLogger(__name__)


def _thread(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


async def on_staff_message(message: Message, desk: StaffDesk, staff_files: StaffFiles,
                           album: list[Message] | None = None) -> Decoded:
    """A message in the group: a reply to a card or a message in a ticket's topic acts on it
    (its photos or documents, an album's too, fetched to go with it); a reply to the bot's
    prompt, or a message in the ticket's topic, completes a pending one."""
    parts = album or [message]
    text = message.text or next((m.caption for m in parts if m.caption), None)
    with_file = bool(message.video or message.audio or message.voice or message.video_note
                     or message.animation)
    relayable = bool(message.photo or message.document)
    if message.from_user is None or message.from_user.is_bot or not (
            text or with_file or relayable):
        return Ignore("staff")
    replied = message.reply_to_message
    ticket_id = await desk.ticket_at(message.chat.id, _thread(message),
                                     replied.message_id if replied else None)
    files = await staff_files.of(parts) if ticket_id is not None and relayable else ()
    author = replied.from_user if replied else None
    target = (author.id, author.full_name) if author and not author.is_bot else None
    event = StaffEvent(message.from_user.id, text=text, ticket_id=ticket_id, target=target,
                       reply_to=replied.message_id if replied else None,
                       reply_to_bot=bool(author and author.is_bot), thread_id=_thread(message),
                       with_file=with_file, files=files)
    return StaffAction(event, message.chat.id, _thread(message))  # the card's edit queued


async def on_staff_button(callback: CallbackQuery) -> Decoded:
    """A button on a card; strangers get an alert and change nothing."""
    message = callback.message
    chat_id = message.chat.id if message else 0
    thread = _thread(message) if isinstance(message, Message) else None
    event = StaffEvent(callback.from_user.id, payload=callback.data or "")

    async def answer(outcome: StaffOutcome | None) -> None:
        alert = outcome.alert if outcome else None
        try:
            await callback.answer(alert or "", show_alert=bool(alert))
        except Exception:  # the query may have expired; the action itself is done
            log.warning("answerCallbackQuery failed")

    return StaffAction(event, chat_id, thread, then=answer)


async def on_other_update(event: TelegramObject) -> Decoded:
    """Edits and service messages in the group: nothing to do."""
    return Ignore("staff")


async def officer_finds(message: Message, desk: StaffDesk) -> bool:
    """`/tim` from a registered officer whose rights were not withdrawn; from anyone else it
    is a citizen's text like any other (never told the command exists)."""
    user = message.from_user
    return bool(user and not user.is_bot and message.text
                and desk.takes_privately(message.text) and await desk.is_officer(user.id))


async def on_private_find(message: Message) -> Decoded:
    """An officer's `/tim` in their private chat: answered there only."""
    event = StaffEvent(message.from_user.id, text=message.text, private=True)
    return StaffAction(event, message.chat.id)


def private_find_router() -> Router:
    """An officer's `/tim` in a private chat, ahead of the citizens' router (which gets all
    else there, an officer's other messages too)."""
    router = Router(name="private_find")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_private_find, officer_finds)
    return router


def staff_router(staff_chat_id: int | None) -> Router:
    """Catches every update from the staff chat, ahead of the citizens' router."""
    router = Router(name="staff")
    if staff_chat_id is None:
        return router
    router.message.filter(F.chat.id == staff_chat_id)
    router.edited_message.filter(F.chat.id == staff_chat_id)
    router.callback_query.filter(F.message.chat.id == staff_chat_id)
    router.message.register(on_staff_message)
    router.callback_query.register(on_staff_button)
    router.edited_message.register(on_other_update)
    return router
