"""`pakn report --form 01/XLD|02/XLD|03/XLD|04/XLD|01/KQGQ|02/KQGQ|03/KQGQ|01/TCD --period
2026-Q4|2026-6M|2026-9M|2026|2026-11 [--cutoff 15] --out FILE.xlsx|FILE.csv [--codes]`: a Thanh
tra form, its checksums verified before it is written (bot.core.forms)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.app.commands import CommandError
from bot.app.database import opened_database
from bot.app.organisation_file import OrganisationFileError, load_organisation
from bot.app.settings import Settings
from bot.core.catalog import Catalog
from bot.core.facts import field_categories
from bot.core.forms import FORMS
from bot.core.forms.periods import FormPeriod, FormPeriodError, parse_form_period
from bot.core.statistics.periods import Period, PeriodKind

if TYPE_CHECKING:
    from bot.core.forms.build import FormTable

SUMMARY = "tonghop"


def _both(key: str, **values: object) -> str:
    catalog = Catalog.load()
    return f"{catalog.text(key, 'vi', **values)} / {catalog.text(key, 'en', **values)}"


def _form(text: str) -> str:
    code = text.strip().upper().replace("-", "/")
    if text.strip().lower() == SUMMARY:
        return SUMMARY
    if code not in FORMS:
        raise argparse.ArgumentTypeError(_both("report.bad_form", text=text,
                                               forms=", ".join((*FORMS, SUMMARY))))
    return code


def register_options(parser: argparse.ArgumentParser,
                     periods: argparse._MutuallyExclusiveGroup) -> None:
    parser.add_argument("--form", type=_form, default=SUMMARY, metavar="BIỂU",
                        help=f"{', '.join(FORMS)} or {SUMMARY} (the summary, default)")
    periods.add_argument("--period", metavar="2026-Q4|2026-6M|2026-9M|2026|2026-11",
                         help="the reporting period of a form")
    parser.add_argument("--cutoff", type=int, metavar="DAY",
                        help="periods run from this day of the month before (Thanh tra: 15)")
    parser.add_argument("--codes", action="store_true",
                        help="CSV for other tools: a form's unit ids and column numbers "
                             "(c1…cN); the summary's ticket CSV has the codes by default")
    parser.add_argument("--labels", action="store_true",
                        help="the summary's ticket CSV for people: Vietnamese headers and "
                             "labels (a form's CSV is in Vietnamese by default)")


def _period(args: argparse.Namespace) -> FormPeriod:
    try:
        return parse_form_period(args.period, args.cutoff)
    except FormPeriodError:
        raise CommandError(_both("report.bad_form_period", text=args.period)) from None


def summary_period(args: argparse.Namespace) -> Period:
    """The summary's calendar period from `--period` (month, quarter or year)."""
    if args.period is None:
        raise CommandError(_both("report.summary_period"))
    text = args.period.strip().upper()
    patterns = ((PeriodKind.MONTH, r"(\d{4})-(\d{1,2})"), (PeriodKind.QUARTER, r"(\d{4})-Q(\d)"),
                (PeriodKind.YEAR, r"(\d{4})()"))
    for kind, pattern in patterns:
        found = re.fullmatch(pattern, text)
        if found and args.cutoff is None:
            number = int(found.group(2) or 1)
            if 1 <= number <= {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4}.get(kind, 1):
                return Period(kind, int(found.group(1)), number)
    raise CommandError(_both("report.summary_period"))


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.period is None:
        raise CommandError(_both("report.form_needs_period", form=args.form))
    if args.out is None:
        raise CommandError(_both("report.no_target"))
    out: Path = args.out
    if args.codes and out.suffix.lower() != ".csv":
        raise CommandError(_both("report.codes_csv_only"))
    # Imported here: the forms' column tables take a while to load, the summary needs none.
    from bot.core.forms.build import build, needs_records
    from bot.core.forms.spec import ChecksumError

    period = _period(args)
    try:
        org = load_organisation(settings.org_file)
    except OrganisationFileError as error:
        raise CommandError(str(error)) from None
    start, end = period.bounds(settings.tz)
    async with opened_database(settings, args.clock) as uow, uow.reader() as work:
        records = (await work.forms.in_period(start, end, field_categories(org))
                   if needs_records(args.form) else [])
        sessions = (await work.forms.sessions(period.first_day, period.last_day)
                    if args.form == "01/TCD" else [])
    today = args.clock.now().astimezone(settings.tz).date()
    try:
        table = build(args.form, org, start, end, records, sessions)
    except ChecksumError as error:
        raise CommandError(_both("report.checksum", detail=str(error))) from None
    _write(table, org, period, today, out, args.codes)
    total = table.rows[-1][1]
    print(f"Biểu {args.form}, {period.first_day:%d/%m/%Y}-{period.last_day:%d/%m/%Y}: "
          f"cột (1) = {total.get(1) or 0}; {len(table.rows)} dòng ghi vào {out}")
    return 0


def _write(table: FormTable, org, period: FormPeriod, today, out: Path,  # type: ignore[no-untyped-def]
           codes: bool) -> None:
    # Imported here: openpyxl takes a while to load, other commands need none of it.
    from bot.reports.form_files import write_form_csv, write_form_xlsx

    try:
        if out.suffix.lower() == ".csv":
            write_form_csv(table, org, out, codes=codes)
        else:
            write_form_xlsx(table, org, period.first_day, period.last_day, today, out)
    except OSError as error:
        raise CommandError(f"{out}: {error.strerror}") from None
