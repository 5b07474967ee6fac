"""`pakn report --month YYYY-MM|--quarter YYYY-QN|--year YYYY [--out FILE.xlsx|FILE.csv]
[--send]`: the period's statistics as the official-form workbook with a chart, or one CSV row
per ticket; `--send` queues the workbook to every leader's private chat on Telegram (once per
leader and period, as the monthly job does). `--form 01/XLD|…|01/TCD --period P [--cutoff D]`
writes a Thanh tra form (bot.app.commands.report_forms); `--form tonghop` is the summary."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from bot.app.collector import collector_paused
from bot.app.commands import CommandError, opened_app, report_forms
from bot.app.database import calendar_overrides, opened_database
from bot.app.organisation_file import OrganisationFileError, load_organisation
from bot.app.settings import Settings
from bot.core.calendar import WorkingCalendar
from bot.core.catalog import Catalog
from bot.core.organisation import Organisation
from bot.core.ports import Clock
from bot.core.statistics.figures import PeriodStatistics, compute
from bot.core.statistics.periods import Period, PeriodError, PeriodKind, parse_period

SUFFIXES = (".xlsx", ".csv")


def _both(key: str, **values: object) -> str:
    """A message in Vietnamese, then in English, for the operator."""
    catalog = Catalog.load()
    return f"{catalog.text(key, 'vi', **values)} / {catalog.text(key, 'en', **values)}"


def _period(kind: PeriodKind) -> Callable[[str], Period]:
    def parse(text: str) -> Period:
        try:
            return parse_period(kind, text)
        except PeriodError:
            raise argparse.ArgumentTypeError(_both(f"report.bad_period.{kind}",
                                                   text=text)) from None
    return parse


def _out(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in SUFFIXES:
        raise argparse.ArgumentTypeError(_both("report.bad_out", path=text))
    return path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "report", help="statistics of a month, quarter or year (XLSX form with a chart, or CSV)")
    period = parser.add_mutually_exclusive_group()
    period.add_argument("--month", type=_period(PeriodKind.MONTH), metavar="YYYY-MM")
    period.add_argument("--quarter", type=_period(PeriodKind.QUARTER), metavar="YYYY-QN")
    period.add_argument("--year", type=_period(PeriodKind.YEAR), metavar="YYYY")
    parser.add_argument("--out", type=_out, metavar="FILE.xlsx|FILE.csv",
                        help="XLSX: summary form, chart and tickets; CSV: one row per ticket")
    parser.add_argument("--send", action="store_true",
                        help="queue the XLSX to every leader on Telegram (once per period)")
    report_forms.register_options(parser, period)
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    with collector_paused():
        return await _execute(args, settings)


async def _execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.form != report_forms.SUMMARY:
        return await report_forms.execute(args, settings)
    period: Period = args.month or args.quarter or args.year or report_forms.summary_period(
        args)
    if args.out is None and not args.send:
        raise CommandError(_both("report.no_target"))
    if args.send:
        from bot.app.monthly_report import monthly_report_job  # the whole application

        async with opened_app(settings, args.clock) as app:
            leaders = await monthly_report_job(app).send(period, app.clock.now())
        print(f"{period.slug}: report queued to {leaders} leader(s), once per leader and "
              f"period (repeats are skipped)" if leaders else
              f"{period.slug}: no leader registered (pakn officer add ... --role leader)")
    if args.codes and args.out is not None and args.out.suffix.lower() != ".csv":
        raise CommandError(_both("report.codes_csv_only"))
    return 0 if args.out is None else await _export(period, args.out, settings, args.clock,
                                                    codes=not args.labels)  # CSV only


async def _export(period: Period, out: Path, settings: Settings, clock: Clock,
                  codes: bool = False) -> int:
    tz = settings.tz
    try:
        org = load_organisation(settings.org_file)
    except OrganisationFileError as error:
        raise CommandError(str(error)) from None
    start, end = period.bounds(tz)
    async with opened_database(settings, clock) as uow:
        calendar = WorkingCalendar(await calendar_overrides(uow))
        async with uow.reader() as work:
            records, answers = await work.records.in_period_with_answers(start, end)
    stats = compute(records, period, tz, clock.now(), answers=answers,
                    calendar=calendar)
    try:
        count = _write(stats, org, tz, out, codes)
    except OSError as error:
        raise CommandError(f"{out}: {error.strerror}") from None
    total = stats.total
    print(f"{period.slug}: {total.carried_over} carried over, {total.received} received, "
          f"{total.handled} handled, {total.still_open} open; {count} ticket row(s) "
          f"written to {out}")
    return 0


def _write(stats: PeriodStatistics, org: Organisation, tz: tzinfo, out: Path,
           codes: bool = False) -> int:
    # Imported here: openpyxl and matplotlib take a while to load, other commands need neither.
    if out.suffix.lower() == ".csv":
        from bot.core.ticket_labels import TicketLabels
        from bot.reports.ticket_rows import write_csv

        return write_csv(stats, tz, out, None if codes else TicketLabels(Catalog.load(), org))
    from bot.reports.workbook import write_xlsx

    return write_xlsx(stats, org, Catalog.load(), tz, out)
