"""The officers' actions on a ticket: each checks the status, changes the ticket, records the
event and tells the citizen. Actions needing a reason or result take it as `text`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.core.cases.model import GROUPED
from bot.core.column import may_publish
from bot.core.dates import local_date
from bot.core.deadlines import ExtensionRefused, LegalClock
from bot.core.facts import Handling, Outcome
from bot.core.reminders.times import next_reminder_for
from bot.core.staff import cases, extension, lawful, notices, second_clock, urgency
from bot.core.staff.answers import done_key as _done
from bot.core.staff.answers import reply
from bot.core.staff.context import StaffTurn
from bot.core.tickets import (
    ACCEPTED_BY_THU_LY,
    FOLLOWS_AS,
    OPEN_STATUSES,
    PENDING_STATUSES,
    SEALED_IDENTITY,
    Ticket,
    TicketStatus,
    TicketType,
)

Action = Callable[[StaffTurn, Ticket, str | None], Awaitable[None]]
NEEDS_TEXT = frozenset({"decline", "forward", "extend", "close", "suspend", "resume",
                        "withdraw", "merge", "split", "form_received", "guide", "reply_doc"})
# Steps of khiếu nại and tố cáo only (Luật KN Đ27, Đ11a; Luật TC Đ29, Đ31): phản ánh and kiến
# nghị are received, handled, forwarded and answered (Luật Tiếp công dân 2013 Đ28).
THU_LY_ONLY = frozenset({"accept", "decline", "suspend", "resume", "form_received"})
CASE_ACTIONS = frozenset({"merge", "split"})  # vụ việc: never a tố cáo (bot.core.cases)
ALLOWED = {
    "claim": {TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS, TicketStatus.ACCEPTED,
              TicketStatus.AWAITING_FORM},
    "form_received": {TicketStatus.AWAITING_FORM},
    "guide": set(PENDING_STATUSES),
    "accept": {TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS},
    "decline": {TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS},
    "forward": set(OPEN_STATUSES),
    "transfer": set(OPEN_STATUSES),
    "extend": set(OPEN_STATUSES),
    "close": set(OPEN_STATUSES),
    "suspend": {TicketStatus.ACCEPTED},
    "resume": {TicketStatus.SUSPENDED},
    "withdraw": set(PENDING_STATUSES) | {TicketStatus.SUSPENDED},
    "merge": set(OPEN_STATUSES),
    "split": set(OPEN_STATUSES),
    "reply_doc": {TicketStatus.FORWARDED},
    "reply": set(TicketStatus),
    "note": set(TicketStatus),
    # The urgent tier (bot.core.urgency): while an answer can still come.
    "urgent": set(OPEN_STATUSES),
}


# The notice each text action sends the citizen, and the name of the officer's text in it.
NOTICES = {"decline": ("notify.declined", "reason"), "forward": ("notify.forwarded", "agency"),
           "extend": ("notify.extended", "reason"), "close": ("notify.closed", "result"),
           "suspend": ("notify.suspended", "reason"), "resume": ("notify.resumed", "reason"),
           "withdraw": ("notify.withdrawn", "reason"), "guide": ("notify.guided", "agency")}
# Recorded, never sent to the citizen: the preview shows the officer's own text.
INTERNAL = frozenset({"reply_doc"})


def closed_notice(ticket: Ticket) -> str:
    """A closed khiếu nại points to lần hai or the court, a tố cáo to tố cáo tiếp (Luật KN
    Đ33, Đ42; Luật TC Đ9(1)(d)); anything else to a new phản ánh."""
    if ticket.type is TicketType.KHIEU_NAI:
        return f"notify.closed.khieu_nai_{ticket.complaint_round}"
    if ticket.type is TicketType.TO_CAO:
        return "notify.closed.to_cao"
    return "notify.closed"


def local_day(turn: StaffTurn, moment: datetime | None) -> str:
    return local_date(moment, turn.deps.tz)


def allowed(turn: StaffTurn, action: str, ticket: Ticket) -> bool:
    """Whether `action` applies to the ticket's type and status; refuses it politely otherwise."""
    if action in CASE_ACTIONS and ticket.type not in GROUPED:  # Luật Tố cáo 2018 Đ8(3), Đ47
        turn.refuse("staff.merge_refused.sealed" if ticket.type in SEALED_IDENTITY
                    else "staff.not_for_type", type=turn.t(f"kind.{ticket.type}"))
        return False
    if action in THU_LY_ONLY and ticket.type not in ACCEPTED_BY_THU_LY:
        turn.refuse("staff.not_for_type", type=turn.t(f"kind.{ticket.type}"))
        return False
    if action == "guide" and ticket.type not in lawful.GUIDE_TYPES:
        turn.refuse("staff.guide_only_complaints")
        return False
    if ticket.status not in ALLOWED.get(action, ()):
        turn.refuse("staff.not_allowed", status=turn.t(f"status.{ticket.status}"))
        return False
    if action == "split" and ticket.case_id is None:  # e.g. another officer split it first
        turn.refuse("staff.split_refused.alone", code=ticket.code)
        return False
    if action == "extend":  # refused before the officer types a reason for nothing
        refused = extension.refusal(turn.deps, ticket, turn.deps.clock.now())
        if refused:
            turn.refuse(f"staff.extend_refused.{refused}",
                        **extension.refusal_values(turn.deps, ticket))
            return False
    return True


async def preview(turn: StaffTurn, action: str, ticket: Ticket, text: str) -> str | None:
    """The notice the citizen will read if the officer confirms; None when refused."""
    if action in ("merge", "split"):
        return await cases.preview(turn, action, ticket, text)
    if action == "form_received":
        return await lawful.preview_form(turn, ticket, text)
    if action in INTERNAL:
        return turn.t(f"staff.internal.{action}", code=ticket.code, text=text)
    key, name = NOTICES[action]
    values: dict[str, object] = {name: text}
    if action == "close":
        key = closed_notice(ticket)
    if action == "forward":
        key = notices.forwarded_key(ticket)
    if action == "guide":
        values["org"] = turn.deps.org.name
    if action == "extend":
        due = _extended_due(turn, ticket, text)
        if due is None:
            return None
        values["due"] = local_day(turn, due)
        values[name] = split_criteria(turn, text)[1]
        values["law"] = extension.refusal_values(turn.deps, ticket)["law"]
    if action == "resume":
        values["due"] = local_day(turn, _resumed_due(turn, ticket))
    return await turn.citizen_text(ticket, key, **values)


def split_criteria(turn: StaffTurn, text: str | None) -> tuple[tuple[str, ...], str]:
    """`a, g: lý do` → (("a", "g"), "lý do"): the complexity criteria (deadline_rules.yaml,
    NĐ 31/2019 Đ3(2)) named before the colon, and the reason the citizen reads."""
    head, colon, rest = (text or "").partition(":")
    letters = tuple(dict.fromkeys(p.strip().lower() for p in head.replace(";", ",").split(",")))
    if not colon or not letters or not set(letters) <= set(turn.deps.criteria):
        return (), (text or "").strip()
    return letters, rest.strip()


async def claim(turn: StaffTurn, ticket: Ticket, _text: str | None) -> None:
    """Nhận xử lý; for a phản ánh or kiến nghị the answer clock starts and the citizen is told
    its deadline (Luật Tiếp công dân 2013 Đ28(1): handled and notified). A ticket someone
    already handles is not taken from them by a press on an outdated card: «Chuyển» does that."""
    if ticket.assignee_id is not None:
        await _refuse_taken(turn, ticket)
        return
    status = TicketStatus.IN_PROGRESS if ticket.status is TicketStatus.RECEIVED else ticket.status
    now = turn.deps.clock.now()
    started = second_clock.Started({}, None, False)
    if second_clock.answers_on_taking_up(ticket):
        started = second_clock.start(turn, ticket, status, now)
    await turn.uow.tickets.update(ticket.id, **({"assignee_id": turn.officer.id,
                                                 "status": status} | started.changes))
    await turn.record(ticket, "claimed", None, **_clock_data(started))
    if started.due is None:
        turn.say("staff.done.claim", officer=turn.officer.name, code=ticket.code)
        return
    due = local_day(turn, started.due)
    await turn.notify_citizen(ticket, "notify.taken_up", due=due)
    turn.say("staff.done.claim_answer", officer=turn.officer.name, code=ticket.code, due=due)


async def _refuse_taken(turn: StaffTurn, ticket: Ticket) -> None:
    if ticket.assignee_id == turn.officer.id:
        turn.refuse("staff.claim_own", code=ticket.code)
    else:
        holder = await turn.uow.officers.get(ticket.assignee_id) if ticket.assignee_id else None
        turn.refuse("staff.claim_taken", code=ticket.code,
                    officer=holder.name if holder else turn.t("staff.no_assignee"))
    turn.outcome.refreshed.append(ticket.id)  # the outdated card is brought up to date


def _clock_data(started: second_clock.Started) -> dict[str, object]:
    if started.due is None:
        return {}
    data: dict[str, object] = {"due_at": started.due.isoformat()}
    return data | ({"first_clock_late": True} if started.first_late else {})


async def accept(turn: StaffTurn, ticket: Ticket, _text: str | None) -> None:
    """Thụ lý: the second legal clock, if the type has one, starts now."""
    now = turn.deps.clock.now()
    started = second_clock.start(turn, ticket, TicketStatus.ACCEPTED, now)
    due, late = started.due, started.first_late
    changes: dict[str, Any] = {"status": TicketStatus.ACCEPTED, "accepted_at": now,
                               "first_clock_late": late} | started.changes
    if ticket.assignee_id is None:
        changes["assignee_id"] = turn.officer.id
    # Thụ lý: the đơn meets the conditions and is the agency's to resolve (Biểu 01/XLD).
    await turn.uow.tickets.update(ticket.id, eligible=True, competent=True, **changes)
    await turn.record(ticket, "accepted", None, **({"first_clock_late": True} if late else {}))
    shown_due = local_day(turn, due or ticket.due_at)
    told = await turn.notify_citizen(ticket, "notify.accepted", due=shown_due)
    turn.say("staff.done.accept", code=ticket.code, due=shown_due)
    notices.written_notice(turn, ticket, "accepted", now, told)


async def _end(turn: StaffTurn, ticket: Ticket, status: TicketStatus, event: str,
               text: str | None, **data: object) -> None:
    """Ends the ticket's clocks: resolved now, no more reminders, the event recorded."""
    await turn.uow.tickets.update(ticket.id, status=status, resolved_at=turn.deps.clock.now(),
                                  next_reminder_at=None)
    await turn.record(ticket, event, text, **data)


async def decline(turn: StaffTurn, ticket: Ticket, reason: str | None) -> None:
    """Không thụ lý: not eligible (Luật KN Đ11), or another body's matter, the citizen guided
    to it (hướng dẫn, Luật Tiếp công dân Đ28(2))."""
    if turn.choice == "guided":
        facts = {"eligible": True, "competent": False, "handling": Handling.GUIDED}
    else:
        facts = {"eligible": False}
    await turn.uow.tickets.update(ticket.id, **facts)
    await _end(turn, ticket, TicketStatus.DECLINED, "declined", reason,
               **({"choice": turn.choice} if turn.choice else {}))
    told = await turn.notify_citizen(ticket, "notify.declined", reason=reason)
    turn.say(_done("decline", told), code=ticket.code)


async def forward(turn: StaffTurn, ticket: Ticket, agency: str | None) -> None:
    """Chuyển đơn to the competent body: eligible, not the agency's to resolve."""
    await turn.uow.tickets.update(ticket.id, eligible=True, competent=False,
                                  handling=Handling.FORWARDED)
    now = turn.deps.clock.now()
    late = notices.forwarded_late(turn, ticket, now)  # Luật Tố cáo 2018 Đ24(2): 5 working days
    await _end(turn, ticket, TicketStatus.FORWARDED, "forwarded", agency, agency=agency,
               **({"notice_late": True} if late else {}))
    told = await turn.notify_citizen(ticket, notices.forwarded_key(ticket), agency=agency)
    turn.say(_done("forward", told), code=ticket.code, agency=agency)
    notices.written_notice(turn, ticket, "received", ticket.received_at, told)


def _extended_due(turn: StaffTurn, ticket: Ticket, text: str | None) -> datetime | None:
    """The deadline after one more extension, or None (refused, with the law's reason)."""
    if ticket.due_at is None:
        turn.refuse("staff.extend_refused.no_such_clock", code=ticket.code)
        return None
    start = ticket.accepted_at if ticket.clock == "second" else ticket.received_at
    try:
        return turn.deps.policy.extend(
            ticket.type, LegalClock(ticket.clock), ticket.due_at, ticket.received_at,
            ticket.extensions_used, start=start, now=turn.deps.clock.now(),
            criteria=split_criteria(turn, text)[0],
            **second_clock.clock_kind(turn, ticket))
    except ExtensionRefused as refused:
        turn.refuse(f"staff.extend_refused.{refused.reason_code}",
                    **extension.refusal_values(turn.deps, ticket))
        return None


async def extend(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """Gia hạn, recording the complexity criteria found (NĐ 31/2019 Đ3) with the reason."""
    due = _extended_due(turn, ticket, text)
    if due is None or ticket.due_at is None:
        return
    criteria, reason = split_criteria(turn, text)
    # The extended clock starts its reminders afresh (a new clock key).
    extended = replace(ticket, due_at=due, extensions_used=ticket.extensions_used + 1)
    await turn.uow.tickets.update(
        ticket.id, due_at=due, extensions_used=extended.extensions_used,
        next_reminder_at=next_reminder_for(extended, turn.deps.policy, turn.deps.clock.now()))
    await turn.record(ticket, "extended", reason, due_at=due.isoformat(),
                      criteria=list(criteria))
    told = await turn.notify_citizen(ticket, "notify.extended", due=local_day(turn, due),
                                     reason=reason,
                                     law=extension.refusal_values(turn.deps, ticket)["law"])
    turn.say("staff.done.extend", code=ticket.code, due=local_day(turn, due))
    _offline_notice(turn, ticket, told)


def _resumed_due(turn: StaffTurn, ticket: Ticket) -> datetime | None:
    if ticket.due_at is None or ticket.suspended_at is None:
        return ticket.due_at
    return turn.deps.policy.resumed_due(
        ticket.type, LegalClock(ticket.clock), ticket.received_at, ticket.due_at,
        ticket.suspended_at, turn.deps.clock.now(),
        **second_clock.clock_kind(turn, ticket))


async def suspend(turn: StaffTurn, ticket: Ticket, decision: str | None) -> None:
    """Tạm đình chỉ (Luật KN Đ11a; Luật TC Đ31): the clock stands still, no reminders."""
    await turn.uow.tickets.update(ticket.id, status=TicketStatus.SUSPENDED,
                                  suspended_at=turn.deps.clock.now(), next_reminder_at=None)
    await turn.record(ticket, "suspended", decision)
    told = await turn.notify_citizen(ticket, "notify.suspended", reason=decision)
    turn.say("staff.done.suspend", code=ticket.code)
    _offline_notice(turn, ticket, told)


async def resume(turn: StaffTurn, ticket: Ticket, decision: str | None) -> None:
    """Tiếp tục: the clock runs on from the decision to resume (bot.core.deadlines)."""
    due = _resumed_due(turn, ticket)
    resumed = replace(ticket, status=TicketStatus.ACCEPTED, due_at=due, suspended_at=None)
    await turn.uow.tickets.update(
        ticket.id, status=TicketStatus.ACCEPTED, due_at=due, suspended_at=None,
        next_reminder_at=next_reminder_for(resumed, turn.deps.policy, turn.deps.clock.now()))
    await turn.record(ticket, "resumed", decision,
                      due_at=due.isoformat() if due else None)
    told = await turn.notify_citizen(ticket, "notify.resumed", reason=decision,
                                     due=local_day(turn, due))
    turn.say("staff.done.resume", code=ticket.code, due=local_day(turn, due))
    _offline_notice(turn, ticket, told)


async def withdraw(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """Rút đơn (Luật KN Đ10; Luật TC Đ33), recorded with what the citizen sent."""
    await turn.uow.tickets.update(ticket.id, outcome=Outcome.WITHDRAWN)
    await _end(turn, ticket, TicketStatus.WITHDRAWN, "withdrawn", text)
    told = await turn.notify_citizen(ticket, "notify.withdrawn", reason=text)
    turn.say("staff.done.withdraw", code=ticket.code)
    _offline_notice(turn, ticket, told)


def _offline_notice(turn: StaffTurn, ticket: Ticket, told: bool) -> None:
    """A request received on paper has no chat: the officer sends the notice in writing."""
    if not told:
        turn.say("staff.not_told_offline", code=ticket.code)


async def close(turn: StaffTurn, ticket: Ticket, result: str | None) -> None:
    """Closes with a result, sent to the citizen with the rating buttons (asked once); on a
    case's card, every open ticket of the case, each citizen with their own code; a khiếu nại
    or tố cáo with the outcome class chosen first (bot.core.staff.facts)."""
    case, tickets = await cases.answered_with(turn, ticket)
    all_told = True
    for each in tickets:
        facts: dict[str, object] = {"competent": True}
        if each.eligible is None:
            facts["eligible"] = True
        if turn.choice:
            facts["outcome"] = turn.choice
        await turn.uow.tickets.update(each.id, **facts)
        recorded: dict[str, object] = {"case": case.code} if case else {}
        if turn.choice:
            recorded["outcome"] = turn.choice
        await _end(turn, each, TicketStatus.CLOSED, "closed", result, **recorded)
        again = (("reply.again", f"again:{each.code}"),) if each.type in FOLLOWS_AS else ()
        told = await turn.notify_citizen(each, closed_notice(each), *again, result=result)
        all_told = all_told and told
        notices.written_notice(turn, each, "decided", turn.deps.clock.now(), told)
        ratings = [(f"rate.{n}", f"rate:{each.code}:{n}") for n in range(5, 0, -1)]
        await turn.notify_citizen(each, "notify.rate", *ratings)
    if case is None:
        turn.say(_done("close", all_told), code=ticket.code)
    else:
        turn.say("staff.done.close_case", code=case.code, count=len(tickets))
    if may_publish(replace(ticket, status=TicketStatus.CLOSED)):
        turn.say("staff.pub.hint", code=ticket.code)


async def reply_doc(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    """The reply of the body a đơn was forwarded to (số, ngày văn bản), received now: counted
    by Biểu 01/XLD ("Số văn bản phúc đáp nhận được do chuyển đơn"). Nothing is sent."""
    await turn.uow.tickets.update(ticket.id, reply_document=(text or "")[:200],
                                  reply_received_at=turn.deps.clock.now())
    await turn.record(ticket, "reply_document", text)
    turn.say("staff.done.reply_doc", code=ticket.code)


async def note(turn: StaffTurn, ticket: Ticket, text: str | None) -> None:
    await turn.record(ticket, "note", text)
    turn.say("staff.done.note", code=ticket.code)


ACTIONS: dict[str, Action] = {
    "claim": claim, "accept": accept, "decline": decline, "forward": forward,
    "extend": extend, "close": close, "reply": reply, "note": note,
    "suspend": suspend, "resume": resume, "withdraw": withdraw, "reply_doc": reply_doc,
    "merge": cases.merge, "split": cases.split,
    "form_received": lawful.form_received, "guide": lawful.guide,
    "urgent": urgency.toggle,
}
