"""`pakn tickets import|export|list|show`: requests received offline, one CSV row per ticket,
and the queue read from a terminal (until a staff channel is set, or beside it)."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.app.commands import CommandError, opened_app
from bot.app.database import opened_database
from bot.app.organisation_file import load_organisation
from bot.app.settings import Settings
from bot.core.calendar_overrides import parse_day
from bot.core.catalog import Catalog
from bot.core.ports import Clock
from bot.core.ticket_export import COLUMNS, record_row, write_records
from bot.core.ticket_import import TicketImportError, read_tickets
from bot.core.ticket_labels import TicketLabels, local_datetime
from bot.core.tickets import parse_code


def _out(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise argparse.ArgumentTypeError(Catalog.load().text("export.bad_out", path=text))
    return path


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("tickets",
                                 help="import offline requests; export, list and show tickets")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", help="requests received on paper, in person, "
                                   "by phone or e-mail (CSV); prints the new codes")
    importing.add_argument("path", type=Path, metavar="PATH.csv")
    importing.add_argument("--again", action="store_true",
                           help="import a file whose content was imported before, once more")
    exporting = actions.add_parser("export",
                                   help="one row per ticket (CSV or XLSX), no contact data")
    exporting.add_argument("--out", type=_out, required=True, metavar="FILE.csv|FILE.xlsx",
                           help="CSV or XLSX (from the extension); XLSX is in Vietnamese")
    exporting.add_argument("--labels", action="store_true",
                           help="CSV for people: Vietnamese headers and labels")
    exporting.add_argument("--codes", action="store_true",
                           help="CSV for other tools: the codes (phan_anh, closed, …); the "
                                "default, as DESIGN §5 promises other tools")
    exporting.add_argument("--from", dest="start", type=_day, metavar="DATE",
                           help="received on or after DATE (YYYY-MM-DD)")
    exporting.add_argument("--to", dest="end", type=_day, metavar="DATE",
                           help="received on or before DATE")
    listing = actions.add_parser("list", help="open tickets, the nearest deadline first")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    showing = actions.add_parser("show", help="one ticket as officers see it, with its history")
    showing.add_argument("code", metavar="CODE")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "import":
        return await import_tickets(args.path, settings, args.clock, again=args.again)
    if args.action == "list":
        return await list_tickets(args.limit, settings, args.clock)
    if args.action == "show":
        return await show_ticket(args.code, settings, args.clock)
    if args.codes and args.out.suffix.lower() != ".csv":
        raise CommandError(Catalog.load().text("report.codes_csv_only"))
    return await export_tickets(args.out, args.start, args.end, settings, args.clock,
                                codes=_for_tools(args))


def _for_tools(args: argparse.Namespace) -> bool:
    """A CSV without --labels keeps the codes other tools read (DESIGN §5); XLSX is for
    people, in Vietnamese."""
    return args.out.suffix.lower() == ".csv" and not args.labels


async def import_tickets(path: Path, settings: Settings, clock: Clock, *,
                         again: bool = False) -> int:
    """Adds every row of `path` in one transaction, or none if any row is bad. A file whose
    content was imported before is refused unless `again`: run twice by mistake, it would
    count every request twice in the Thanh tra forms."""
    from db.repositories.ticket_batches import ImportedRow  # with the application: when run

    org = load_organisation(settings.org_file)
    fields = {key.lower(): f.id for f in org.fields for key in (f.id, f.name)}
    async with opened_app(settings, clock) as app:
        policy = app.conversation.deps.deadlines
        try:
            rows = read_tickets(path, policy, settings.tz, app.clock.now(), fields,
                                frozenset(u.id for u in org.units))
        except TicketImportError as error:
            print("\n".join(error.problems), file=sys.stderr)
            raise CommandError(f"{len(error.problems)} problem(s); nothing imported") from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        digest = _digest(path)
        batch = [ImportedRow(row.ticket, row.status, str(row.clock), row.accepted_at,
                             row.resolved_at,
                             {"source": row.source, "line": row.line, "file": digest},
                             {"intake": row.source, **row.facts}) for row in rows]
        async with app.uow() as work:
            earlier = await work.batches.imported_from(digest)
            if earlier and not again:
                raise CommandError(
                    f"{path}: this file was imported before ({len(earlier)} ticket(s), "
                    f"{earlier[0]} to {earlier[-1]}); nothing imported. To import it once "
                    f"more, run again with --again")
            codes = await work.batches.add_imported(batch, actor="import")
            await work.commit()
    print("\n".join(codes))
    return 0


def _digest(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file, whatever its name or folder."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def export_tickets(out: Path, start: date | None, end: date | None,
                         settings: Settings, clock: Clock, codes: bool = False) -> int:
    """Writes tickets received from `start` to `end` (local days, inclusive)."""
    if start and end and start > end:
        raise CommandError("--from is after --to")
    tz = settings.tz
    lower = datetime.combine(start, time(), tz) if start else None
    upper = datetime.combine(end + timedelta(days=1), time(), tz) if end else None
    async with opened_database(settings, clock) as uow, uow.reader() as work:
        records = await work.records.received_between(lower, upper)
    # In a workbook the times are date-time cells, in a CSV texts.
    labels = TicketLabels(Catalog.load(), load_organisation(settings.org_file),
                          times=local_datetime if out.suffix.lower() == ".xlsx" else None)
    try:
        if codes:
            # UTF-8 with a BOM, so that Excel shows Vietnamese correctly.
            with out.open("w", encoding="utf-8-sig", newline="") as fh:
                count = write_records(records, fh, clock.now(), tz)
        else:
            from bot.reports.ticket_book import write_tickets

            rows = (labels.row(COLUMNS, record_row(r, clock.now(), tz), r.intake)
                    for r in records)
            count = write_tickets(labels.header(COLUMNS), rows, out)
    except OSError as error:
        raise CommandError(f"{out}: {error.strerror}") from None
    print(f"{count} ticket(s) written to {out}")
    return 0


async def list_tickets(limit: int, settings: Settings, clock: Clock) -> int:
    """One line per open ticket: code, type, status, received, due and what is left."""
    from bot.core.staff.card import countdown  # the staff desk: with the application

    async with opened_app(settings, clock) as app, app.uow() as work:
        tickets = await work.tickets.open_queue(max(1, limit))
        deps = app.staff.deps
        text = deps.catalog.text
        for ticket in tickets:
            left = countdown(deps, ticket, clock.now())
            print("\t".join((ticket.code, text(f"kind.{ticket.type}"),
                             text(f"status.{ticket.status}"),
                             ticket.received_at.astimezone(settings.tz).strftime("%d/%m/%Y"),
                             left)))
    if not tickets:
        print("0 open tickets")
    return 0


async def show_ticket(code_text: str, settings: Settings, clock: Clock) -> int:
    """The card as the staff group shows it (a denouncer's identity stays sealed), then the
    ticket's history."""
    code = parse_code(code_text)
    if code is None:
        raise CommandError(f"{code_text!r} is not a ticket code (e.g. PA-2026-00042)")
    async with opened_app(settings, clock) as app:
        async with app.uow() as work:
            ticket = await work.tickets.by_code(code)
            history = await work.tickets.history(ticket.id) if ticket else []
        if ticket is None:
            raise CommandError(f"no ticket {code}")
        card = await app.staff.card_for(ticket.id)
        text = app.staff.deps.catalog.text
    print(card.reply.text if card else code)
    print()
    print(text("staff.history", code=code))
    for event in history:
        moment = event.created_at.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M")
        detail = f": {event.text}" if event.text else ""
        print(f"{moment}  {event.actor}  {text(f'event.{event.kind}')}{detail}")
    return 0
