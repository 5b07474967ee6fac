"""One officer action in progress: who acts, on which ticket, inside which transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.messages import Button, Channel, OutgoingFile, Reply, UserRef
from bot.core.ports import ConversationState, Officer, UnitOfWork
from bot.core.staff.model import StaffDeps, StaffEvent, StaffOutcome
from bot.core.tickets import Ticket
from bot.core.urgency import MET_BY, is_running

UNREACHED_REF = "answer"  # outbox ref of a notice to a citizen: answer:<ticket id>
# Notices that are not the handling of the citizen's request, and so not sent to someone who
# stopped following the Zalo OA; the answers and status notices of their request still go.
PROACTIVE = frozenset({"notify.rate"})


def officer_ref(officer: Officer) -> UserRef:
    """Where an officer's pending action is remembered (apart from any citizen chat)."""
    return UserRef(Channel.TELEGRAM, f"staff:{officer.telegram_id}")


@dataclass
class StaffTurn:
    event: StaffEvent
    officer: Officer
    uow: UnitOfWork
    deps: StaffDeps
    state: ConversationState
    outcome: StaffOutcome
    choice: str | None = None  # the fact chosen before the text (bot.core.staff.facts)

    def t(self, key: str, **values: object) -> str:
        return self.deps.catalog.text(key, "vi", **values)

    def say(self, key: str, **values: object) -> None:
        self.outcome.replies.append(Reply(self.t(key, **values)))

    def refuse(self, key: str, **values: object) -> None:
        """An alert on the pressed button, or a reply when a message was typed."""
        if self.event.payload:
            self.outcome.alert = self.t(key, **values)
        else:
            self.say(key, **values)

    @property
    def actor(self) -> str:
        return f"officer:{self.officer.telegram_id}"

    async def record(self, ticket: Ticket, kind: str, text: str | None = None,
                     **data: object) -> None:
        await self.uow.tickets.record_event(ticket.id, kind, self.actor, text, **data)
        if kind in MET_BY and is_running(ticket):  # the first answer meets the urgent clock
            await self.uow.tickets.update(ticket.id, urgent_met_at=self.deps.clock.now())

    async def citizen_text(self, ticket: Ticket, key: str, **values: object) -> str:
        """A notice as the citizen will read it: in their language, naming the code."""
        user = await self.citizen(ticket)
        state = await self.uow.conversations.load(user) if user else None
        lang = state.language if state else "vi"
        return self.deps.catalog.text(key, lang, code=ticket.code, **values)

    async def notify_citizen(self, ticket: Ticket, key: str,
                             *buttons: tuple[str, str], **values: object) -> bool:
        """Queues a notice to the citizen on the channel the ticket came from, in their
        language; every one names the code. `buttons` are (catalog key, payload) pairs.
        False when the citizen cannot be reached there (e.g. a paper ticket), or for a
        proactive notice to a citizen who stopped following the channel's account."""
        return await self.send_citizen(ticket, key, buttons, (), values)

    async def send_citizen(self, ticket: Ticket, key: str, buttons: tuple[tuple[str, str], ...],
                           files: tuple[OutgoingFile, ...], values: Mapping[str, object]) -> bool:
        """`notify_citizen`, with files after the text (the first with it, each further one in
        a message of its own)."""
        user = await self.citizen(ticket)
        if user is None:
            return False
        if key in PROACTIVE and await self.uow.citizens.unfollowed(user):
            return False
        state = await self.uow.conversations.load(user)
        lang = state.language if state else "vi"
        text = self.deps.catalog.text(key, lang, code=ticket.code, **values)
        labels = tuple(Button(self.deps.catalog.text(k, lang), p) for k, p in buttons)
        # Marked: if the platform refuses it for good, the group is told (desk.on_receipt).
        ref = f"{UNREACHED_REF}:{ticket.id}"
        await self.uow.outbox.add(user, Reply(text, labels, files[0] if files else None,
                                              ref=ref, hold=True))
        for file in files[1:]:
            await self.uow.outbox.add(user, Reply("", file=file, ref=ref, hold=True))
        return True

    async def citizen(self, ticket: Ticket) -> UserRef | None:
        """Where the ticket's citizen is reached: the channel it came from; None for paper."""
        if ticket.citizen_id is None:
            return None
        return await self.uow.citizens.identity(ticket.citizen_id, ticket.channel)
