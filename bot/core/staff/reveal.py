"""A denouncer's identity, for leaders only: the reason is asked and logged first (never the
identity), the identity goes to the leader's private chat, and whether it got there is recorded
and told to the group. Luật Tố cáo 2018 Đ8(3), Đ47(1)(b): the identity is sealed."""

from __future__ import annotations

from bot.core.catalog import Catalog
from bot.core.messages import Channel, Reply, UserRef
from bot.core.ports import UnitOfWork
from bot.core.staff.context import StaffTurn
from bot.core.staff.leaders import is_leader
from bot.core.staff.model import as_id, as_ticket_id
from bot.core.tickets import SEALED_IDENTITY, Ticket

ACTION = "reveal"
REF = "reveal"  # the private message's marker: reveal:<ticket id>:<leader's telegram id>


async def may_reveal(turn: StaffTurn, ticket: Ticket) -> bool:
    if not is_leader(turn.officer):
        turn.refuse("staff.leaders_only")
        return False
    contact = await turn.uow.tickets.contact(ticket.id)
    if contact is None or not (ticket.type in SEALED_IDENTITY or contact.sealed):
        turn.refuse("staff.unknown_ticket")
        return False
    return True


async def reveal(turn: StaffTurn, ticket: Ticket, reason: str) -> None:
    """Queues the identity to the leader's private chat and logs the reason."""
    if not await may_reveal(turn, ticket):
        return
    contact = await turn.uow.tickets.contact(ticket.id)
    assert contact is not None  # may_reveal checked it
    text = turn.t("staff.reveal", code=ticket.code, name=contact.name or "-",
                  phone=contact.phone or "-", address=contact.address or "-")
    leader = turn.officer.telegram_id
    await turn.uow.outbox.add(UserRef(Channel.TELEGRAM, str(leader)),
                              Reply(text, ref=f"{REF}:{ticket.id}:{leader}"))
    await turn.record(ticket, "identity_revealed", reason)
    turn.say("staff.reveal_sending", code=ticket.code, leader=turn.officer.name)


async def settled(uow: UnitOfWork, catalog: Catalog, ref: str, delivered: bool) -> None:
    """Records whether the identity reached the leader, and tells the group the truth."""
    ticket_part, _, leader_part = ref.partition(":")
    ticket_id, leader_id = as_ticket_id(ticket_part), as_id(leader_part)
    if ticket_id is None or leader_id is None:
        return
    ticket = await uow.tickets.get(ticket_id)
    leader = await uow.officers.by_telegram_id(leader_id)
    if ticket is None:
        return
    kind = "identity_delivered" if delivered else "identity_undelivered"
    await uow.tickets.record_event(ticket.id, kind, "system", leader=leader_id)
    if ticket.staff_chat_id is not None:
        text = catalog.text(f"staff.{kind}", code=ticket.code,
                            leader=leader.name if leader else leader_part)
        await uow.outbox.add(UserRef(Channel.TELEGRAM, str(ticket.staff_chat_id)), Reply(text),
                             thread_id=ticket.staff_thread_id)
