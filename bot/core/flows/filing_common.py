"""What every step of the filing flow reads of the draft: its type, whether it takes files,
which details the law requires, and where the flow goes after the files and the contact."""

from __future__ import annotations

from bot.core.flows.steps import Step
from bot.core.messages import Button, Channel
from bot.core.tickets import CONTACT_REQUIRED, PHONE_REQUIRED, SEALED_IDENTITY, TicketType
from bot.core.turn import Turn

CHANNELS_WITH_FILES = frozenset({Channel.TELEGRAM, Channel.ZALO})


def kind(turn: Turn) -> TicketType:
    """The type of request being drafted."""
    return TicketType(turn.state.data["type"])


def takes_files(turn: Turn) -> bool:
    """Whether the flow asks for files: on channels that carry them, and from clients that say
    they can send them (the web chat page, which uploads; not every API client can)."""
    default = turn.event.user.channel in CHANNELS_WITH_FILES
    return bool(turn.state.data.get("files", default))


def required(turn: Turn, detail: str = "name") -> bool:
    """Whether the law requires this contact detail of the type being drafted."""
    if detail == "phone":
        return kind(turn) in PHONE_REQUIRED
    return kind(turn) in CONTACT_REQUIRED


def cancel(turn: Turn) -> Button:
    return turn.button("button.cancel", "cmd:huy")


ANONYMOUS = "file:consent:anonymous"  # a tố cáo turned into information without identity


def anonymous_choice(turn: Turn) -> Button:
    """«Cung cấp thông tin (không nêu danh tính)», offered in a tố cáo (Luật Tố cáo, Điều 25)."""
    return turn.button("file.consent_anonymous", ANONYMOUS)


def after_files(turn: Turn) -> Step:
    """Anonymous information asks for no personal data: straight to the summary."""
    return Step.CONFIRM if kind(turn) is TicketType.THONG_TIN else Step.CONSENT


def after_contact(turn: Turn) -> Step:
    """The represented person for a representative; then publication for what may be
    published, else the summary; the summary when editing."""
    data = turn.state.data
    if data.get("filer") == "representative" and "represented" not in data:
        return Step.REPRESENTED
    if data.get("edit") or kind(turn) in SEALED_IDENTITY:
        return Step.CONFIRM
    return Step.PUBLISH
