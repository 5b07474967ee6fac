"""Khiếu nại and tố cáo in two stages: the chat drafts the đơn (DOCX and PDF, pre-filled) and
stores the request as «chờ đơn», with no clock and outside the statistics; it is received when
the signed đơn is: recorded by an officer, or a digitally signed PDF sent here (Luật KN Đ8;
Luật TC Đ22-23, Đ25(1))."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bot.core import filing_quota
from bot.core.archived_form import FORM_UPLOADED, tell_staff
from bot.core.complaint_rules import next_filing_at
from bot.core.flows import menu
from bot.core.flows.filer import contact_details
from bot.core.form_receipt import receive_form
from bot.core.messages import Attachment, Reply
from bot.core.petition import Petition, blocks
from bot.core.signed_pdf import has_signature, page_count
from bot.core.tickets import Contact, NewTicket, Ticket, TicketStatus, TicketType, parse_code
from bot.core.turn import Turn

UPLOAD = "form.upload"  # the citizen is sending the signed đơn of data["code"]


def petition_of(turn: Turn, code: str) -> Petition:
    """The đơn as the chat's draft states it."""
    data, details = turn.state.data, turn.state.data.get("details", {})
    learned = details.get("learned_on")
    return Petition(
        kind=TicketType(data["type"]), code=code, agency=turn.deps.org.name,
        drafted_on=turn.deps.clock.now().astimezone(turn.deps.tz).date(),
        name=data.get("name"), address=data.get("address"), phone=data.get("phone"),
        filer=data.get("filer", "person"), organisation=data.get("organisation"),
        tax_code=data.get("tax_code"), represented=data.get("represented"),
        respondent=details.get("respondent"), decision=details.get("decision"),
        learned_on=date.fromisoformat(learned) if learned else None,
        request=details.get("request"), content=data["content"],
        complaint_round=int(details.get("round", "1")),
        court_pending={"yes": True, "no": False}.get(details.get("court", "")),
        attachments=len(data["attachments"]))


async def may_file(turn: Turn) -> bool:
    """Past MAX_OPEN_TICKETS a khiếu nại or tố cáo is slowed, never refused."""
    count = await turn.uow.tickets.count_open(turn.citizen_id)
    last = await turn.uow.tickets.last_filed_at(turn.citizen_id)
    now = turn.deps.clock.now()
    again = next_filing_at(count, turn.deps.limits.max_open_tickets, last, now)
    if again is None:
        return True
    local = again.astimezone(turn.deps.tz)
    turn.say("ticket.slowed", turn.button("file.confirm", "file:confirm"),
             count=count, time=local.strftime("%H:%M"), date=local.strftime("%d/%m/%Y"))
    return False


async def open_draft(turn: Turn) -> Ticket | None:
    """Stores the request as «chờ đơn», sends its đơn and returns it; None when it must wait."""
    retry = turn.button("file.confirm", "file:confirm")
    if not await may_file(turn) or not await filing_quota.admits(turn, retry):
        return None
    data, now = turn.state.data, turn.deps.clock.now()
    kind = TicketType(data["type"])
    details = data.get("details") or {}
    new = NewTicket(
        type=kind, channel=turn.event.user.channel, content=data["content"], received_at=now,
        due_at=None, field=data.get("field"),
        contact=Contact(data.get("name"), data.get("phone"), data.get("address"),
                        contact_details(data)),
        attachments=tuple(Attachment(**item) for item in data["attachments"]),
        consent_at=now, publish_allowed=bool(data.get("publish")),
        code_year=now.astimezone(turn.deps.tz).year, status=TicketStatus.AWAITING_FORM,
        drafted_at=now, details=details or None,
        complaint_round=int(details.get("round", "1")))
    ticket = await turn.uow.tickets.add(new, turn.citizen_id)
    pages = _send_petition(turn, petition_of(turn, ticket.code))
    # The đơn's pages name the author: those of a scan sent back are kept from the assignee
    # of a tố cáo, the pages after them are evidence (bot.core.staff.evidence).
    drafted: dict[str, Any] = {"form_pages": pages} if pages else {}
    await turn.uow.tickets.record_event(ticket.id, "drafted", "citizen", **drafted)
    await filing_quota.record(turn)
    turn.deps.metrics.inc("pakn_tickets_created_total", "type", kind)
    return ticket


def _send_petition(turn: Turn, petition: Petition) -> int | None:
    """The plain explanation, then the đơn as DOCX and PDF where a writer is wired; the PDF's
    pages."""
    kind = turn.t(f"kind.{petition.kind}")
    turn.say(f"two_stage.drafted.{petition.kind}",
             turn.button("two_stage.send_signed", f"form:{petition.code}"),
             turn.button("ticket.track", f"track:{petition.code}"),
             turn.button("button.menu", "cmd:start"),
             kind=kind, code=petition.code, **turn.org_values())
    writer = turn.deps.petitions
    if writer is None:
        turn.say("two_stage.no_files", **turn.org_values())
        return None
    pages = None
    for item in writer.write(petition, blocks(petition, turn.deps.catalog)):
        caption = turn.t(f"two_stage.caption.{item.name.rsplit('.', 1)[-1]}", code=petition.code)
        turn.replies.append(Reply("", file=replace(item, caption=caption)))
        pages = pages or page_count(item.content)
    return pages


async def _owned_awaiting(turn: Turn, code_text: str) -> Ticket | None:
    code = parse_code(code_text)
    ticket = await turn.uow.tickets.by_code(code) if code else None
    if ticket is None or ticket.citizen_id != turn.citizen_id:
        menu.stale_button(turn)
        return None
    if ticket.status is not TicketStatus.AWAITING_FORM:
        turn.say("two_stage.already_received", code=ticket.code)
        return None
    return ticket


async def start_upload(turn: Turn, code_text: str) -> None:
    """«Gửi đơn đã ký»: the next files are the signed đơn."""
    turn.reset()
    ticket = await _owned_awaiting(turn, code_text)
    if ticket is not None:
        turn.state.state, turn.state.data = UPLOAD, {"code": ticket.code}
        turn.say("two_stage.upload_prompt", turn.button("button.cancel", "cmd:huy"),
                 code=ticket.code, **turn.org_values())


async def on_upload(turn: Turn) -> None:
    """The signed đơn arrives: a digitally signed PDF receives the request at once; a photo or
    scan waits for an officer to check it and record «Đã nhận đơn»."""
    files = turn.event.attachments
    if not files:
        turn.say("two_stage.upload_expected", turn.button("button.cancel", "cmd:huy"))
        return
    code = turn.state.data.get("code", "")
    turn.reset()
    ticket = await _owned_awaiting(turn, code)
    if ticket is None:
        return
    await turn.uow.tickets.add_attachments(ticket.id, files)
    found = await _signed_pdf(turn, files)
    now = turn.deps.clock.now()
    refs = [item.file_ref for item in files]  # the đơn names its author (staff/evidence.py)
    if found is True:
        due = await receive_form(turn.uow, turn.deps.deadlines, ticket, now, now, "citizen",
                                 signed_pdf=True, refs=refs)
        turn.say("two_stage.received_signed", code=ticket.code, date=turn.local_date(now),
                 due=turn.local_date(due))
        await _tell_staff(turn, ticket, "staff.form_signed_pdf")
        return
    # The moment it was sent: a PDF read later from the archive is received on that day
    # (bot.core.archived_form).
    await turn.uow.tickets.record_event(ticket.id, FORM_UPLOADED, "citizen",
                                        files=len(files), refs=refs, sent_at=now.isoformat())
    turn.say("two_stage.uploaded_pending" if found is None else "two_stage.uploaded",
             code=ticket.code)
    await _tell_staff(turn, ticket, "staff.form_uploaded", count=len(files))


async def _signed_pdf(turn: Turn, files: tuple[Attachment, ...]) -> bool | None:
    """True: a digitally signed PDF among the files; None: a PDF not readable yet (on
    Telegram's or Zalo's servers until the archive fetches it); False: neither."""
    reader, pending = turn.deps.read_file, False
    for item in files:
        if (item.mime or "").endswith("pdf") or (item.name or "").lower().endswith(".pdf"):
            data = await reader(item) if reader is not None else None
            if data is not None and has_signature(data):
                return True
            pending = pending or data is None
    return None if pending and reader is not None else False


async def _tell_staff(turn: Turn, ticket: Ticket, key: str, **values: object) -> None:
    text = turn.deps.catalog.text(key, "vi", code=ticket.code, **values)
    await tell_staff(turn.uow, turn.deps, ticket, Reply(text))
