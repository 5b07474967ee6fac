"""The ticket card officers see: facts, deadline countdown, and the buttons that apply now."""

from __future__ import annotations

import re
from datetime import datetime

from bot.core import places
from bot.core.cases.model import GROUPED
from bot.core.column import may_publish
from bot.core.countdown import countdown_text, days_left
from bot.core.dates import local_date
from bot.core.messages import Button, Reply
from bot.core.staff import extension, urgency
from bot.core.staff.actions import ALLOWED, THU_LY_ONLY
from bot.core.staff.model import StaffDeps
from bot.core.tickets import (
    ACCEPTED_BY_THU_LY,
    PENDING_STATUSES,
    SEALED_IDENTITY,
    Contact,
    Ticket,
    TicketStatus,
    TicketType,
)

MAX_CONTENT = 1500
ACTIONS_BY_STATUS = {
    TicketStatus.RECEIVED: ("accept", "decline", "transfer", "forward", "withdraw"),
    TicketStatus.IN_PROGRESS: ("accept", "decline", "transfer", "forward", "extend", "close",
                               "withdraw"),
    TicketStatus.ACCEPTED: ("transfer", "forward", "extend", "suspend", "close", "withdraw"),
    TicketStatus.SUSPENDED: ("resume", "withdraw"),
    # Chờ đơn: no clock runs until the signed đơn is recorded (bot.core.staff.lawful).
    TicketStatus.AWAITING_FORM: ("form_received", "withdraw"),
    TicketStatus.FORWARDED: ("reply_doc",),
}
# Buttons whose label says the state: one action toggles it (bot.core.staff.urgency).
PAYLOAD = {"urgent_off": "urgent"}
# Reclassify and guide, beside the status actions while the request is pending.
LAWFUL = ("retype", "guide_menu")


def countdown(deps: StaffDeps, ticket: Ticket, now: datetime) -> str:
    """What is left of the running clock, counted as the reminders count it
    (bot.core.countdown); `không áp dụng` once the ticket is closed or has no clock."""
    if ticket.due_at is None or not ticket.is_open:
        return deps.catalog.text("staff.countdown.none")
    left = days_left(deps.policy, extension.rule_of(deps, ticket), ticket.due_at, now)
    return countdown_text(deps.catalog, left)


def masked_phone(phone: str) -> str:
    """`0912 *** 678`: enough to tell numbers apart, not enough to call."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 8:
        return "***"
    return f"{digits[:4]} *** {digits[-3:]}"


def card_buttons(deps: StaffDeps, ticket: Ticket,
                 contact: Contact | None = None) -> tuple[Button, ...]:
    text = deps.catalog.text
    actions = [a for a in ACTIONS_BY_STATUS.get(ticket.status, ())
               if a not in THU_LY_ONLY or ticket.type in ACCEPTED_BY_THU_LY]
    if "extend" in actions and extension.refusal(deps, ticket, deps.clock.now()):
        actions.remove("extend")  # the law allows none (more), or the term has run out
    if ticket.assignee_id is None and ticket.status in ALLOWED["claim"]:
        actions.insert(0, "claim")  # also after «Chuyển» to a unit, for its officers
    if ticket.type is TicketType.THONG_TIN:  # no author: nothing to accept, answer or forward
        actions = [a for a in actions if a in ("claim", "transfer", "close")]
    if ticket.status in ALLOWED["urgent"]:
        actions.append("urgent_off" if ticket.urgent else "urgent")
    if ticket.status in PENDING_STATUSES:
        actions += [a for a in LAWFUL
                    if a != "guide_menu" or ticket.type is TicketType.KHIEU_NAI]
    if ticket.type in SEALED_IDENTITY or (contact is not None and contact.sealed):
        actions.append("reveal")
        if any(item.stored_ref for item in ticket.attachments):
            actions.append("evidence")
    elif contact is not None and contact.phone:
        actions.append("phone")
    if ticket.type in GROUPED and ticket.is_open:  # never a tố cáo (Luật TC 2018 Đ8(3))
        actions.append("split" if ticket.case_id is not None else "merge")
    if ticket.type is TicketType.HOI and ticket.is_open:
        actions.append("faq_answer")
    if ticket.type is TicketType.HOI and ticket.status is TicketStatus.CLOSED:
        actions += ["faq_new", "faq_variant"]
    if may_publish(ticket):
        actions.append("pub")
    actions.append("history")
    return tuple(Button(text(f"staff.button.{a}"), f"st:{PAYLOAD.get(a, a)}:{ticket.id}")
                 for a in actions)


def location_line(deps: StaffDeps, ticket: Ticket) -> str:
    """The place of the incident the citizen shared, with its map link; empty without one."""
    place = places.of_ticket(ticket.details)
    if place is None:
        return ""
    return deps.catalog.text("staff.card_location", place=places.shown(place),
                             link=places.map_link(place))


def render_card(deps: StaffDeps, ticket: Ticket, contact: Contact | None,
                assignee: str | None, now: datetime, case: str | None = None) -> Reply:
    """The card's text and buttons; a denouncer's identity never appears on it, and other
    citizens' phone numbers only masked (the assignee and leaders see them with Xem SĐT)."""
    text = deps.catalog.text
    if ticket.type in SEALED_IDENTITY or (contact is not None and contact.sealed):
        contact_line = text("staff.contact_sealed")
    elif ticket.type is TicketType.THONG_TIN:
        contact_line = text("staff.contact_anonymous")
    elif contact and not contact.is_empty():
        phone = masked_phone(contact.phone) if contact.phone else None
        contact_line = ", ".join(p for p in (contact.name, phone, contact.address) if p)
    else:
        contact_line = text("staff.contact_none")
    content = ticket.content if len(ticket.content) <= MAX_CONTENT else (
        ticket.content[:MAX_CONTENT] + "…")
    local = "%d/%m/%Y %H:%M"
    body = text(
        "staff.card",
        **urgency.card_values(deps, ticket, now),
        code=ticket.code,
        kind=text(f"kind.{ticket.type}"),
        field=deps.org.field_name(ticket.field) or "-",
        channel=text(f"channel.{ticket.channel}"),
        received=ticket.received_at.astimezone(deps.tz).strftime(local),
        due=local_date(ticket.due_at, deps.tz),
        countdown=countdown(deps, ticket, now),
        status=text(f"status.{ticket.status}"),
        assignee=assignee or text("staff.no_assignee"),
        content=content,
        attachments=len(ticket.attachments),
        contact=contact_line,
        location=location_line(deps, ticket),
    )
    if case:  # a follow-up's and the vụ việc's lines (staff.cases): codes only, no identities
        body = f"{body}\n———\n{case}"
    return Reply(body, card_buttons(deps, ticket, contact))
