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
    """Relays the answer (a file's caption, or the typed text) and the files sent with it."""
    case, tickets = await cases.answered_with(turn, ticket)
    files = turn.event.files
    all_told, held = True, dict[StaffFile, None]()  # the files some citizen did not get
    for each in tickets:
        await turn.record(each, "message_out", text or None,
                          **({"case": case.code} if case else {}), **reply_files.audit(files))
        told, left = await _answer(turn, each, text or "", files)
        all_told = all_told and told
        held |= dict.fromkeys(left if told else ())
    if case is not None:
        turn.say("staff.done.reply_case", code=case.code, count=len(tickets))
    elif files and all_told and not held:
        turn.say("staff.done.reply_file", code=ticket.code, name=names(files))
    else:
        turn.say(done_key("reply", all_told), code=ticket.code)
    if held:
        turn.say("staff.file_held", code=ticket.code, name=names(tuple(held)))


def names(files: tuple[StaffFile, ...]) -> str:
    """`a.jpg», «b.pdf`: inside the catalog's «{name}»."""
    return "», «".join(f.name for f in files)


async def _answer(turn: StaffTurn, ticket: Ticket, text: str,
                  files: tuple[StaffFile, ...]) -> tuple[bool, tuple[StaffFile, ...]]:
    """Queues one citizen's answer; (they were told, the files their channel cannot carry).
    Those files are named in the answer, with where to get them."""
    # A closed ticket takes no answer (bot.core.flows.replying): no button leading nowhere.
    buttons = ((("reply.button", f"reply:{ticket.code}"),) if ticket.status in PENDING_STATUSES
               else ())
    user = await turn.citizen(ticket)
    if not files or user is None:
        return await turn.notify_citizen(ticket, "notify.reply", *buttons, text=text), ()
    shown = text or await turn.citizen_text(ticket, "notify.reply_see_file")
    sent = tuple(reply_files.outgoing(f, user.channel) for f in files
                 if reply_files.fits(user.channel, f))
    left = tuple(f for f in files if not reply_files.fits(user.channel, f))
    if not left:
        return await turn.send_citizen(ticket, "notify.reply", buttons, sent,
                                       {"text": shown}), ()
    values = {"text": shown, "name": names(left), "hotline": turn.deps.org.hotline}
    return await turn.send_citizen(ticket, "notify.reply_file_held", buttons, sent, values), left
