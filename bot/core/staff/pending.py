"""An officer's pending action: the ticket it is about, the only places its text may come from
(a reply to the bot's prompt, or the ticket's forum topic), the text awaiting confirmation, and
its expiry. Kept in the officer's conversation state, apart from any citizen's."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.ports import ConversationState
from bot.core.staff.model import StaffEvent

TTL = timedelta(minutes=5)
PROMPT_REF = "prompt"


class Step(StrEnum):
    """The two waits of a pending action, as stored in the conversation state."""

    TEXT = "staff.await"  # the officer is to type the reason, result or question
    CONFIRM = "staff.confirm"  # the officer is to press Gửi, Sửa or Hủy on the preview


@dataclass(frozen=True)
class Pending:
    step: Step
    action: str
    ticket_id: int
    nonce: str  # ties the prompt and the preview's buttons to this very wait
    since: datetime
    thread_id: int | None = None  # the ticket's forum topic, if the group is a forum
    prompt_id: int | None = None  # the prompt's message id, once the channel has sent it
    text: str | None = None  # the text shown in the preview
    choice: str | None = None  # a fact chosen by button first (an outcome class, bot.core.facts)

    @classmethod
    def start(cls, action: str, ticket_id: int, thread_id: int | None,
              now: datetime, choice: str | None = None) -> Pending:
        return cls(Step.TEXT, action, ticket_id, secrets.token_hex(4), now, thread_id,
                   choice=choice)

    @classmethod
    def load(cls, state: ConversationState) -> Pending | None:
        """The pending action stored in `state`, or None (also for a malformed state)."""
        step, _, action = state.state.partition(":")
        data = state.data
        if step not in set(Step) or not action:
            return None
        try:
            return cls(Step(step), action, int(data["ticket"]), str(data["nonce"]),
                       datetime.fromisoformat(data["since"]), data.get("thread"),
                       data.get("prompt"), data.get("text"), data.get("choice"))
        except (KeyError, TypeError, ValueError):
            return None

    def store(self, state: ConversationState) -> None:
        state.state = f"{self.step}:{self.action}"
        state.data = {"ticket": self.ticket_id, "nonce": self.nonce,
                      "since": self.since.isoformat(), "thread": self.thread_id,
                      "prompt": self.prompt_id, "text": self.text, "choice": self.choice}

    @staticmethod
    def clear(state: ConversationState) -> None:
        state.state, state.data = "idle", {}

    def expired(self, now: datetime) -> bool:
        return now - self.since >= TTL

    def is_here(self, event: StaffEvent) -> bool:
        """A reply to the prompt, or a message in the ticket's own forum topic."""
        if self.prompt_id is not None and event.reply_to == self.prompt_id:
            return True
        return self.thread_id is not None and event.thread_id == self.thread_id

    def confirming(self, text: str, now: datetime) -> Pending:
        return replace(self, step=Step.CONFIRM, text=text, since=now,
                       nonce=secrets.token_hex(4))

    def editing(self, now: datetime) -> Pending:
        return replace(self, step=Step.TEXT, text=None, since=now, prompt_id=None,
                       nonce=secrets.token_hex(4))

    def prompt_ref(self, officer_telegram_id: int) -> str:
        """The marker of the prompt message: its id is reported back once sent."""
        return f"{PROMPT_REF}:{officer_telegram_id}:{self.nonce}"
