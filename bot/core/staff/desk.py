"""The staff desk: turns an officer's message or button press into an action on a ticket,
in one transaction, and gives back the replies and the card as it now reads."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.core import variant_review
from bot.core.messages import Button, CardPlace, CardPost, Channel, Reply, UserRef
from bot.core.ports import ConversationState, UnitOfWork, UnitOfWorkFactory
from bot.core.staff import (
    cases,
    confirmation,
    evidence,
    extras,
    faq,
    find,
    lawful,
    lookahead,
    month_summary,
    publication,
    registration,
    reveal,
    urgency,
    variants,
)
from bot.core.staff import facts as staff_facts
from bot.core.staff.actions import ACTIONS, NEEDS_TEXT, allowed
from bot.core.staff.card import render_card
from bot.core.staff.context import UNREACHED_REF, StaffTurn, officer_ref
from bot.core.staff.model import Card, StaffDeps, StaffEvent, StaffOutcome, as_id, as_ticket_id
from bot.core.staff.pending import PROMPT_REF, Pending
from bot.core.tickets import SEALED_IDENTITY, Ticket
from bot.core.validation import clean_text

log = logging.getLogger(__name__)
EXTRAS = {"transfer": extras.choose_transfer, "history": extras.history,
          "phone": extras.show_phone, "faq_new": confirmation.review_faq,
          "faq_variant": faq.choose_entry, "handed": extras.hand_over,
          "evidence": evidence.send_evidence, "retype": lawful.choose_type,
          "guide_menu": lawful.choose_guide, "faq_answer": variants.choose_answer}
SELECTIONS = {**extras.SELECTIONS, "faq_add": faq.add_variant, "retype_to": lawful.retype,
              "guide_to": confirmation.review_guide, "faq_reply": variants.answer_with}
CARD_REF = "card"  # outbox ref and dedupe key of a card's post: card:<ticket id>
# What an officer may ask in a private chat with the bot, where nothing else of the desk runs.
PRIVATE_COMMANDS = frozenset({"/tim"})
TYPED = {"reply", "note"}  # written by the officer, never a button (st:reply:1 sent "None")


class StaffDesk:
    def __init__(self, uow_factory: UnitOfWorkFactory, deps: StaffDeps) -> None:
        self._uow_factory = uow_factory
        self.deps = deps

    async def handle(self, event: StaffEvent) -> StaffOutcome:
        """One officer's event in a transaction of its own (tests, tools)."""
        await self.prepare(event)
        async with self._uow_factory() as uow:
            outcome = await self.act(event, uow)
            await uow.commit()
        await self.settle(outcome)
        return outcome

    async def prepare(self, event: StaffEvent) -> None:
        """Ranks the FAQ entries the event's action will offer, before its transaction opens
        (bot.core.staff.lookahead)."""
        await lookahead.rank_ahead(self._uow_factory, self.deps, event)

    async def act(self, event: StaffEvent, uow: UnitOfWork) -> StaffOutcome:
        """One officer's event inside an open unit of work that the caller commits (the relay,
        with the stored update's mark and the replies). Only registered officers act; anyone
        else is ignored (buttons get an alert)."""
        outcome = StaffOutcome()
        officer = await uow.officers.by_telegram_id(event.officer_telegram_id)
        if officer is None:
            outcome.ignored = event.payload is None
            if event.payload:
                outcome.alert = self.deps.catalog.text("staff.not_officer")
            return outcome
        state = await uow.conversations.load(officer_ref(officer)) or ConversationState()
        turn = StaffTurn(event, officer, uow, self.deps, state, outcome)
        ticket_id = await self._route(turn)
        if ticket_id is not None and not outcome.alert:
            outcome.card = await self._card(uow, ticket_id)
            await _queue_edit(uow, outcome.card)
        for other in dict.fromkeys(outcome.refreshed):  # e.g. the case's card on a merge
            if other != ticket_id or outcome.alert:
                await _queue_edit(uow, await self._card(uow, other))
        await uow.conversations.save(officer_ref(officer), turn.state)
        return outcome

    async def settle(self, outcome: StaffOutcome) -> None:
        """After the action's commit: what changed in the FAQ is answered from at once."""
        if outcome.faq_changed:
            async with self._uow_factory() as uow:
                entries = await uow.faq.all()
            await self.deps.faq.areplace(entries)  # in a thread, swapped in whole
            await self.deps.faq.keep_vectors(self._uow_factory)

    async def is_officer(self, telegram_id: int) -> bool:
        """Whether `telegram_id` is a registered officer whose rights were not withdrawn (who
        may use `/tim` in a private chat with the bot; anyone else there is a citizen)."""
        async with self._uow_factory() as uow:
            return await uow.officers.by_telegram_id(telegram_id) is not None

    @staticmethod
    def takes_privately(text: str) -> bool:
        """Whether `text` is a command the desk answers in an officer's private chat."""
        return _command(clean_text(text)) in PRIVATE_COMMANDS

    async def ticket_at(self, chat_id: int, thread_id: int | None,
                        message_id: int | None) -> int | None:
        """The ticket a message in the staff group is about: its forum topic or its card."""
        async with self._uow_factory() as uow:
            ticket = await uow.tickets.by_staff_message(chat_id, thread_id, message_id)
            return ticket.id if ticket else None

    async def queue_cards(self, chat_id: int, limit: int = 50) -> int:
        """Queues the cards of new tickets for the staff group `chat_id` (outbox, one delivery
        path with every other message), and the edits of cases' cards whose members changed
        (a request joined at filing); how many."""
        async with self._uow_factory() as uow:
            tickets = await uow.tickets.without_card(limit)
            for ticket in tickets:
                card = await self._card(uow, ticket.id)
                if card is None:
                    continue
                # A denouncer's signed đơn names them: a tố cáo's files stay out of the group.
                files = () if ticket.type in SEALED_IDENTITY else tuple(
                    (item.kind, item.file_ref) for item in ticket.attachments)
                post = CardPost(ticket.id, topic=card.reply.text.splitlines()[0], files=files)
                await uow.outbox.add(UserRef(Channel.TELEGRAM, str(chat_id)),
                                     replace(card.reply, ref=f"{CARD_REF}:{ticket.id}"),
                                     dedupe_key=f"{CARD_REF}:{ticket.id}", card=post)
            leads = await uow.cases.stale_cards(limit)
            for lead in leads:
                await _queue_edit(uow, await self._card(uow, lead))
            await uow.commit()
            return len(tickets) + len(leads)

    async def remember_card(self, ticket_id: int, chat_id: int | None, thread_id: int | None,
                            message_id: int | None) -> None:
        """Where the card was posted (all None: forget it, e.g. its topic was deleted)."""
        async with self._uow_factory() as uow:
            await uow.tickets.update(ticket_id, staff_chat_id=chat_id, staff_thread_id=thread_id,
                                     staff_message_id=message_id)
            await uow.commit()

    async def card_for(self, ticket_id: int) -> Card | None:
        """The card of one ticket as it reads now (to post it, or after a reminder)."""
        async with self._uow_factory() as uow:
            return await self._card(uow, ticket_id)

    async def refresh_urgent(self, uow: UnitOfWork, ticket_id: int, now: datetime) -> None:
        """Queues the edit of an urgent ticket's posted card when the time left it shows reads
        differently at `now` (bot.core.reminders.job, each run; staff.urgency.refresh_key)."""
        card = await self._card(uow, ticket_id, now)
        key = urgency.refresh_key(self.deps, card.ticket, now) if card is not None else None
        if key is not None:
            await _queue_edit(uow, card, dedupe_key=key)

    async def on_receipt(self, ref: str, sent: Any, delivered: bool) -> None:
        """The channel's word on a marked message: a prompt's message id is remembered (a
        reply to it completes the wait); a reveal's delivery or failure is recorded."""
        kind, _, rest = ref.partition(":")
        async with self._uow_factory() as uow:
            if kind == PROMPT_REF and delivered and isinstance(sent, int):
                await confirmation.remember_prompt(uow, rest, sent)
            elif kind == reveal.REF:
                await reveal.settled(uow, self.deps.catalog, rest, delivered)
            elif kind == UNREACHED_REF and not delivered:
                await _citizen_unreached(uow, self.deps.catalog, rest)
            elif kind == CARD_REF and delivered and isinstance(sent, CardPlace):
                await uow.tickets.update(int(rest), staff_chat_id=sent.chat_id,
                                         staff_thread_id=sent.thread_id,
                                         staff_message_id=sent.message_id)
            elif kind == CARD_REF:
                log.warning("the card of ticket %s could not be posted to the staff group", rest)
            await uow.commit()

    async def _card(self, uow: UnitOfWork, ticket_id: int,
                    now: datetime | None = None) -> Card | None:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            return None
        assignee = await uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
        contact = await uow.tickets.contact(ticket.id)
        lines = [await _follows_line(self.deps, uow, ticket),
                 await cases.card_lines(self.deps, uow, ticket)]
        reply = render_card(self.deps, ticket, contact, assignee.name if assignee else None,
                            now or self.deps.clock.now(), "\n".join(filter(None, lines)) or None)
        return Card(ticket, reply)

    async def _route(self, turn: StaffTurn) -> int | None:
        """Runs what the event asks for; returns the id of a ticket whose card may change."""
        event, text = turn.event, clean_text(turn.event.text or "")
        command = _command(text)
        if event.private:  # an officer's private chat with the bot: /tim only, nothing else
            if command in PRIVATE_COMMANDS and event.payload is None:
                await find.find(turn, _argument(text))
            return None
        if event.payload is not None:
            return await self._on_button(turn, event.payload)
        if command == "/huy":
            cancelled = turn.state.state != "idle"
            Pending.clear(turn.state)
            turn.say("staff.pending_cancelled" if cancelled else "staff.nothing_to_cancel")
            return None
        if command in ("/help", "/start"):
            turn.say("staff.help")
            return None
        if command == "/quahan":
            await extras.overdue(turn)
            return None
        if command == "/thongke":
            await month_summary.summarise(turn, text)
            return None
        if command == "/tim":
            await find.find(turn, _argument(text))
            return None
        if _command(text) in ("/dangky", "/huydangky"):
            await registration.register(turn, text)
            return None
        pending = Pending.load(turn.state)
        if pending is None and turn.state.state != "idle":
            Pending.clear(turn.state)  # a wait stored by an older version: no place, no expiry
        if pending is not None and pending.is_here(event) and not text.startswith("/"):
            if pending.expired(self.deps.clock.now()):
                await confirmation.expired(turn, pending)
                return None
            return await confirmation.on_text(turn, pending, text)
        if pending is not None and pending.expired(self.deps.clock.now()):
            Pending.clear(turn.state)
        return await self._on_message(turn, text)

    async def _on_message(self, turn: StaffTurn, text: str) -> int | None:
        """A reply to a card or a message in a ticket's topic: relayed to its citizen."""
        command = _command(text)
        if command and command != "/note":
            if "@" not in text.split(maxsplit=1)[0]:  # /lenh@other_bot is another bot's
                turn.say("staff.unknown_command", command=command)
            return None  # never relayed to a citizen
        if turn.event.ticket_id is None:
            if command:
                turn.say("staff.no_ticket_context")
            elif turn.event.reply_to_bot and text:
                turn.say("staff.not_sent")  # e.g. a reply to a prompt no longer waiting
            return None
        files = turn.event.files
        ticket = await turn.uow.tickets.get(turn.event.ticket_id, for_update=True)
        if ticket is None or not (text or files or turn.event.with_file):
            return None
        if command:
            return await self._note(turn, ticket, text)
        if await confirmation.is_prompt(turn.uow, turn.event.reply_to):
            turn.say("staff.prompt_gone", code=ticket.code)  # its wait was done or cancelled
            return None
        relayed = await self._run(turn, "reply", ticket, text) if text or files else None
        if turn.event.with_file and not files:
            # A video or a recording is not relayed: the officer must not believe it was.
            turn.say("staff.file_not_relayed_caption" if relayed else "staff.file_not_relayed",
                     code=ticket.code)
        return relayed

    async def _note(self, turn: StaffTurn, ticket: Ticket, text: str) -> int | None:
        """`/note TEXT`: an internal note; an empty one is not saved."""
        note = _argument(text).strip()
        if not note:
            turn.say("staff.note_usage")
            return None
        return await self._run(turn, "note", ticket, note)

    async def _on_button(self, turn: StaffTurn, payload: str) -> int | None:
        """`st:<action>:<ticket id>[:<argument>]`; anything else is refused with an alert."""
        action, _, rest = payload.removeprefix("st:").partition(":")
        ticket_part, _, argument = rest.partition(":")
        if action in variant_review.DECISIONS:  # about a proposal, not a ticket
            await variants.decide(turn, action, ticket_part)
            return None
        ticket, ticket_id = None, as_ticket_id(ticket_part)
        if payload.startswith("st:") and ticket_id is not None:
            ticket = await turn.uow.tickets.get(ticket_id, for_update=True)
        if ticket is None:
            turn.refuse("staff.unknown_ticket")
            return None
        if action in confirmation.CHOICES:
            return await confirmation.on_choice(turn, ticket, action, argument)
        if action in EXTRAS:
            await EXTRAS[action](turn, ticket, argument or None)
            return None if turn.outcome.alert else ticket.id
        if action in SELECTIONS:
            await SELECTIONS[action](turn, ticket, argument)
            return ticket.id
        if action in publication.BUTTONS:
            await publication.BUTTONS[action](turn, ticket, argument or None)
            return None
        if action in publication.TEXTS:
            if await publication.may_ask(turn, ticket, action, argument or None):
                await confirmation.ask(turn, action, ticket)
            return None
        if action == reveal.ACTION:
            if await reveal.may_reveal(turn, ticket):
                await confirmation.ask(turn, action, ticket)
            return None
        if action not in ACTIONS or action in TYPED:
            turn.refuse("staff.unknown_ticket")
            return None
        if action in NEEDS_TEXT:
            if not allowed(turn, action, ticket):
                return None
            if not staff_facts.needs_choice(action, ticket):
                await confirmation.ask(turn, action, ticket)
            elif staff_facts.valid(action, argument, ticket):
                await confirmation.ask(turn, action, ticket, argument)
            elif refused := staff_facts.refusal(action, argument, ticket):
                turn.refuse(refused)
            else:
                staff_facts.offer(turn, action, ticket)
            return None
        return await self._run(turn, action, ticket, None)

    async def _run(self, turn: StaffTurn, action: str, ticket: Ticket,
                   text: str | None) -> int | None:
        if not allowed(turn, action, ticket):
            return None
        await ACTIONS[action](turn, ticket, text)
        log.info("officer action %s on ticket %d", action, ticket.id)
        return ticket.id


async def _citizen_unreached(uow: UnitOfWork, catalog: Any, ticket_part: str) -> None:
    """The platform refused a message to the ticket's citizen for good (blocked the bot, or on
    Zalo silent for 7 days): recorded, and the group told at once in the ticket's place."""
    ticket_id = as_id(ticket_part)
    ticket = await uow.tickets.get(ticket_id) if ticket_id is not None else None
    if ticket is None:
        return
    await uow.tickets.record_event(ticket.id, "citizen_unreached", "system")
    if ticket.staff_chat_id is not None:
        handed = Button(catalog.text("staff.button.handed_over"), f"st:handed:{ticket.id}")
        await uow.outbox.add(UserRef(Channel.TELEGRAM, str(ticket.staff_chat_id)),
                             Reply(catalog.text("staff.citizen_unreached", code=ticket.code),
                                   (handed,)),
                             thread_id=ticket.staff_thread_id)


async def _queue_edit(uow: UnitOfWork, card: Card | None, dedupe_key: str | None = None) -> None:
    """The posted card edited to read as it now does, queued with the action's replies."""
    if card is None or card.ticket.staff_chat_id is None or card.ticket.staff_message_id is None:
        return
    ticket = card.ticket
    await uow.outbox.add(UserRef(Channel.TELEGRAM, str(ticket.staff_chat_id)), card.reply,
                         dedupe_key, card=CardPost(ticket.id, edit_of=ticket.staff_message_id))


async def _follows_line(deps: StaffDeps, uow: UnitOfWork, ticket: Ticket) -> str | None:
    """«Tiếp theo hồ sơ …» on the card of a request sent because a closed one was not resolved."""
    old = next((e.text for e in await uow.tickets.history(ticket.id) if e.kind == "follows"),
               None)
    return deps.catalog.text("staff.follows", code=old) if old else None


def _command(text: str) -> str:
    """`/huy@pakn_bot now` → `/huy`."""
    return text.split(maxsplit=1)[0].partition("@")[0].lower() if text.startswith("/") else ""


def _argument(text: str) -> str:
    """`/note@pakn_bot đã gọi` → `đã gọi` (Telegram adds the bot's name in a group's menu)."""
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""
