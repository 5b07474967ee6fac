"""The filing steps about the request itself: its content, the elements of a khiếu nại or tố
cáo, the field and the attachments. Each handler returns the next step, or None to stay."""

from __future__ import annotations

from bot.core.flows import anonymous, elements, filing_location, sharing
from bot.core.flows.filing_common import (
    ANONYMOUS,
    after_files,
    anonymous_choice,
    cancel,
    kind,
    takes_files,
)
from bot.core.flows.steps import Input, Step
from bot.core.messages import ShareKind
from bot.core.tickets import TicketType
from bot.core.turn import Turn

MIN_CONTENT_LETTERS = 10


def prompt_content(turn: Turn) -> None:
    """The first question; a tố cáo's tells of anonymous information and offers it."""
    offered = (anonymous_choice(turn),) if kind(turn) is TicketType.TO_CAO else ()
    turn.say(f"file.start.{kind(turn)}", *offered, cancel(turn))


def prompt_field(turn: Turn) -> None:
    buttons = [turn.button_raw(f.name, f"file:field:{f.id}") for f in turn.deps.org.fields]
    turn.say("file.field", *buttons, cancel(turn))


def prompt_attachments(turn: Turn) -> None:
    """The files step; coming back to it, the files already sent are said to be kept."""
    limits, count = turn.deps.limits, len(turn.state.data["attachments"])
    text = turn.t("file.attachments", max=limits.max_attachments,
                  max_mb=limits.max_attachment_mb)
    located = filing_location.offered(turn)
    if located:
        text += "\n" + turn.t("file.attachments_location")
    if count:
        text += "\n\n" + turn.t("file.attachments_kept", count=count, max=limits.max_attachments)
    turn.say_text(text, turn.button("button.done", "file:done"),
                  turn.button("button.skip", "file:skip"), cancel(turn))
    if located:
        turn.replies[-1] = sharing.asking(turn, turn.replies[-1], ShareKind.LOCATION)


async def on_content(turn: Turn, event: Input) -> Step | None:
    if event.payload == ANONYMOUS and kind(turn) is TicketType.TO_CAO:
        anonymous.switch(turn)
        return Step.CONTENT  # asked again, as information given without identity
    if event.attachments and takes_files(turn):  # a photo sent before or with the description
        keep_files(turn, event)
    text = event.text or ""
    if sum(ch.isalpha() for ch in text) < MIN_CONTENT_LETTERS:
        turn.say("file.content_too_short", cancel(turn))
        return None
    turn.state.data["content"] = text
    if turn.state.data.get("edit"):
        return Step.CONFIRM
    if elements.has_elements(turn):
        elements.prepare(turn)
        return Step.ELEMENT
    return Step.FIELD


async def on_element(turn: Turn, event: Input) -> Step | None:
    if await elements.on_input(turn, event):
        return Step.CONFIRM if turn.state.data.pop("edit", None) else Step.FIELD
    return None


async def on_field(turn: Turn, event: Input) -> Step | None:
    field_id = (event.payload or "").removeprefix("file:field:")
    if turn.deps.org.field_name(field_id) is None:
        turn.say("file.field_invalid")
        prompt_field(turn)
        return None
    turn.state.data["field"] = field_id
    if turn.state.data.get("edit"):
        return Step.CONFIRM
    return Step.ATTACHMENTS if takes_files(turn) else after_files(turn)


async def on_attachments(turn: Turn, event: Input) -> Step | None:
    if event.payload in ("file:done", "file:skip"):
        return after_files(turn)
    if not event.attachments:
        turn.say("file.attachment_expected", turn.button("button.done", "file:done"),
                 turn.button("button.skip", "file:skip"), cancel(turn))
        return None
    if not keep_files(turn, event):
        turn.say("file.attachment_limit", turn.button("button.done", "file:done"),
                 max=turn.deps.limits.max_attachments)
        return None
    turn.say("file.attachment_added", turn.button("button.done", "file:done"),
             count=len(turn.state.data["attachments"]), max=turn.deps.limits.max_attachments)
    if _add_caption(turn, event.text):
        turn.say("file.caption_added")
    return None


def _add_caption(turn: Turn, caption: str | None) -> bool:
    """The words sent with a photo or file at the files step ("ảnh hiện trường sáng nay")
    join the content, so that nothing the citizen wrote is lost."""
    text, content = (caption or "").strip(), turn.state.data.get("content", "")
    fits = len(content) + 1 + len(text) <= turn.deps.limits.max_text_length
    if not text or text in content or not fits:
        return False
    turn.state.data["content"] = f"{content}\n{text}"
    return True


def keep_files(turn: Turn, event: Input) -> bool:
    """Adds the event's files to the draft, saying which are too big; False when the limit
    left some out."""
    limits, stored = turn.deps.limits, turn.state.data["attachments"]
    for item in event.attachments:
        if len(stored) >= limits.max_attachments:
            return False
        if item.size and item.size > limits.max_attachment_mb * 1024 * 1024:
            name = item.name or turn.t(f"file.unnamed.{item.kind}")
            turn.say("file.attachment_too_big", name=name,
                     max_mb=limits.max_attachment_mb)
            continue
        stored.append({"kind": item.kind, "file_ref": item.file_ref, "size": item.size,
                       "mime": item.mime, "name": item.name})
    return True
