"""A tố cáo's files, shown only where the denouncer stays protected: they never go to the staff
group, only to the private chat of the assignee or a leader who asks, each sending recorded.
The signed đơn names the denouncer (họ tên, địa chỉ, bút tích): a leader receives it apart,
captioned as such; the assignee receives the evidence only, and of a scan or photos sent with
the đơn only the pages after the đơn's own (Luật Tố cáo 2018 Đ47(2), Đ48)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import Attachment, Channel, FileKind, OutgoingFile, Reply, UserRef
from bot.core.staff.context import StaffTurn
from bot.core.tickets import Ticket

FORM_EVENTS = ("form_uploaded", "form_received")  # bot.core.flows.two_stage records the refs


@dataclass
class Shown:
    """What one officer receives: files by storage reference or by content, and how many of
    the đơn's files were kept back."""

    files: list[tuple[OutgoingFile, str]] = field(default_factory=list)  # (file, caption key)
    withheld: int = 0


async def send_evidence(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """The archived files of the ticket, to the presser's private chat."""
    if turn.officer.role != "leader" and ticket.assignee_id != turn.officer.id:
        turn.refuse("staff.evidence_assignee_only")
        return
    stored = [item for item in ticket.attachments if item.stored_ref]
    shown = await _shown(turn, ticket, stored, leader=turn.officer.role == "leader")
    if not shown.files:
        turn.refuse("staff.evidence_none", code=ticket.code)
        return
    private = UserRef(Channel.TELEGRAM, str(turn.officer.telegram_id))
    for number, (item, key) in enumerate(shown.files, 1):
        caption = turn.t(key, code=ticket.code, number=number, count=len(shown.files))
        await turn.uow.outbox.add(private, Reply("", file=OutgoingFile(
            item.name, item.content, item.kind, caption, stored_ref=item.stored_ref)))
    await turn.record(ticket, "evidence_sent", None, files=len(shown.files),
                      withheld=shown.withheld)
    turn.outcome.alert = turn.t("staff.evidence_sent_withheld" if shown.withheld
                                else "staff.evidence_sent", count=len(shown.files))


async def _shown(turn: StaffTurn, ticket: Ticket, stored: list[Attachment],
                 leader: bool) -> Shown:
    history = await turn.uow.tickets.history(ticket.id)
    uploads = [[str(r) for r in e.data.get("refs", ())] for e in history
               if e.kind in FORM_EVENTS]
    pages = next((e.data.get("form_pages") for e in history if e.kind == "drafted"), None)
    forms = {ref for refs in uploads for ref in refs}
    shown = Shown([(_stored(item), "staff.evidence_caption") for item in stored
                   if item.file_ref not in forms])
    by_ref = {item.file_ref: item for item in stored}
    for refs in uploads:
        files = [by_ref[ref] for ref in refs if ref in by_ref]
        await _after_form(turn, files, pages if isinstance(pages, int) else None, shown, leader)
    return shown


async def _after_form(turn: StaffTurn, files: list[Attachment], pages: int | None,
                      shown: Shown, leader: bool) -> None:
    """One upload split at the end of the đơn: photos past its page count and a scan's later
    pages are evidence; the rest is the đơn, captioned as such for a leader and kept back from
    anyone else. Without the đơn's page count, all of it is the đơn (the reading that keeps
    the identity)."""

    def form(item: Attachment) -> None:
        if leader:
            shown.files.append((_stored(item), "staff.evidence_form_caption"))
        else:
            shown.withheld += 1

    left = pages
    for item in files:
        if left is None or left < 0:
            form(item)
        elif left == 0:
            shown.files.append((_stored(item), "staff.evidence_caption"))
        elif item.kind == "photo":
            left -= 1
            form(item)
        else:
            form(item)
            content = None if leader else await _pages_after(turn, item, left)
            if content is not None:
                name = f"chung-cu-{(item.name or 'don').rsplit('.', 1)[0]}.pdf"
                shown.files.append((OutgoingFile(name, content, FileKind.DOCUMENT),
                                    "staff.evidence_caption"))
            # How many of the đơn's pages this file held is not known here: what follows
            # may still be the đơn, so it is kept back too.
            left = -1


async def _pages_after(turn: StaffTurn, item: Attachment, skip: int) -> bytes | None:
    split = turn.deps.pages_after
    if split is None or item.stored_ref is None or not _is_pdf(item):
        return None
    return await split(item.stored_ref, skip)


def _is_pdf(item: Attachment) -> bool:
    return (item.mime or "").endswith("pdf") or (item.stored_ref or "").endswith(".pdf")


def _stored(item: Attachment) -> OutgoingFile:
    kind = FileKind.PHOTO if item.kind == "photo" else FileKind.DOCUMENT
    name = item.name or (item.stored_ref or "").removeprefix("stored:")
    return OutgoingFile(name, b"", kind, stored_ref=item.stored_ref)
