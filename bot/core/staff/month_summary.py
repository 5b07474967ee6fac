"""`/thongke [YYYY-MM]` in the staff group: the month's figures as a short text (the current
month by default); registered officers only, like every staff command."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.staff.context import StaffTurn
from bot.core.statistics.figures import (
    CHANNELS,
    OTHER_CHANNEL,
    Figures,
    PeriodStatistics,
    compute,
)
from bot.core.statistics.labels import as_of_label, format_rate
from bot.core.statistics.periods import PeriodError, PeriodKind, month_of, parse_period
from bot.core.tickets import TicketStatus


async def summarise(turn: StaffTurn, text: str) -> None:
    """Replies with the figures of the month named after the command, or the current one."""
    words = text.split()[1:]
    now = turn.deps.clock.now()
    try:
        period = parse_period(PeriodKind.MONTH, words[0]) if words else month_of(
            now, turn.deps.tz)
    except PeriodError:
        turn.say("staff.stats.usage")
        return
    start, end = period.bounds(turn.deps.tz)
    records = await turn.uow.records.in_period(start, end)
    stats = compute(records, period, turn.deps.tz, now)
    turn.outcome.replies.append(Reply("\n".join(summary_lines(turn, stats))))


def summary_lines(turn: StaffTurn, stats: PeriodStatistics) -> list[str]:
    """The title, the totals, one line per type and the questions."""
    total, t = stats.total, turn.t
    as_of = as_of_label(turn.deps.catalog, stats, turn.deps.tz)
    month = f"{stats.period.number:02d}/{stats.period.year}"
    lines = [
        t("staff.stats.title", month=month, as_of=as_of),
        t("staff.stats.carried_over", count=total.carried_over),
        t("staff.stats.received", count=total.received, channels=_channels(turn, total)),
        t("staff.stats.handled", count=total.handled, on_time=total.on_time, late=total.late,
          resolved=total.outcomes[TicketStatus.CLOSED],
          declined=total.outcomes[TicketStatus.DECLINED],
          forwarded=total.outcomes[TicketStatus.FORWARDED]),
        t("staff.stats.open", count=total.still_open, in_time=total.open_in_time,
          overdue=total.open_overdue),
        t("staff.stats.rate", rate=_rate(turn, total)),
        t("staff.stats.by_type"),
    ]
    lines += [t("staff.stats.type_line", kind=t(f"report.row.{kind}"), received=f.received,
                handled=f.handled, open=f.still_open, overdue=f.open_overdue)
              for kind, f in stats.by_type.items()]
    if stats.questions.to_handle:
        lines.append(t("staff.stats.questions", received=stats.questions.received,
                       handled=stats.questions.handled))
    return lines


def _channels(turn: StaffTurn, figures: Figures) -> str:
    parts = [f"{turn.t(f'channel.{c}')} {figures.by_channel[c]}" for c in CHANNELS
             if figures.by_channel[c]]
    if figures.by_channel[OTHER_CHANNEL]:
        parts.append(f"{turn.t('report.col.other_channel')} {figures.by_channel[OTHER_CHANNEL]}")
    return f" ({', '.join(parts)})" if parts else ""


def _rate(turn: StaffTurn, figures: Figures) -> str:
    rate = figures.on_time_rate
    return format_rate(rate) if rate is not None else turn.t("staff.stats.rate_none")
