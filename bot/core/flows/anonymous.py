"""Information given without identity (Luật Tố cáo 2018 Đ25): recorded as such, never as a tố
cáo, with no clock and no answer; the citizen is told how it may be used (Đ25(2)) and warned of
the liability for a false denunciation (Đ9(2)). Offered as its own choice and where a tố cáo
would ask for identity and the citizen declines. Stored without any link to the chat account."""

from __future__ import annotations

from bot.core import filing_quota
from bot.core.messages import Attachment
from bot.core.tickets import NewTicket, TicketType
from bot.core.turn import Turn


def switch(turn: Turn) -> None:
    """A tố cáo draft becomes anonymous information: no identity is kept or asked."""
    data = turn.state.data
    data.update(type=str(TicketType.THONG_TIN), from_type=data.get("type"), with_contact=False)
    for key in ("name", "phone", "address", "consent", "publish", "filer"):
        data.pop(key, None)


def summary_note(turn: Turn) -> str:
    return turn.t("anon.notice")


async def record(turn: Turn) -> bool:
    """Stores the information (no citizen, no contact, no clock) and says what follows."""
    if not await filing_quota.admits(turn, turn.button("file.confirm", "file:confirm")):
        return False
    data, now = turn.state.data, turn.deps.clock.now()
    new = NewTicket(
        type=TicketType.THONG_TIN, channel=turn.event.user.channel, content=data["content"],
        received_at=now, due_at=None, field=data.get("field"),
        attachments=tuple(Attachment(**item) for item in data["attachments"]),
        code_year=now.astimezone(turn.deps.tz).year,
        details=data.get("details") or None)
    ticket = await turn.uow.tickets.add(new, None)
    await turn.uow.tickets.record_event(ticket.id, "created", actor="anonymous")
    await filing_quota.record(turn)
    turn.deps.metrics.inc("pakn_tickets_created_total", "type", TicketType.THONG_TIN)
    turn.say("anon.recorded", turn.button("button.menu", "cmd:start"))
    return True
