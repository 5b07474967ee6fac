"""Filing limits for events that carry an origin (the web chat, which anyone can reach without
an account): a few tickets per origin an hour and a cap per channel a day, counted in the
database so that every instance sees the same numbers. Over a limit nothing is stored, the
citizen is told when to send again (the draft stays) and, for the daily cap, the staff group
hears about it once that day."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from bot.core.dates import day_text
from bot.core.messages import Button, Channel, Reply, UserRef
from bot.core.turn import Turn

log = logging.getLogger(__name__)
HOUR = timedelta(hours=1)


async def admits(turn: Turn, *retry: Button) -> bool:
    """True when the event may open a ticket now; the check holds the filing lock until the
    turn commits, so instances never both take the last place. Otherwise says when to send
    again, with `retry` (the button that sends the kept draft), and returns False."""
    origin = turn.event.origin
    if origin is None:  # Telegram, Zalo, the terminal: no per-origin limit
        return True
    limits, now, channel = turn.deps.limits, turn.deps.clock.now(), str(turn.event.user.channel)
    await turn.uow.filings.lock()
    today = now.astimezone(turn.deps.tz).date()
    day_start = datetime.combine(today, time(0), tzinfo=turn.deps.tz)
    if await turn.uow.filings.count(channel, day_start) >= limits.filings_per_channel_day:
        await _alert_staff(turn, day_start)
        _refuse(turn, "filing_limit.day", day_start + timedelta(days=1), retry)
        return False
    recent = await turn.uow.filings.times(origin, now - HOUR)
    if len(recent) >= limits.filings_per_origin_hour:
        _refuse(turn, "filing_limit.hour", recent[-limits.filings_per_origin_hour] + HOUR, retry)
        return False
    return True


async def record(turn: Turn) -> None:
    """Counts the ticket this turn opened against its origin and channel."""
    if turn.event.origin is not None:
        await turn.uow.filings.add(str(turn.event.user.channel), turn.event.origin,
                                   turn.deps.clock.now())


def _refuse(turn: Turn, key: str, again: datetime, retry: tuple[Button, ...]) -> None:
    turn.deps.metrics.inc("pakn_filings_refused_total", "limit", key.rpartition(".")[2])
    local = again.astimezone(turn.deps.tz)
    turn.say(key, *retry, turn.button("button.cancel", "cmd:huy"),
             time=local.strftime("%H:%M"), date=day_text(local),
             max=turn.deps.limits.filings_per_origin_hour, **turn.org_values())


async def _alert_staff(turn: Turn, day_start: datetime) -> None:
    """Once a day (the outbox's dedupe key), whichever instance gets there first."""
    chat, day, channel = turn.deps.staff_chat_id, day_start.date(), turn.event.user.channel
    if chat is None:
        log.warning("daily cap of %s filings reached; no staff chat to tell", channel)
        return
    catalog = turn.deps.catalog
    name = catalog.text(f"channel.{channel}")
    text = catalog.text("staff.filing_cap_reached", "vi", channel=name,
                        max=turn.deps.limits.filings_per_channel_day,
                        date=day_text(day))
    await turn.uow.outbox.add(UserRef(Channel.TELEGRAM, str(chat)), Reply(text),
                              dedupe_key=f"filing-cap:{channel}:{day.isoformat()}")
