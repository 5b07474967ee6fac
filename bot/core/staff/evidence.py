"""A tố cáo's files, shown only where the denouncer stays protected: they never go to the staff
group, only to the private chat of the assignee or a leader who asks, each sending recorded
(Luật Tố cáo 2018 Đ47-48: the denouncer's information is kept confidential; a signed đơn or a
photo can name them)."""

from __future__ import annotations

from bot.core.messages import Channel, FileKind, OutgoingFile, Reply, UserRef
from bot.core.staff.context import StaffTurn
from bot.core.tickets import Ticket


async def send_evidence(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The archived files of the ticket, to the presser's private chat."""
    if turn.officer.role != "leader" and ticket.assignee_id != turn.officer.id:
        turn.refuse("staff.evidence_assignee_only")
        return
    files = [item for item in ticket.attachments if item.stored_ref]
    if not files:
        turn.refuse("staff.evidence_none", code=ticket.code)
        return
    private = UserRef(Channel.TELEGRAM, str(turn.officer.telegram_id))
    for number, item in enumerate(files, 1):
        caption = turn.t("staff.evidence_caption", code=ticket.code, number=number,
                         count=len(files))
        kind = FileKind.PHOTO if item.kind == "photo" else FileKind.DOCUMENT
        name = item.name or (item.stored_ref or "").removeprefix("stored:")
        await turn.uow.outbox.add(private, Reply("", file=OutgoingFile(
            name, b"", kind, caption, stored_ref=item.stored_ref)))
    await turn.record(ticket, "evidence_sent", None, files=len(files))
    turn.outcome.alert = turn.t("staff.evidence_sent", count=len(files))
