"""What a step of the filing flow already holds when the citizen comes back to it («Quay lại»,
«Sửa»): a text step shows it under the question, the start only when long, with «Giữ nguyên»,
which keeps it and moves on as if it had been typed again; a choice step marks its button."""

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


def chosen(turn: Turn, step: Step) -> str | None:
    """The payload of the button chosen before at choice step `step`. The consent is left
    unmarked: it is given afresh, by the citizen's own clear act, never shown as chosen for
    them (Nghị định 13/2023/NĐ-CP, Điều 11: consent is an explicit act; silence is not)."""
    data = turn.state.data
    if step is Step.FIELD and data.get("field"):
        return f"file:field:{data['field']}"
    if step is Step.FILER and data.get("filer"):
        return f"file:filer:{data['filer']}"
    if step is Step.PUBLISH and data.get("publish") is not None:
        return f"file:publish:{'yes' if data['publish'] else 'no'}"
    return None


def marking(step: Step, prompt: Callable[[Turn], None]) -> Callable[[Turn], None]:
    """`prompt`, with the button chosen before at `step` marked."""
    def ask(turn: Turn) -> None:
        prompt(turn)
        mark(turn, chosen(turn, step))

    return ask


def mark(turn: Turn, payload: str | None) -> None:
    """Marks «✓» the button of `payload` in the question just asked (its label unchanged, so
    that typing it still chooses it)."""
    question = turn.replies[-1]
    buttons = tuple(replace(b, text=turn.t("file.chosen", label=b.text)) if b.payload == payload
                    else b for b in question.buttons)
    turn.replies[-1] = replace(question, buttons=buttons)


def shorten(text: str, limit: int = SHOWN_CHARS) -> tuple[str, bool]:
    """`text`, or its start cut at a word and ended with «…»; True when cut."""
    if len(text) <= limit:
        return text, False
    start = text[:limit]
    if " " in start[limit // 2:]:
        start = start[:start.rindex(" ")]
    return start.rstrip(" ,.;:\n") + "…", True
