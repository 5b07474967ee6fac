"""`/thongke [MM/YYYY]` in the staff group: the month's figures as a short text (the current
month by default): totals, working days to the first answer and to resolution, satisfaction,
by type and by field, then the chart as a photo; registered officers only, like every staff
command."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.core.catalog import Catalog
from bot.core.messages import FileKind, OutgoingFile, Reply
from bot.core.staff.context import StaffTurn
from bot.core.statistics.figures import (
    CHANNELS,
    OTHER_CHANNEL,
    Figures,
    PeriodStatistics,
    compute,
)
from bot.core.statistics.labels import as_of_label, field_rows, format_decimal, format_rate
from bot.core.statistics.periods import PeriodError, PeriodKind, month_of, parse_period
from bot.core.tickets import TicketStatus


async def summarise(turn: StaffTurn, text: str) -> None:
    """Replies with the figures of the month named after the command, or the current one."""
    words = text.split()[1:]
    now = turn.deps.clock.now()
    try:
        period = parse_period(PeriodKind.MONTH, _iso_month(words[0])) if words else month_of(
            now, turn.deps.tz)
    except PeriodError:
        turn.say("staff.stats.usage")
        return
    start, end = period.bounds(turn.deps.tz)
    records, answers = await turn.uow.records.in_period_with_answers(start, end)
    stats = compute(records, period, turn.deps.tz, now, answers=answers,
                    calendar=turn.deps.calendar)
    turn.outcome.replies.append(Reply("\n".join(summary_lines(turn, stats))))
    if turn.deps.chart is not None:
        turn.outcome.replies.append(await chart_reply(turn, stats, turn.deps.chart))


def _iso_month(word: str) -> str:
    """`03/2026` or `3/2026`, as the bot itself writes months, → `2026-03`; else as typed."""
    month, slash, year = word.partition("/")
    return f"{year}-{month}" if slash and month.isdigit() and year.isdigit() else word


async def chart_reply(
    turn: StaffTurn, stats: PeriodStatistics, chart: Callable[[PeriodStatistics, Catalog], bytes]
) -> Reply:
    """The month's chart (received and handled by type) as a photo with a caption."""
    # Drawn in a thread so that the event loop is not held up.
    png = await asyncio.to_thread(chart, stats, turn.deps.catalog)
    month = f"{stats.period.number:02d}/{stats.period.year}"
    caption = turn.t("staff.stats.chart_caption", month=month)
    return Reply("", file=OutgoingFile(f"thongke-{stats.period.slug}.png", png, FileKind.PHOTO,
                                       caption))


def summary_lines(turn: StaffTurn, stats: PeriodStatistics) -> list[str]:
    """The title, the totals, the times and satisfaction, one line per type and per field that
    counted something, and the questions."""
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
        *_times(turn, total),
        t("staff.stats.by_type"),
    ]
    lines += [t("staff.stats.type_line", kind=t(f"report.row.{kind}"), received=f.received,
                handled=f.handled, open=f.still_open, overdue=f.open_overdue)
              for kind, f in stats.by_type.items()]
    fields = field_rows(stats, turn.deps.org, turn.deps.catalog, every_field=False)
    if fields:
        lines.append(t("staff.stats.by_field"))
        lines += [t("staff.stats.field_line", field=name, received=f.received,
                    handled=f.handled, late=f.late, overdue=f.open_overdue)
                  for name, f in fields]
    if stats.questions.to_handle:
        lines.append(t("staff.stats.questions", received=stats.questions.received,
                       handled=stats.questions.handled))
    if stats.information.to_handle:  # Luật TC Đ25: apart from the tố cáo
        lines.append(t("staff.stats.information", received=stats.information.received))
    return lines


def _channels(turn: StaffTurn, figures: Figures) -> str:
    parts = [f"{turn.t(f'channel.{c}')} {figures.by_channel[c]}" for c in CHANNELS
             if figures.by_channel[c]]
    if figures.by_channel[OTHER_CHANNEL]:
        parts.append(f"{turn.t('report.col.other_channel')} {figures.by_channel[OTHER_CHANNEL]}")
    return f" ({', '.join(parts)})" if parts else ""


def _times(turn: StaffTurn, figures: Figures) -> list[str]:
    """Average working days to the first answer and to resolution, and satisfaction."""
    lines = []
    for key, average in (("first_answer", figures.first_answer),
                         ("resolution", figures.resolution)):
        lines.append(turn.t(f"staff.stats.{key}", days=format_decimal(average.mean),
                            count=average.count) if average.count
                     else turn.t(f"staff.stats.{key}_none"))
    liked = figures.satisfaction
    lines.append(turn.t("staff.stats.satisfaction", rate=format_rate(liked.rate),
                        satisfied=liked.satisfied, rated=liked.rated) if liked.rated
                 else turn.t("staff.stats.satisfaction_none"))
    return lines


def _rate(turn: StaffTurn, figures: Figures) -> str:
    rate = figures.on_time_rate
    return format_rate(rate) if rate is not None else turn.t("staff.stats.rate_none")
