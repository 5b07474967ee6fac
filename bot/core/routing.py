"""Where a citizen's message goes, read without running its turn: the command it gives, and
the question it has the FAQ match (or rank, «Không đúng câu hỏi của tôi»), looked ahead so
that the sentence model's work is done before the turn's transaction
(`ConversationService.prepare`)."""

from __future__ import annotations

from bot.core.flows import asking, replying, sent, tracking
from bot.core.intents import read_message
from bot.core.ports import ConversationState
from bot.core.retention import DRAFT_EXPIRED, DRAFT_STATE_PREFIX

CANCEL_WORDS = frozenset({"huy", "hủy", "huỷ", "cancel", "thoat", "thoát"})


def parse_command(text: str | None, payload: str | None) -> tuple[str, str | None] | None:
    """`("tracuu", "PA-2026-00042")` for `/tracuu PA-2026-00042` or payload `cmd:tracuu`."""
    if payload and payload.startswith("cmd:"):
        return payload.removeprefix("cmd:"), None
    if text and text.startswith("/"):
        head, _, rest = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()  # Telegram appends @botname in groups
        return name, rest.strip() or None
    return None


def is_cancel(text: str) -> bool:
    return text.lower().strip(" .!") in CANCEL_WORDS


def question_asked(state: str, text: str) -> str | None:
    """The question a plain text message (no button, no file) matches against the FAQ in
    conversation state `state`, as `conversation.route` sends it; None for anything else (a
    command, a step of a form, a code awaited, a greeting). A guess only costs time: a turn
    without its match made matches inside its transaction."""
    if (command := parse_command(text, None)) is not None:
        name, argument = command
        question = argument if name == "hoidap" else None
    elif (state == DRAFT_EXPIRED or state.startswith(DRAFT_STATE_PREFIX)
          or state == replying.STATE or is_cancel(text)
          or (state == sent.STATE and sent.is_confirmation(text))
          or (state == "track.code" and tracking.looks_like_code(text))):
        question = None
    else:
        recognised, question = read_message(text, awaiting_code=state == "track.code")
        question = question if recognised is None else None
    return question if question is not None and asking.is_question(question) else None


def question_ranked(state: ConversationState, payload: str) -> str | None:
    """The question whose next best entries a button without text (no command) has ranked in
    conversation `state`, as `conversation.route` and `asking.on_payload` do; None for others."""
    if payload != asking.NOT_MY_QUESTION or state.state == DRAFT_EXPIRED:
        return None
    return asking.question_to_rank(state.data)
