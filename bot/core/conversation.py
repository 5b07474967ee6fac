"""The conversation service: one citizen event in, replies out, state kept in our database."""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from dataclasses import replace

from bot.core import commands
from bot.core.flows import (
    asking,
    filing,
    intents,
    menu,
    replying,
    sent,
    sharing,
    tracking,
    two_stage,
)
from bot.core.intents import read_message
from bot.core.locks import KeyedLocks
from bot.core.messages import Incoming, Reply, UserRef
from bot.core.ports import ConversationState, UnitOfWork, UnitOfWorkFactory
from bot.core.retention import DRAFT_EXPIRED, expire_if_stale
from bot.core.routing import is_cancel, parse_command, question_asked, question_ranked
from bot.core.turn import CoreDeps, Turn
from bot.core.validation import clean_text

log = logging.getLogger(__name__)

class ConversationService:
    """Handles each citizen's events one at a time, in one transaction per event."""

    def __init__(self, uow_factory: UnitOfWorkFactory, deps: CoreDeps) -> None:
        self._uow_factory = uow_factory
        self.deps = deps
        self._locks = KeyedLocks()

    async def handle(self, event: Incoming) -> list[Reply]:
        """The replies to one event in a transaction of its own (the web chat, the terminal);
        a failure rolls back and says so politely."""
        async with self.hold(event.user):
            try:
                await self.prepare(event)
                async with self._uow_factory() as uow:
                    replies = await self.turn(event, uow)
                    await uow.commit()
                return replies
            except Exception:
                return self.failed(event)

    def hold(self, user: UserRef) -> AbstractAsyncContextManager[None]:
        """One turn at a time per citizen in this process, held until its commit."""
        return self._locks.hold(user.key())

    def failed(self, event: Incoming) -> list[Reply]:
        """What the citizen reads when a turn failed (called while handling the exception)."""
        # Only the channel: a traceback must not carry what the citizen typed.
        log.exception("turn failed on channel %s", event.user.channel)
        self.deps.metrics.inc("pakn_turn_errors_total", "channel", event.user.channel)
        lang = self.deps.catalog.language_for(event.language)
        return [Reply(self.deps.catalog.text("error.internal", lang))]

    async def take_pending(self, user: UserRef) -> list[Reply]:
        """Messages pushed to a citizen on a channel that polls for them (the web chat). Most
        polls find nothing: they only read, without waiting for the writer's turn."""
        async with self._uow_factory.reader() as reader:
            if not await reader.outbox.has_pending(user):
                return []
        async with self._uow_factory() as uow:
            replies = await uow.outbox.for_recipient(user)
            await uow.commit()
        return replies

    async def awaits_files(self, user: UserRef) -> bool:
        """Whether the citizen is at a filing's files step or sending a signed đơn, so that a
        channel storing uploads itself (the web chat) keeps a file only when it will be
        attached to something."""
        async with self._uow_factory.reader() as reader:
            state = await reader.conversations.load(user)
        return state is not None and state.state in (filing.Step.ATTACHMENTS, two_stage.UPLOAD)

    async def prepare(self, event: Incoming) -> None:
        """Does the FAQ work a message asks for (its question matched, or an answered one's
        next best entries ranked) before its turn opens a transaction; call it holding
        `hold(event.user)`. The conversation is read without waiting for the writer; the turn
        finds the result made against the same FAQ (else makes it), so that on SQLite it
        holds the one writer's turn for its reads and writes only, not the sentence model's."""
        text = clean_text(event.text) if event.text else None
        if event.attachments or (text and event.payload):
            return  # a file, or a button with a text: no question of the FAQ
        if text and len(text) <= self.deps.limits.max_text_length:
            state = await self._looked_up(event.user)
            if (question := question_asked(state.state, text)) is not None:
                await self.deps.faq.amatch(question)
        elif event.payload == asking.NOT_MY_QUESTION:
            state = await self._looked_up(event.user)
            if (question := question_ranked(state, event.payload)) is not None:
                await self.deps.faq.arank(question, asking.SECOND_CHOICES)

    async def _looked_up(self, user: UserRef) -> ConversationState:
        """The citizen's conversation as their next turn will find it, read without waiting for
        the writer (a draft or prompt gone stale already let go of)."""
        async with self._uow_factory.reader() as reader:
            state = await reader.conversations.load(user) or ConversationState()
        expire_if_stale(state, self.deps.clock.now(), self.deps.draft_ttl)
        return state

    async def turn(self, event: Incoming, uow: UnitOfWork) -> list[Reply]:
        """One event's turn inside an open unit of work that the caller commits, with what
        belongs to the same transaction (the relay queues the replies and marks the stored
        update handled); the caller holds `hold(event.user)` until then."""
        self.deps.metrics.inc("pakn_events_total", "channel", event.user.channel)
        event = readable(event)
        text = clean_text(event.text) if event.text else None
        limit = self.deps.limits.max_text_length
        if text and len(text) > limit:
            lang = self.deps.catalog.language_for(event.language)
            return [Reply(self.deps.catalog.text("error.too_long", lang, max=limit))]
        state = await uow.conversations.load(event.user)
        if state is None:
            state = ConversationState(language=self.deps.catalog.default)
        if event.language:  # the citizen picked a language in the client (the web page)
            state.language = self.deps.catalog.language_for(event.language)
        now = self.deps.clock.now()
        share_asked = sharing.was_asked(state.data)  # before an expiry empties it
        expire_if_stale(state, now, self.deps.draft_ttl)
        citizen_id = await uow.citizens.ensure(event.user)
        if event.reply_to:
            await uow.citizens.remember_reply_to(event.user, event.reply_to)
        turn = Turn(event, state, uow, self.deps, citizen_id)
        # What the platform refused while the citizen was out of reach goes out now, before
        # this turn's replies (the outbox keeps the order).
        released = await uow.outbox.release_held(event.user)
        await route(turn, text, event.payload)
        if released:
            turn.say("delivery.released", count=released)
        sharing.settle(turn, share_asked)
        await uow.conversations.save(event.user, turn.state, now)
        return turn.replies


def readable(event: Incoming) -> Incoming:
    """The event without control characters where the client chose the words: a payload it
    may forge, the names and types of its files, the names of a place. A NUL there would fail
    the turn on PostgreSQL, again at every try to confirm a filing."""
    files = tuple(replace(item, name=_clean(item.name), mime=_clean(item.mime))
                  for item in event.attachments)
    place = event.location and replace(event.location, title=_clean(event.location.title),
                                       address=_clean(event.location.address))
    return replace(event, payload=_clean(event.payload), attachments=files, location=place)


def _clean(value: str | None) -> str | None:
    return (clean_text(value) or None) if value else None


async def route(turn: Turn, text: str | None, payload: str | None) -> None:
    """Sends the event to the command, button or flow step it belongs to."""
    command = parse_command(text, payload)
    if turn.state.state == DRAFT_EXPIRED:
        draft_expired(turn)
        if not command:  # the rest of a filing that is gone: the note is the whole answer
            return
    name = command[0] if command else None
    language = commands.LANGUAGE_COMMANDS.get(name) if name else None
    mid_filing = turn.state.state.startswith("file.") and name not in (None, "huy")
    if mid_filing and (payload or language):
        # A menu button of a message before the filing began, or a language switched: the
        # draft is kept.
        filing.keep_draft(turn, language)
    elif mid_filing and name == "help":
        filing.help_kept(turn)
    elif command:
        if mid_filing:
            filing.drop_draft(turn)
        await commands.run_command(turn, *command)
    elif text and is_cancel(text):
        await commands.run_command(turn, "huy", None)
    elif payload:
        await commands.on_payload(turn, payload)
    elif turn.event.contact_phone is not None:
        await filing.take_contact(turn, turn.event.contact_phone)
    elif turn.event.location is not None and turn.state.state.startswith("file."):
        filing.take_location(turn, turn.event.location)
    elif turn.event.location is not None:
        turn.say("error.location")
    elif turn.state.state.startswith("file.") and text and filing.is_back(text):
        filing.back(turn)
    elif turn.state.state.startswith("file."):
        await filing.on_input(turn, filing.Input(text, None, turn.event.attachments))
    elif turn.state.state == two_stage.UPLOAD and (turn.event.attachments or not text):
        await two_stage.on_upload(turn)
    elif turn.state.state == replying.STATE and text:
        await replying.relay(turn, text)
    elif turn.state.state == sent.STATE and text and sent.is_confirmation(text):
        sent.already_sent(turn)
    elif turn.state.state == "track.code" and text and tracking.looks_like_code(text):
        await tracking.show_status(turn, text)
    elif turn.event.attachments:
        turn.say("error.attachment_outside_flow")
    elif text:
        await on_free_text(turn, text)
    elif turn.event.text is not None:  # sent empty, or only spaces and control characters
        turn.say("error.empty", *menu.menu_buttons(turn))
    else:  # no text and no file: a sticker…
        turn.say("error.unsupported")


async def on_free_text(turn: Turn, text: str) -> None:
    """A greeting, a request for the menu, a code or the wish to file, else a question (a
    leading greeting is not part of it)."""
    recognised, question = read_message(text, awaiting_code=turn.state.state == "track.code")
    if recognised is not None:
        await intents.respond(turn, recognised)
        return
    turn.state.state = "idle"
    await asking.answer_question(turn, question)


def draft_expired(turn: Turn) -> None:
    """Tells the citizen their unfinished filing was deleted, and shows the menu."""
    turn.reset()
    hours = int(turn.deps.draft_ttl.total_seconds() // 3600)
    turn.say("file.draft_expired", *menu.menu_buttons(turn), hours=hours)
