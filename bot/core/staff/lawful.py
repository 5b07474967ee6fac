"""Officer actions the law of khiếu nại and tố cáo asks for: «Đã nhận đơn» (the signed đơn
received on a date: the clock starts), «Đổi loại» (reclassify; a tố cáo's identity is sealed
for good) and «Hướng dẫn» (a khiếu nại outside competence: the competent body named to the
citizen, Luật Tiếp công dân 2013 Đ28(1)(b)). Each is recorded with the officer as actor."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.complaint_rules import parse_date
from bot.core.form_receipt import receipt_moment, receive_form, refusal
from bot.core.messages import Button, Reply
from bot.core.petition import Petition, blocks
from bot.core.staff.context import StaffTurn
from bot.core.tickets import (
    FILED_TYPES,
    PENDING_STATUSES,
    TWO_STAGE,
    Ticket,
    TicketStatus,
    TicketType,
)

TODAY_WORDS = frozenset({"hôm nay", "hom nay", "today"})
GUIDE_TYPES = frozenset({TicketType.KHIEU_NAI})


def received_day(turn: StaffTurn, ticket: Ticket, text: str | None) -> date | None:
    """The day the officer typed, or None (refused with the reason)."""
    now = turn.deps.clock.now()
    cleaned = (text or "").strip().lower()
    day = now.astimezone(turn.deps.tz).date() if cleaned in TODAY_WORDS else parse_date(cleaned)
    if day is None:
        turn.refuse("staff.form_date_invalid.format")
        return None
    problem = refusal(day, ticket, now, turn.deps.tz)
    if problem is not None:
        turn.refuse(f"staff.form_date_invalid.{problem}")
        return None
    return day


def _first_due(turn: StaffTurn, ticket: Ticket,
               day: date) -> tuple[datetime, datetime | None]:
    moment = receipt_moment(day, turn.deps.clock.now(), turn.deps.tz)
    return moment, turn.deps.policy.first_due(ticket.type, moment)


async def preview_form(turn: StaffTurn, ticket: Ticket, text: str) -> str | None:
    day = received_day(turn, ticket, text)
    if day is None:
        return None
    _, due = _first_due(turn, ticket, day)
    return await turn.citizen_text(ticket, "notify.form_received", **_form_values(
        turn, ticket, day, due))


def _form_values(turn: StaffTurn, ticket: Ticket, day: date,
                 due: datetime | None) -> dict[str, str]:
    step = "thụ lý" if ticket.type is TicketType.KHIEU_NAI else "xử lý ban đầu"
    return {"kind": turn.t(f"kind.{ticket.type}"), "date": day.strftime("%d/%m/%Y"),
            "step": step, "due": due.astimezone(turn.deps.tz).strftime("%d/%m/%Y")
            if due else "-"}


async def form_received(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """Đã nhận đơn: received on that day, the first clock from it (Luật KN Đ27, TC Đ24)."""
    day = received_day(turn, ticket, text)
    if day is None:
        return
    moment, _ = _first_due(turn, ticket, day)
    due = await receive_form(turn.uow, turn.deps.policy, ticket, moment,
                             turn.deps.clock.now(), turn.actor)
    values = _form_values(turn, ticket, day, due)
    await turn.notify_citizen(ticket, "notify.form_received", **values)
    turn.say("staff.done.form_received", code=ticket.code, date=values["date"],
             due=values["due"])


async def choose_type(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Đổi loại: a button for each type the request may become."""
    if not _may_retype(ticket, None):
        turn.refuse("staff.retype_refused")
        return
    buttons = [Button(turn.t(f"kind.{kind}"), f"st:retype_to:{ticket.id}:{kind}")
               for kind in FILED_TYPES if _may_retype(ticket, kind)]
    turn.outcome.replies.append(Reply(turn.t("staff.choose_type", code=ticket.code,
                                             kind=turn.t(f"kind.{ticket.type}")),
                                      tuple(buttons)))


def _may_retype(ticket: Ticket, target: TicketType | None) -> bool:
    if ticket.status not in PENDING_STATUSES or ticket.type not in (*FILED_TYPES,
                                                                     TicketType.THONG_TIN):
        return False
    if target is None:
        return True
    if target == ticket.type or target not in FILED_TYPES:
        return False
    # Anonymous information has no author to sign a đơn (Luật TC Đ25).
    return not (ticket.type is TicketType.THONG_TIN and target in TWO_STAGE)


async def retype(turn: StaffTurn, ticket: Ticket, target_text: str) -> None:
    """Reclassifies; to a khiếu nại or tố cáo the request waits for its signed đơn (no clock),
    to a phản ánh or kiến nghị it is received at once; a tố cáo's contact is sealed for good
    (Luật TC Đ47) and never unsealed by a later change."""
    try:
        target = TicketType(target_text)
    except ValueError:
        target = None
    if target is None or not _may_retype(ticket, target):
        turn.refuse("staff.retype_refused")
        return
    now, policy = turn.deps.clock.now(), turn.deps.policy
    changes: dict[str, object] = {"type": str(target)}
    if target in TWO_STAGE and ticket.type not in TWO_STAGE:
        changes |= {"status": TicketStatus.AWAITING_FORM, "due_at": None, "clock": "first",
                    "extensions_used": 0, "next_reminder_at": None,
                    "drafted_at": ticket.drafted_at or ticket.received_at}
    elif target not in TWO_STAGE and ticket.status is TicketStatus.AWAITING_FORM:
        due = policy.first_due(target, now)
        changes |= {"status": TicketStatus.RECEIVED, "received_at": now, "due_at": due,
                    "clock": "first", "next_reminder_at": None}
    elif ticket.clock == "first" and ticket.status is not TicketStatus.AWAITING_FORM:
        changes["due_at"] = policy.first_due(target, ticket.received_at)
    if target is TicketType.TO_CAO:
        changes["publish_allowed"] = False
        await turn.uow.tickets.seal_contact(ticket.id)
    await turn.uow.tickets.update(ticket.id, **changes)
    await turn.record(ticket, "retyped", old=str(ticket.type), new=str(target))
    await _tell_retyped(turn, ticket, target, changes.get("status"))
    turn.say("staff.done.retype", code=ticket.code, old_kind=turn.t(f"kind.{ticket.type}"),
             new_kind=turn.t(f"kind.{target}"))


async def _tell_retyped(turn: StaffTurn, ticket: Ticket, target: TicketType,
                        status: object) -> None:
    values = {"old_kind": turn.t(f"kind.{ticket.type}"), "new_kind": turn.t(f"kind.{target}"),
              "address": turn.deps.org.address}
    if status is not TicketStatus.AWAITING_FORM:
        await turn.notify_citizen(ticket, "notify.retyped", **values)
        return
    await turn.notify_citizen(ticket, "notify.retyped_two_stage",
                              ("two_stage.send_signed", f"form:{ticket.code}"), **values)
    writer = turn.deps.petitions
    user = await turn.uow.citizens.identity(ticket.citizen_id, ticket.channel) \
        if ticket.citizen_id is not None else None
    if writer is None or user is None:
        return
    contact = await turn.uow.tickets.contact(ticket.id)
    petition = Petition(kind=target, code=ticket.code, agency=turn.deps.org.name,
                        drafted_on=turn.deps.clock.now().astimezone(turn.deps.tz).date(),
                        name=contact.name if contact else None,
                        address=contact.address if contact else None,
                        phone=contact.phone if contact else None, content=ticket.content,
                        attachments=len(ticket.attachments))
    for item in writer.write(petition, blocks(petition, turn.deps.catalog)):
        await turn.uow.outbox.add(user, Reply("", file=item))


async def choose_guide(turn: StaffTurn, ticket: Ticket, _arg: str | None) -> None:
    """Hướng dẫn: the referrals of ORG_FILE as buttons, or another body typed."""
    if ticket.type not in GUIDE_TYPES:
        turn.refuse("staff.guide_only_complaints")
        return
    if ticket.status not in PENDING_STATUSES:
        turn.refuse("staff.not_allowed", status=turn.t(f"status.{ticket.status}"))
        return
    buttons = [Button(r.name, f"st:guide_to:{ticket.id}:{i}")
               for i, r in enumerate(turn.deps.org.referrals)]
    buttons.append(Button(turn.t("staff.guide_other"), f"st:guide:{ticket.id}"))
    turn.outcome.replies.append(Reply(turn.t("staff.choose_guide", code=ticket.code),
                                      tuple(buttons)))


def referral_text(turn: StaffTurn, index: str) -> str | None:
    referrals = turn.deps.org.referrals
    if not (index.isascii() and index.isdigit()) or int(index) >= len(referrals):
        return None
    referral = referrals[int(index)]
    return f"{referral.name}: {referral.where}"


async def guide(turn: StaffTurn, ticket: Ticket, agency: str | None) -> None:
    """Ends the request: the citizen is told the competent body; recorded with the body."""
    await turn.uow.tickets.update(ticket.id, status=TicketStatus.GUIDED,
                                  resolved_at=turn.deps.clock.now(), next_reminder_at=None)
    await turn.record(ticket, "guided", agency, agency=agency)
    await turn.notify_citizen(ticket, "notify.guided", agency=agency, org=turn.deps.org.name)
    turn.say("staff.done.guide", code=ticket.code)
