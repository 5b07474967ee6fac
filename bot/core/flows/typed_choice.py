"""The buttons a filing step's question shows: a label typed instead of pressed ("bỏ qua",
"khác", "đồng ý") is read as that button, and a button of an earlier message is told apart
from the step's own (the web chat keeps old buttons pressable)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.intents import bundled_table
from bot.core.messages import Button
from bot.core.ports import ConversationState
from bot.core.turn import Turn

MAX_LABEL_WORDS = 12  # longer texts are answers, never a label


def shown_buttons(turn: Turn, prompt: Callable[[Turn], None]) -> tuple[Button, ...]:
    """The buttons `prompt` would show now, asked on a copy of the turn (nothing is said)."""
    state = turn.state
    probe = replace(turn, replies=[], state=ConversationState(
        state.state, copy.deepcopy(state.data), state.language, state.updated_at))
    prompt(probe)
    return tuple(button for reply in probe.replies for button in reply.buttons)


def typed_payload(text: str, buttons: Sequence[Button], partial: bool) -> str | None:
    """The payload of the button whose label `text` is (folded, filler words aside); with
    `partial`, also of the only label that begins with two words or more of it."""
    table = bundled_table()
    words = table.words(text)
    if not words or len(words) > MAX_LABEL_WORDS:
        return None
    labels = [(table.words(button.text), button.payload) for button in buttons]
    for label, payload in labels:
        if label == words:
            return payload
    if not partial or len(words) < 2:
        return None
    starting = [payload for label, payload in labels if label[:len(words)] == words]
    return starting[0] if len(starting) == 1 else None
