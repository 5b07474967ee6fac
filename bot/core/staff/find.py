"""`/tim <mã hồ sơ | số điện thoại>`: an officer finds the ticket a citizen names on the hotline,
by its code or by the phone of its contact, with a link to its card in the staff group. A tố cáo
or anonymous information is never found by phone (Luật Tố cáo 2018 Đ8(3), Đ47). An officer may
also ask in a private chat with the bot, where a citizen's phone is not shown to the whole group
(Nghị định 13/2023); asked by phone in the group, the answer says so."""

from __future__ import annotations

import logging

from bot.core.dates import local_date
from bot.core.messages import Reply
from bot.core.staff.context import StaffTurn
from bot.core.tickets import SEALED_IDENTITY, Ticket, TicketType, parse_code
from bot.core.validation import normalise_phone

log = logging.getLogger(__name__)
PHONE_LIMIT = 10
# Whose author a phone must not lead to: a denouncer (sealed), or information given anonymously.
NOT_BY_PHONE = SEALED_IDENTITY | {TicketType.THONG_TIN}
# A private supergroup's id is -100 followed by the id its message links use.
SUPERGROUP = "-100"


async def find(turn: StaffTurn, argument: str) -> None:
    """Finds by code first (`pa-2026-42` too), then by phone; anything else: how to use it."""
    text = argument.strip()
    if code := parse_code(text):
        await _by_code(turn, code)
    elif phone := normalise_phone(text):
        await _by_phone(turn, phone)
    else:
        turn.say("staff.find_usage")


def card_link(ticket: Ticket) -> str | None:
    """The link to the ticket's card in the private staff supergroup (in its topic when it has
    one); None when it was not posted, or in a group whose messages have no links."""
    chat, message = ticket.staff_chat_id, ticket.staff_message_id
    if chat is None or message is None or not str(chat).startswith(SUPERGROUP):
        return None
    place = str(chat).removeprefix(SUPERGROUP)
    if ticket.staff_thread_id is not None:
        place = f"{place}/{ticket.staff_thread_id}"
    return f"https://t.me/c/{place}/{message}"


async def _by_code(turn: StaffTurn, code: str) -> None:
    ticket = await turn.uow.tickets.by_code(code)
    log.info("staff lookup by code: %s", "found" if ticket else "none")
    if ticket is None:
        turn.say("staff.find_none_code", code=code)
        return
    turn.outcome.replies.append(Reply(await _line(turn, ticket)))


async def _by_phone(turn: StaffTurn, phone: str) -> None:
    """Newest first, at most PHONE_LIMIT; each one shown is recorded in its history as looked
    up by this officer (the phone itself is kept nowhere)."""
    found: list[Ticket] = []
    for ticket_id in await turn.uow.tickets.ids_by_phone_number(phone):
        ticket = await turn.uow.tickets.get(ticket_id)
        contact = await turn.uow.tickets.contact(ticket_id)
        if ticket is None or ticket.type in NOT_BY_PHONE or contact is None or contact.sealed:
            continue  # told of in no way: not even counted
        found.append(ticket)
    found.sort(key=lambda t: (t.received_at, t.id), reverse=True)
    log.info("staff lookup by phone: %d ticket(s)", len(found))
    if not found:
        _answer_by_phone(turn, [turn.t("staff.find_none_phone")])
        return
    shown = found[:PHONE_LIMIT]
    lines = [turn.t("staff.find_title_phone", count=len(found))]
    for ticket in shown:
        lines.append(await _line(turn, ticket))
        await turn.record(ticket, "found_by_phone")
    if len(found) > len(shown):
        lines.append(turn.t("staff.find_more", count=len(found) - len(shown)))
    _answer_by_phone(turn, lines)


def _answer_by_phone(turn: StaffTurn, lines: list[str]) -> None:
    """In the group, the phone was shown to every member: a word on asking in private next
    time, after the answer."""
    if not turn.event.private:
        lines = [*lines, "", turn.t("staff.find_private_hint")]
    turn.outcome.replies.append(Reply("\n".join(lines)))


async def _line(turn: StaffTurn, ticket: Ticket) -> str:
    """Code, kind, status, received and due days, assignee, and the card's link if posted."""
    assignee = await turn.uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
    link = card_link(ticket)
    return turn.t(
        "staff.find_line", code=ticket.code, kind=turn.t(f"kind.{ticket.type}"),
        status=turn.t(f"status.{ticket.status}"),
        received=local_date(ticket.received_at, turn.deps.tz),
        due=local_date(ticket.due_at, turn.deps.tz),
        assignee=assignee.name if assignee else turn.t("staff.no_assignee"),
        link=f" · {link}" if link else "",
    )
