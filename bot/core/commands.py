"""A citizen's commands (`/start`, `/phananh`, `/tracuu`…) and buttons: the flow each one
starts or continues, as `conversation.route` sends them here."""

from __future__ import annotations

from bot.core.flows import asking, filing, menu, replying, sent, tracking, two_stage
from bot.core.tickets import TicketType
from bot.core.turn import Turn

FILING_COMMANDS = {
    "phananh": TicketType.PHAN_ANH,
    "kiennghi": TicketType.KIEN_NGHI,
    "khieunai": TicketType.KHIEU_NAI,
    "tocao": TicketType.TO_CAO,
    "thongtin": TicketType.THONG_TIN,
}
# Vietnamese is the default whatever the phone's language; English only on request.
LANGUAGE_COMMANDS = {"english": "en", "tiengviet": "vi"}


async def run_command(turn: Turn, name: str, argument: str | None) -> None:
    """Runs command `name` (`/tracuu PA-2026-00042`: "tracuu", its code)."""
    if name == "start":
        menu.welcome(turn)
    elif name == "help":
        menu.show_help(turn)
    elif name == "hoidap":
        turn.reset()
        if argument:
            await asking.answer_question(turn, argument)
        else:
            turn.say("ask.prompt")
    elif name in FILING_COMMANDS:
        await filing.start(turn, FILING_COMMANDS[name])
    elif name == "tracuu":
        turn.reset()
        await tracking.track(turn, argument)
    elif name in LANGUAGE_COMMANDS:
        menu.switch_language(turn, LANGUAGE_COMMANDS[name])
    elif name == "huy":
        # Right after a request is sent there is nothing left to cancel.
        busy = turn.state.state != sent.STATE and (
            turn.state.state != "idle" or bool(turn.state.data))
        turn.reset()
        turn.say("cancelled" if busy else "nothing_to_cancel", *menu.menu_buttons(turn))
    else:
        turn.say("error.unknown_command", command=f"/{name}"[:40])


async def on_payload(turn: Turn, payload: str) -> None:
    """Sends a button's payload to the flow it belongs to; a stale one is said to be."""
    if payload.startswith("file:"):
        if turn.state.state.startswith("file."):
            await filing.on_input(turn, filing.Input(None, payload, ()))
        else:
            menu.stale_button(turn)
    elif payload.startswith(("faq:", "ask:")):
        await asking.on_payload(turn, payload)
    elif payload.startswith("track:"):
        await tracking.show_status(turn, payload.removeprefix("track:"))
    elif payload.startswith("form:"):
        await two_stage.start_upload(turn, payload.removeprefix("form:"))
    elif payload.startswith("follow:"):
        await tracking.follow_link(turn, payload.removeprefix("follow:"))
    elif payload.startswith("reply:"):
        await replying.start(turn, payload.removeprefix("reply:"))
    elif payload.startswith("again:"):
        await replying.again(turn, payload.removeprefix("again:"))
    elif payload.startswith("rate:"):
        await tracking.rate(turn, payload)
    else:
        menu.stale_button(turn)
