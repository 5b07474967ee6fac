"""The take-up target (DESIGN §6, after iHanoi: a report is taken up within 8 working hours):
a request no officer has claimed («Nhận xử lý») `CLAIM_HOURS` working hours after its receipt
is named once in the staff group, at its card. A service target, not a legal clock: nothing
else changes (the legal deadline, the statistics). An urgent request has its own, shorter
clock (bot.core.urgency) and is left to it."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from bot.core.catalog import Catalog
from bot.core.dates import local_moment
from bot.core.reminders.kinds import ReminderTarget
from bot.core.urgency import UrgentClock

CLAIM_KEY = "claim"  # the sent_reminders clock of this reminder, one per ticket
CLAIM_KIND = "unclaimed"
# A request past the target longer than this (the bot was down, or just upgraded to this
# reminder, or the tickets were imported) is recorded as named without a message: the daily
# digest's «Chưa phân công» already counts it, and a burst of old notices would drown the group.
CLAIM_NOTICE_WINDOW = timedelta(days=1)


def unclaimed_text(catalog: Catalog, clock: UrgentClock, target: ReminderTarget,
                   tz: tzinfo) -> str:
    """The group's reminder; the code and kind only, never a citizen's data."""
    return catalog.text(
        "staff.reminder.unclaimed", code=target.code, kind=catalog.text(f"kind.{target.type}"),
        received=local_moment(target.start, tz), hours=f"{clock.length_hours:g}",
    )
