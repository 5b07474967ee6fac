"""An officer's answer relayed to the citizen, as the department (never by the officer's name),
with the officer's photo or document where the citizen's channel can carry it; on a case's
card, to every open ticket's citizen, each with their own code."""

from __future__ import annotations

from bot.core.staff import cases, reply_files
from bot.core.staff.context import StaffTurn
from bot.core.staff.reply_files import StaffFile
from bot.core.tickets import PENDING_STATUSES, Ticket


def done_key(action: str, told: bool) -> str:
    """What the officer is told was done; a request on paper has no chat to send to."""
    return f"staff.done.{action}" if told else f"staff.done.{action}.offline"


async def reply(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """Relays the answer (a file's caption, or the typed text) and the file sent with it."""
    case, tickets = await cases.answered_with(turn, ticket)
    file = turn.event.files[0] if turn.event.files else None
    all_told, held = True, False
    for each in tickets:
        await turn.record(each, "message_out", text or None,
                          **({"case": case.code} if case else {}),
                          **reply_files.audit(turn.event.files))
        told, with_file = await _answer(turn, each, text or "", file)
        all_told = all_told and told
        held = held or (told and file is not None and not with_file)
    if case is not None:
        turn.say("staff.done.reply_case", code=case.code, count=len(tickets))
    elif file is not None and all_told and not held:
        turn.say("staff.done.reply_file", code=ticket.code, name=file.name)
    else:
        turn.say(done_key("reply", all_told), code=ticket.code)
    if held and file is not None:
        turn.say("staff.file_held", code=ticket.code, name=file.name)


async def _answer(turn: StaffTurn, ticket: Ticket, text: str,
                  file: StaffFile | None) -> tuple[bool, bool]:
    """Queues one citizen's answer; (they were told, the file went with it). A file their
    channel cannot carry is named in the answer, with where to get it."""
    # A closed ticket takes no answer (bot.core.flows.replying): no button leading nowhere.
    buttons = ((("reply.button", f"reply:{ticket.code}"),) if ticket.status in PENDING_STATUSES
               else ())
    user = await turn.citizen(ticket)
    if file is None or user is None:
        return await turn.notify_citizen(ticket, "notify.reply", *buttons, text=text), False
    shown = text or await turn.citizen_text(ticket, "notify.reply_see_file")
    if reply_files.fits(user.channel, file):
        sent = reply_files.outgoing(file, user.channel)
        return await turn.send_citizen(ticket, "notify.reply", buttons, sent,
                                       {"text": shown}), True
    told = await turn.notify_citizen(ticket, "notify.reply_file_held", *buttons, text=shown,
                                     name=file.name, hotline=turn.deps.org.hotline)
    return told, False
