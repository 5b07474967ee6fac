"""Right after a request is sent: «xác nhận gửi» typed again is told the request went, with its
code, instead of being taken for a question."""

from __future__ import annotations

from bot.core.turn import Turn
from faq.normalize import fold

STATE = "sent"  # a waiting prompt: let go of after PROMPT_TTL like any other
CONFIRM_WORDS = frozenset({"xac nhan gui", "xac nhan", "gui", "gui di", "dong y gui", "confirm",
                           "send", "confirm and send"})


def remember(turn: Turn, code: str | None) -> None:
    """The request `code` (None: information given without identity) was just sent; the
    conversation is otherwise idle."""
    turn.reset()
    turn.state.state = STATE
    turn.state.data = {"code": code} if code else {}


def is_confirmation(text: str) -> bool:
    return fold(text).strip(" .!") in CONFIRM_WORDS


def already_sent(turn: Turn) -> None:
    """The code again, with how to track it."""
    code = turn.state.data.get("code")
    turn.reset()
    menu = turn.button("button.menu", "cmd:start")
    if code:
        turn.say("file.already_sent", turn.button("ticket.track", f"track:{code}"), menu,
                 code=code)
    else:
        turn.say("file.already_recorded", menu)
