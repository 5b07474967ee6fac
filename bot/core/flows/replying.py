"""A citizen answers an officer about their ticket: the text joins the ticket's history and is
relayed to the staff group (into the ticket's topic when it has one). A closed ticket is never
reopened: «Báo chưa được giải quyết» files a new request that follows it (DESIGN §6)."""

from __future__ import annotations

from bot.core.cases.grouping import staff_thread
from bot.core.flows import filing, menu, tracking
from bot.core.messages import Channel, Reply, UserRef
from bot.core.tickets import FOLLOWS_AS, PENDING_STATUSES, Ticket, TicketType, parse_code
from bot.core.turn import Turn

STATE = "ticket.reply"


async def start(turn: Turn, code_text: str) -> None:
    """`reply:<code>` from the button under an officer's answer."""
    turn.reset()
    code = parse_code(code_text)
    ticket = await turn.uow.tickets.by_code(code) if code else None
    if ticket is None or ticket.citizen_id != turn.citizen_id:
        menu.stale_button(turn)
    elif ticket.status in PENDING_STATUSES:  # open, or a đơn awaited: not finished
        turn.state.state, turn.state.data = STATE, {"code": ticket.code}
        turn.say("reply.prompt", turn.button("button.cancel", "cmd:huy"), code=ticket.code)
    else:
        _say_finished(turn, ticket)


async def not_resolved(turn: Turn) -> None:
    """«chưa được giải quyết» typed (DESIGN §6): the way on from the citizen's latest request
    when it is closed; when it is still open, their requests to look at; with none, how to
    file one."""
    turn.reset()
    tickets = await turn.uow.tickets.for_citizen(turn.citizen_id, limit=5)  # newest first
    if not tickets:
        turn.say("reply.not_resolved_none", turn.button("menu.phan_anh", "cmd:phananh"),
                 turn.button("button.menu", "cmd:start"))
    elif tickets[0].status in PENDING_STATUSES:
        turn.say("reply.not_resolved_open",
                 *(tracking.choice(turn, t) for t in tickets))
    else:
        _say_finished(turn, tickets[0])


def _say_finished(turn: Turn, ticket: Ticket) -> None:
    if ticket.type is TicketType.KHIEU_NAI:
        # Luật KN Đ33, Đ42: lần hai or the court, not a new phản ánh.
        turn.say("reply.closed.khieu_nai", turn.button("menu.khieu_nai", "cmd:khieunai"),
                 code=ticket.code)
    elif ticket.type is TicketType.TO_CAO:
        turn.say("reply.closed.to_cao", turn.button("menu.to_cao", "cmd:tocao"),  # Đ9(1)(d)
                 code=ticket.code)
    else:
        _say_closed(turn, ticket, ticket.code)


async def relay(turn: Turn, text: str) -> None:
    """Records the citizen's text on the ticket and passes it to the officers."""
    code = turn.state.data.get("code", "")
    turn.reset()
    ticket = await turn.uow.tickets.by_code(code)
    if (ticket is None or ticket.citizen_id != turn.citizen_id
            or ticket.status not in PENDING_STATUSES):
        _say_closed(turn, ticket, code)
        return
    await turn.uow.tickets.record_event(ticket.id, "message_in", actor="citizen", text=text)
    staff_chat = turn.deps.staff_chat_id
    if staff_chat is not None:
        notice = turn.deps.catalog.text("staff.citizen_wrote", "vi", code=ticket.code, text=text)
        await turn.uow.outbox.add(UserRef(Channel.TELEGRAM, str(staff_chat)), Reply(notice),
                                  thread_id=await staff_thread(turn.uow, ticket))
    turn.say("reply.sent", code=ticket.code)


def _say_closed(turn: Turn, ticket: Ticket | None, code: str) -> None:
    """The ticket is closed; «Báo chưa được giải quyết» when the citizen may follow it up."""
    if ticket is None or ticket.type not in FOLLOWS_AS or ticket.citizen_id != turn.citizen_id:
        turn.say("reply.closed", turn.button("menu.phan_anh", "cmd:phananh"), code=code)
    else:
        turn.say("reply.closed_again", turn.button("reply.again", f"again:{ticket.code}"),
                 code=code)


async def again(turn: Turn, code_text: str) -> None:
    """`again:<code>`: a new request of the same kind (a question's: a phản ánh) that follows
    the closed ticket; the link is recorded on both when it is sent."""
    code = parse_code(code_text)
    ticket = await turn.uow.tickets.by_code(code) if code else None
    if (ticket is None or ticket.citizen_id != turn.citizen_id or ticket.is_open
            or ticket.type not in FOLLOWS_AS):
        menu.stale_button(turn)
        return
    turn.say("reply.again_started", code=ticket.code)
    await filing.start(turn, FOLLOWS_AS[ticket.type])
    if turn.state.state != "idle":
        turn.state.data["follows"] = ticket.code
