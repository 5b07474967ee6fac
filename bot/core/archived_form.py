"""A signed đơn sent on Telegram or Zalo, checked once the archive holds its bytes: a digitally
signed PDF receives the request on the day the citizen sent it, as a web upload does at once; a
photo or an unsigned file goes to the officers to check and record «Đã nhận đơn» (Luật KN Đ8,
Đ27; Luật TC Đ22-24)."""

from __future__ import annotations

from datetime import datetime

from bot.core.form_receipt import receive_form
from bot.core.messages import Channel, FileKind, OutgoingFile, Reply, UserRef
from bot.core.ports import TicketEventView, UnitOfWork
from bot.core.signed_pdf import has_signature
from bot.core.tickets import SEALED_IDENTITY, Ticket, TicketStatus
from bot.core.turn import CoreDeps

FORM_UPLOADED = "form_uploaded"  # bot.core.flows.two_stage records it with the files' refs


async def check_archived(deps: CoreDeps, uow: UnitOfWork, ticket_id: int, file_ref: str,
                         stored_ref: str, content: bytes) -> bool:
    """Acts on a file just archived if it is part of a signed đơn the request waits for;
    whether a message was queued (bound to `deps`, the archive's `KeptHook`)."""
    ticket = await uow.tickets.get(ticket_id)
    if ticket is None or ticket.status is not TicketStatus.AWAITING_FORM:
        return False  # evidence, or a đơn an officer has recorded meanwhile
    sent = await _sent_at(uow, ticket_id, file_ref)
    if sent is None:
        return False
    if has_signature(content):
        await _receive(uow, deps, ticket, file_ref, sent)
    else:
        await _ask_officer(uow, deps, ticket, file_ref, stored_ref, sent)
    return True


async def _sent_at(uow: UnitOfWork, ticket_id: int, file_ref: str) -> datetime | None:
    """When the citizen sent the file as their signed đơn; None for any other file."""
    for event in await uow.tickets.history(ticket_id):
        if event.kind == FORM_UPLOADED and file_ref in event.data.get("refs", ()):
            return _moment(event)
    return None


def _moment(event: TicketEventView) -> datetime:
    stamp = event.data.get("sent_at")
    return datetime.fromisoformat(stamp) if isinstance(stamp, str) else event.created_at


async def _receive(uow: UnitOfWork, deps: CoreDeps, ticket: Ticket, file_ref: str,
                   sent: datetime) -> None:
    # Received when the citizen sent it, not when the platform let us download it: the
    # earlier day is the reading that cannot make the agency late (Luật KN Đ27, TC Đ24).
    due = await receive_form(uow, deps.deadlines, ticket, sent, deps.clock.now(), "citizen",
                             signed_pdf=True, refs=[file_ref])
    values = {"date": _day(deps, sent), "due": _day(deps, due)}
    await notify_owner(uow, deps, ticket, "two_stage.received_signed", **values)
    await tell_staff(uow, deps, ticket, Reply(deps.catalog.text(
        "staff.form_signed_pdf_archived", "vi", code=ticket.code, **values)))


async def _ask_officer(uow: UnitOfWork, deps: CoreDeps, ticket: Ticket, file_ref: str,
                       stored_ref: str, sent: datetime) -> None:
    """The archived photo or scan to the ticket's topic, with the day to record; a tố cáo's
    đơn names the denouncer (Luật TC 2018 Đ47(2)): only the words, the file stays private."""
    values = {"code": ticket.code, "date": _day(deps, sent)}
    if ticket.type in SEALED_IDENTITY:
        text = deps.catalog.text("staff.form_archived_sealed", "vi", **values)
        await tell_staff(uow, deps, ticket, Reply(text))
        return
    item = next((a for a in ticket.attachments if a.file_ref == file_ref), None)
    kind = FileKind.PHOTO if item is not None and item.kind == "photo" else FileKind.DOCUMENT
    name = (item.name if item is not None else None) or stored_ref.removeprefix("stored:")
    caption = deps.catalog.text("staff.form_archived", "vi", **values)
    await tell_staff(uow, deps, ticket, Reply("", file=OutgoingFile(
        name, b"", kind, caption, stored_ref=stored_ref)))


def _day(deps: CoreDeps, moment: datetime | None) -> str:
    return moment.astimezone(deps.tz).strftime("%d/%m/%Y") if moment else "-"


async def tell_staff(uow: UnitOfWork, deps: CoreDeps, ticket: Ticket, reply: Reply) -> None:
    """A note to the staff group, in the ticket's topic."""
    if deps.staff_chat_id is not None:
        await uow.outbox.add(UserRef(Channel.TELEGRAM, str(deps.staff_chat_id)), reply,
                             thread_id=ticket.staff_thread_id)


async def notify_owner(uow: UnitOfWork, deps: CoreDeps, ticket: Ticket, key: str,
                       **values: object) -> None:
    """A notice to the ticket's citizen where they wrote from, in their language; held until
    they write again if the platform cannot reach them now."""
    if ticket.citizen_id is None:
        return
    user = await uow.citizens.identity(ticket.citizen_id, ticket.channel)
    if user is None:
        return
    state = await uow.conversations.load(user)
    text = deps.catalog.text(key, state.language if state else deps.catalog.default,
                             code=ticket.code, **values)
    await uow.outbox.add(user, Reply(text, hold=True))
