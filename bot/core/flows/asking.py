"""Hỏi - Đáp: answer from the FAQ, suggest close entries, or hand the question over to staff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core import variant_review
from bot.core.faq_learning import VariantSource
from bot.core.flows import menu
from bot.core.flows.tickets import open_ticket
from bot.core.messages import Button
from bot.core.referrals import referral_for
from bot.core.tickets import TicketType
from bot.core.turn import Turn
from faq.entries import FaqEntry
from faq.matcher import Decision

MIN_QUESTION_LETTERS = 3
MAX_SUGGESTIONS = 3
SECOND_CHOICES = MAX_SUGGESTIONS + 1  # ranked after a wrong answer, which is among them
NOT_MY_QUESTION = "faq:wrong"


def is_question(text: str) -> bool:
    """Whether free text is long enough to be matched against the FAQ."""
    return sum(ch.isalpha() for ch in text) >= MIN_QUESTION_LETTERS


async def answer_question(turn: Turn, text: str) -> None:
    """Matches free text against the FAQ and answers, suggests or offers a hand-over."""
    if not is_question(text):
        turn.say("ask.too_short")
        return
    turn.state.data = {"question": text}
    # The entries the match names, not the index's: the FAQ may be replaced meanwhile.
    match = await turn.deps.faq.amatch(text)
    turn.deps.metrics.inc("pakn_faq_decisions_total", "decision", match.decision)
    if match.decision is Decision.ANSWER and match.entry:
        _answer(turn, match.entry)
    elif (referral := referral_for(text, turn.deps.org)) is not None:
        # Another body's matter: where to go first; close entries, if any, after it.
        turn.say("ask.referral", turn.button("ask.send_to_staff", "ask:staff"),
                 turn.button("button.menu", "cmd:start"), name=referral.name,
                 where=referral.where, org=turn.deps.org.name)
        if match.decision is Decision.SUGGEST and match.suggestions:
            _suggest(turn, match.suggestions)
    elif match.decision is Decision.SUGGEST and match.suggestions:
        _suggest(turn, match.suggestions)
    else:
        offer_handover(turn)


async def on_payload(turn: Turn, payload: str) -> None:
    """Buttons of this flow: `faq:<id>`, `faq:wrong`, `ask:staff`, `ask:send`."""
    if payload.startswith("faq:") and payload != NOT_MY_QUESTION:
        entry_id = payload.removeprefix("faq:")
        entry = turn.deps.faq.get(entry_id)
        if entry is None:
            menu.stale_button(turn)
        else:
            tapped = entry_id in turn.state.data.get("suggested", ())
            _answer(turn, entry)
            if tapped:
                await _propose(turn, entry_id)
    elif payload == NOT_MY_QUESTION:
        await not_my_question(turn)
    elif payload == "ask:staff":
        show_handover_notice(turn)
    elif payload == "ask:send":
        await _send_to_staff(turn)
    else:
        menu.stale_button(turn)


def _answer(turn: Turn, entry: FaqEntry) -> None:
    turn.state.data["answered"] = entry.id
    turn.say("ask.answer", answer=entry.answer, question=entry.question)
    turn.say(
        "ask.answer_feedback",
        turn.button("ask.not_my_question", NOT_MY_QUESTION),
        turn.button("button.menu", "cmd:start"),
    )


async def _propose(turn: Turn, entry_id: str) -> None:
    """A tapped suggestion: the question is proposed as the entry's variant (redacted, not
    linked to the citizen), withdrawn if the citizen then says «Không đúng»; admins see it in
    the next digest once the objection window has closed (bot.core.variant_digest)."""
    question = turn.state.data.get("question")
    if not question:
        return
    await _withdraw(turn)  # another suggestion tapped after the first: the first was not it
    deps = turn.deps
    proposal = await variant_review.propose(turn.uow, deps.catalog, question, entry_id,
                                            VariantSource.TAP, deps.clock.now())
    if proposal is not None:
        turn.state.data["proposal"] = proposal.id


async def _withdraw(turn: Turn) -> None:
    proposal_id = turn.state.data.pop("proposal", None)
    if isinstance(proposal_id, int):
        await turn.uow.variants.withdraw(proposal_id, turn.deps.clock.now())


def _suggest(turn: Turn, entries: Sequence[FaqEntry]) -> None:
    turn.state.data["suggested"] = [entry.id for entry in entries]
    buttons = [Button(entry.question, f"faq:{entry.id}") for entry in entries]
    turn.say("ask.suggest", *buttons, turn.button("ask.not_my_question", NOT_MY_QUESTION))


def question_to_rank(data: dict[str, Any]) -> str | None:
    """The question whose next best entries «Không đúng câu hỏi của tôi» shows: one that was
    answered, not one whose suggestions were shown."""
    question = data.get("question")
    if data.get("answered") and question and "suggested" not in data:
        return str(question)
    return None


async def not_my_question(turn: Turn) -> None:
    """After a wrong answer, the next best entries; after wrong suggestions, the hand-over of
    the question asked (never of the words "không đúng")."""
    await _withdraw(turn)
    if (question := question_to_rank(turn.state.data)) is not None:
        ranked = await turn.deps.faq.arank(question, SECOND_CHOICES)
        others = [entry for entry in ranked if entry.id != turn.state.data["answered"]]
        if others:
            _suggest(turn, others[:MAX_SUGGESTIONS])
            return
    offer_handover(turn)


def offer_handover(turn: Turn) -> None:
    """Says no ready answer fits and offers to send the question to staff."""
    if not turn.state.data.get("question"):
        turn.say("ask.nothing_to_send")
        return
    turn.state.data["offered"] = True  # a "vâng" typed next accepts
    turn.say(
        "ask.declined",
        turn.button("ask.send_to_staff", "ask:staff"),
        turn.button("button.menu", "cmd:start"),
    )


def show_handover_notice(turn: Turn) -> None:
    """The personal-data notice before a question becomes a ticket; the button is the consent."""
    question = turn.state.data.get("question")
    if not question:
        turn.say("ask.nothing_to_send")
        return
    turn.say(
        "ask.handover_notice",
        turn.button("ask.handover_confirm", "ask:send"),
        turn.button("button.cancel", "cmd:huy"),
        question=question,
        **turn.org_values(),
    )


async def _send_to_staff(turn: Turn) -> None:
    question = turn.state.data.get("question")
    if not question:
        turn.say("ask.nothing_to_send")
        return
    retry = turn.button("ask.handover_confirm", "ask:send")
    opened = await open_ticket(turn, TicketType.HOI, content=question, consent=True,
                               retry=(retry,))
    if opened is not None:
        turn.reset()
