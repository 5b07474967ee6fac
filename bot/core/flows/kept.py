"""What a text step of the filing flow already holds when the citizen comes back to it
(«Quay lại», «Sửa»): shown under the question, the start only when long, with «Giữ nguyên»,
which keeps it and moves on as if it had been typed again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core.flows.steps import Step
from bot.core.turn import Turn
from bot.core.validation import mask_phone

KEEP = "file:keep:"  # + the value's name: a «Giữ nguyên» of another step is told apart
SHOWN_CHARS = 300  # a long content is shown by its start
DRAFT_KEYS = {
    Step.CONTENT: "content",
    Step.ORG_NAME: "organisation",
    Step.TAX_CODE: "tax_code",
    Step.NAME: "name",
    Step.PHONE: "phone",
    Step.ADDRESS: "address",
    Step.REPRESENTED: "represented",
}


def earlier(turn: Turn, step: Step) -> str | None:
    """The value the draft holds for text step `step`, as it was taken."""
    key = DRAFT_KEYS.get(step)
    value = turn.state.data.get(key) if key else None
    return value if isinstance(value, str) and value.strip() else None


def offering(step: Step, prompt: Callable[[Turn], None]) -> Callable[[Turn], None]:
    """`prompt`, followed by what the draft holds for `step` and «Giữ nguyên» when it holds
    something."""
    key = DRAFT_KEYS[step]

    def ask(turn: Turn) -> None:
        prompt(turn)
        value = earlier(turn, step)
        if value is not None:
            # The summary shows a phone masked; so does this.
            offer(turn, key, mask_phone(value) if key == "phone" else value)

    return ask


def offer(turn: Turn, name: str, shown: str) -> None:
    """Adds to the question just asked the value entered before and «Giữ nguyên» first."""
    text, cut = shorten(shown)
    question = turn.replies[-1]
    echo = turn.t("file.kept_shortened" if cut else "file.kept", value=text)
    keep = turn.button("button.keep", KEEP + name)
    turn.replies[-1] = replace(question, text=f"{question.text}\n\n{echo}",
                               buttons=(keep, *question.buttons))


def shorten(text: str, limit: int = SHOWN_CHARS) -> tuple[str, bool]:
    """`text`, or its start cut at a word and ended with «…»; True when cut."""
    if len(text) <= limit:
        return text, False
    start = text[:limit]
    if " " in start[limit // 2:]:
        start = start[:start.rindex(" ")]
    return start.rstrip(" ,.;:\n") + "…", True
