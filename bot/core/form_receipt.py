"""Receiving the signed đơn of a khiếu nại or tố cáo drafted in the chat: from that day it is
received, its first legal clock runs and statistics count it (Luật KN Đ8, Đ27; Luật TC Đ22-24).
Shared by the officer's «Đã nhận đơn» and a signed PDF arriving from the citizen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, tzinfo
from typing import Any

from bot.core.deadlines import DeadlinePolicy
from bot.core.ports import UnitOfWork
from bot.core.reminders.times import next_reminder_for
from bot.core.tickets import Ticket, TicketStatus


def receipt_moment(day: date, now: datetime, tz: tzinfo) -> datetime:
    """The đơn's receipt on `day`: now if today, else noon of that day (the day counts, not
    the hour: BLDS 2015 Đ147(2))."""
    if now.astimezone(tz).date() == day:
        return now
    return datetime.combine(day, time(12), tzinfo=tz)


def refusal(day: date, ticket: Ticket, now: datetime, tz: tzinfo) -> str | None:
    """Why `day` cannot be the đơn's receipt, as a catalog key suffix, or None."""
    if day > now.astimezone(tz).date():
        return "future"
    drafted = ticket.drafted_at or ticket.received_at
    if day < drafted.astimezone(tz).date():
        return "before_draft"
    return None


async def receive_form(uow: UnitOfWork, policy: DeadlinePolicy, ticket: Ticket,
                       received_at: datetime, now: datetime, actor: str,
                       **data: Any) -> datetime | None:
    """The ticket becomes received at `received_at`; returns its first clock's due moment."""
    due = policy.first_due(ticket.type, received_at)
    received = replace(ticket, status=TicketStatus.RECEIVED, received_at=received_at,
                       due_at=due, clock="first", extensions_used=0)
    await uow.tickets.update(ticket.id, status=TicketStatus.RECEIVED, received_at=received_at,
                             due_at=due, clock="first", extensions_used=0,
                             next_reminder_at=next_reminder_for(received, policy, now))
    await uow.tickets.record_event(ticket.id, "form_received", actor,
                                   received_on=received_at.astimezone(policy.tz).date()
                                   .isoformat(), **data)
    return due
