"""Days left to a deadline, or days past it, as officers and leaders read them on the card, in
the reminders and in /quahan: one count, in the unit of the rule of the running clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.catalog import Catalog
from bot.core.deadline_rules import DeadlineRule, Unit
from bot.core.deadlines import DeadlinePolicy


@dataclass(frozen=True)
class DaysLeft:
    """Days after today up to the due day (0: due today; negative: past it), in `unit`."""

    days: int
    unit: Unit = "working_days"


def days_left(policy: DeadlinePolicy, rule: DeadlineRule | None, due: datetime,
              now: datetime) -> DaysLeft:
    """Counted as the rule counts its term: working days (e.g. Luật Tố cáo 2018 Đ24(1)), or
    calendar days where the law says «ngày» (Luật Khiếu nại 2011 Đ28, Luật Tố cáo 2018 Đ30);
    a ticket past its due day is at least 1 day late, even over a weekend."""
    unit: Unit = rule.unit if rule is not None else "working_days"
    today, due_day = now.astimezone(policy.tz).date(), due.astimezone(policy.tz).date()
    if unit == "days":
        days = (due_day - today).days
    else:
        days = policy.calendar.working_days_between(today, due_day)
    return DaysLeft(min(days, -1) if due_day < today else days, unit)


def countdown_text(catalog: Catalog, left: DaysLeft) -> str:
    """`còn 3 ngày làm việc`, `hết hạn hôm nay`, `quá hạn 2 ngày làm việc`, or in calendar
    days `quá hạn 20 ngày (kể cả ngày nghỉ)`."""
    if left.days == 0:
        return catalog.text("staff.countdown.today")
    state = "left" if left.days > 0 else "overdue"
    return catalog.text(f"staff.countdown.{state}.{left.unit}", days=abs(left.days))
