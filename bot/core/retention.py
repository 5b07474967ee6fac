"""How long personal data outlives its use: filing drafts expire after a day, and the purge job
empties them and drops what is left of handled updates and delivered messages (README
"Security"). Nghị định 13/2023/NĐ-CP Đ3(4), (7): data kept only as long as the purpose needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.ports import ConversationState, UnitOfWorkFactory

DRAFT_TTL = timedelta(hours=24)
# A question the bot asked outside a filing (a tracking code, a reply to an officer) is
# forgotten after this long: a message days later is a new message, not the awaited answer.
PROMPT_TTL = timedelta(minutes=30)
DRAFT_STATE_PREFIX = "file."  # the states of bot.core.flows.filing
DRAFT_EXPIRED = "draft.expired"  # what an expired draft leaves: the citizen is told, once
IDLE = "idle"  # its data is the last question asked (to send it to officers on request)


def is_draft(state: ConversationState) -> bool:
    return state.state.startswith(DRAFT_STATE_PREFIX)


def expire_if_stale(state: ConversationState, now: datetime, ttl: timedelta = DRAFT_TTL) -> None:
    """Empties a draft (or a kept question) older than `ttl` as the purge job would, should it
    not have run yet; lets go of any other waiting prompt after PROMPT_TTL."""
    if state.updated_at is None:
        return
    idle_for = now - state.updated_at
    if not is_draft(state) and state.state not in (IDLE, DRAFT_EXPIRED) and idle_for >= PROMPT_TTL:
        state.state = IDLE
    if idle_for < ttl:
        return
    if is_draft(state):
        state.state, state.data = DRAFT_EXPIRED, {}
    elif state.state == IDLE:
        state.data = {}


@dataclass(frozen=True)
class PurgeReport:
    drafts: int  # filing drafts (and questions kept by idle conversations) emptied
    updates: int  # raw incoming payloads dropped
    messages: int  # bodies of sent or refused messages dropped

    def __str__(self) -> str:
        return (f"{self.drafts} draft(s) expired, {self.updates} update payload(s) and "
                f"{self.messages} message body(ies) purged")


class RetentionJob:
    """The purge: idempotent, and safe to run at any time (pending work is never touched)."""

    def __init__(self, uow: UnitOfWorkFactory, draft_ttl: timedelta = DRAFT_TTL) -> None:
        self._uow = uow
        self.draft_ttl = draft_ttl

    async def run(self, now: datetime) -> PurgeReport:
        async with self._uow() as work:
            report = PurgeReport(
                drafts=await work.conversations.expire_drafts(now - self.draft_ttl),
                updates=await work.inbound.purge_finished(),
                messages=await work.outbox.purge_delivered(),
            )
            await work.commit()
        return report
