"""The staff desk: turns an officer's message or button press into an action on a ticket,
in one transaction, and gives back the replies and the card as it now reads."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.core.ports import ConversationState, UnitOfWork, UnitOfWorkFactory
from bot.core.staff import extras, month_summary, registration
from bot.core.staff.actions import ACTIONS, ALLOWED, NEEDS_TEXT
from bot.core.staff.card import render_card
from bot.core.staff.context import StaffTurn, officer_ref
from bot.core.staff.model import Card, StaffDeps, StaffEvent, StaffOutcome
from bot.core.tickets import Ticket
from bot.core.validation import clean_text

log = logging.getLogger(__name__)
MIN_REASON = 5
EXTRAS = {"transfer": extras.choose_transfer, "history": extras.history,
          "reveal": extras.reveal, "faq_new": extras.faq_new,
          "faq_variant": extras.choose_faq_entry}


# Runs inside the action's transaction, just before its commit (e.g. queue the replies and mark
# the stored update handled, atomically with the action).
BeforeCommit = Callable[[UnitOfWork, StaffOutcome], Awaitable[None]]


class StaffDesk:
    def __init__(self, uow_factory: UnitOfWorkFactory, deps: StaffDeps) -> None:
        self._uow_factory = uow_factory
        self.deps = deps

    async def handle(self, event: StaffEvent,
                     before_commit: BeforeCommit | None = None) -> StaffOutcome:
        """Only registered officers act; anyone else is ignored (buttons get an alert)."""
        outcome = StaffOutcome()
        async with self._uow_factory() as uow:
            officer = await uow.officers.by_telegram_id(event.officer_telegram_id)
            if officer is None:
                outcome.ignored = event.payload is None
                if event.payload:
                    outcome.alert = self.deps.catalog.text("staff.not_officer")
                if before_commit is not None:
                    await before_commit(uow, outcome)
                    await uow.commit()
                return outcome
            state = await uow.conversations.load(officer_ref(officer)) or ConversationState()
            turn = StaffTurn(event, officer, uow, self.deps, state, outcome)
            ticket_id = await self._route(turn)
            if ticket_id is not None and not outcome.alert:
                outcome.card = await self._card(uow, ticket_id)
            await uow.conversations.save(officer_ref(officer), turn.state)
            if before_commit is not None:
                await before_commit(uow, outcome)
            await uow.commit()
        if outcome.faq_changed:
            async with self._uow_factory() as uow:
                self.deps.faq.replace(await uow.faq.all())
        return outcome

    async def ticket_at(self, chat_id: int, thread_id: int | None,
                        message_id: int | None) -> int | None:
        """The ticket a message in the staff group is about: its forum topic or its card."""
        async with self._uow_factory() as uow:
            ticket = await uow.tickets.by_staff_message(chat_id, thread_id, message_id)
            return ticket.id if ticket else None

    async def cards_to_post(self, limit: int = 10) -> list[Card]:
        """Cards of new tickets not yet in the staff group, oldest first."""
        async with self._uow_factory() as uow:
            tickets = await uow.tickets.without_card(limit)
            return [card for t in tickets if (card := await self._card(uow, t.id))]

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

    async def _card(self, uow: UnitOfWork, ticket_id: int) -> Card | None:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            return None
        assignee = await uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
        contact = await uow.tickets.contact(ticket.id)
        reply = render_card(self.deps, ticket, contact, assignee.name if assignee else None,
                            self.deps.clock.now())
        return Card(ticket, reply)

    async def _route(self, turn: StaffTurn) -> int | None:
        """Runs what the event asks for; returns the id of a ticket whose card may change."""
        event, text = turn.event, clean_text(turn.event.text or "")
        if event.payload and event.payload.startswith("st:"):
            return await self._on_button(turn, event.payload)
        if text.startswith("/huy") and turn.state.state != "idle":
            turn.state.state, turn.state.data = "idle", {}
            turn.say("staff.pending_cancelled")
            return None
        if text.startswith("/quahan"):
            await extras.overdue(turn)
            return None
        if text.startswith("/thongke"):
            await month_summary.summarise(turn, text)
            return None
        if text.startswith(("/dangky", "/huydangky")):
            await registration.register(turn, text)
            return None
        if turn.state.state.startswith("staff.await:"):
            return await self._on_pending_text(turn, text)
        if event.ticket_id is None:
            if text.startswith("/note"):
                turn.say("staff.no_ticket_context")
            return None
        ticket = await turn.uow.tickets.get(event.ticket_id)
        if ticket is None or not text:
            return None
        if text.startswith("/note"):
            return await self._run(turn, "note", ticket, text.removeprefix("/note").strip())
        if text.startswith("/"):
            return None  # other commands in a topic are not meant for the citizen
        return await self._run(turn, "reply", ticket, text)

    async def _on_button(self, turn: StaffTurn, payload: str) -> int | None:
        action, _, rest = payload.removeprefix("st:").partition(":")
        ticket_part, _, argument = rest.partition(":")
        ticket = await turn.uow.tickets.get(int(ticket_part)) if ticket_part.isdigit() else None
        if ticket is None:
            turn.refuse("staff.unknown_ticket")
            return None
        if action in EXTRAS:
            await EXTRAS[action](turn, ticket, argument or None)
            return ticket.id
        if action in ("unit", "to", "faq_add"):
            await extras.SELECTIONS[action](turn, ticket, argument)
            return ticket.id
        if action not in ACTIONS:
            turn.refuse("staff.unknown_ticket")
            return None
        if action in NEEDS_TEXT and self._allowed(turn, action, ticket):
            turn.state.state, turn.state.data = f"staff.await:{action}", {"ticket": ticket.id}
            turn.say(f"staff.ask_reason.{action}", code=ticket.code)
            return None
        return await self._run(turn, action, ticket, None)

    async def _on_pending_text(self, turn: StaffTurn, text: str) -> int | None:
        action = turn.state.state.removeprefix("staff.await:")
        if len(text) < MIN_REASON or text.startswith("/"):
            turn.say("staff.reason_too_short")
            return None
        ticket = await turn.uow.tickets.get(int(turn.state.data.get("ticket", 0)))
        turn.state.state, turn.state.data = "idle", {}
        if ticket is None:
            turn.say("staff.unknown_ticket")
            return None
        return await self._run(turn, action, ticket, text)

    def _allowed(self, turn: StaffTurn, action: str, ticket: Ticket) -> bool:
        if ticket.status in ALLOWED[action]:
            return True
        turn.refuse("staff.not_allowed", status=turn.t(f"status.{ticket.status}"))
        return False

    async def _run(self, turn: StaffTurn, action: str, ticket: Ticket,
                   text: str | None) -> int | None:
        if not self._allowed(turn, action, ticket):
            return None
        await ACTIONS[action](turn, ticket, text)
        log.info("officer action %s on ticket %d", action, ticket.id)
        return ticket.id
