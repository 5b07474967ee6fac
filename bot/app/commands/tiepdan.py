"""`pakn tiepdan add|import`: sessions of tiếp công dân (Luật Tiếp công dân 2013), counted in
Biểu 01/TCD. Each session is stored with who entered it, and each đơn it names gets a
`reception` event in its history (the audit trail); a file is added whole or not at all."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app.commands import CommandError, opened_app
from bot.app.organisation_file import load_organisation
from bot.app.settings import Settings
from bot.core.forms.reception import ReceptionSession
from bot.core.forms.reception_input import ReceptionInputError, parse_session, read_sessions

ACTOR = "tiepdan"
AGAIN = "add a session the same as one recorded (it took place twice)"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("tiepdan", help="sessions of tiếp công dân (Biểu 01/TCD)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="one session")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--kind", required=True,
                     metavar="thuong_xuyen|dinh_ky|dot_xuat|uy_quyen",
                     help="tiếp thường xuyên; Thủ trưởng tiếp định kỳ or đột xuất; ủy quyền")
    add.add_argument("--receiver", required=True, metavar="NAME",
                     help="the leader or officer who received")
    add.add_argument("--people", required=True, metavar="N")
    add.add_argument("--cases", default="1", metavar="N", help="vụ việc raised (default 1)")
    add.add_argument("--repeat", action="store_true", help="tiếp nhiều lần (not the first)")
    add.add_argument("--delegation", action="store_true", help="đoàn đông người")
    add.add_argument("--content", required=True, metavar="TEXT")
    add.add_argument("--codes", default="", metavar="CODE,…", help="related đơn")
    add.add_argument("--unit", default="", metavar="UNIT")
    add.add_argument("--again", action="store_true", help=AGAIN)
    importing = actions.add_parser("import", help="sessions from CSV: date,kind,receiver,"
                                   "people,content[,cases,repeat,delegation,codes,unit]")
    importing.add_argument("path", type=Path, metavar="PATH.csv")
    importing.add_argument("--again", action="store_true", help=AGAIN)
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    units = {u.id for u in load_organisation(settings.org_file).units}
    today = args.clock.now().astimezone(settings.tz).date()
    try:
        if args.action == "add":
            values = {k: str(getattr(args, k)) for k in (
                "date", "kind", "receiver", "people", "cases", "content", "codes", "unit")}
            values |= {"repeat": "1" if args.repeat else "0",
                       "delegation": "1" if args.delegation else "0"}
            try:
                sessions = [(0, parse_session(values, today, units))]
            except ValueError as error:
                raise ReceptionInputError([str(error)]) from None
        else:
            sessions = read_sessions(args.path, today, units)
    except ReceptionInputError as error:
        print("\n".join(error.problems), file=sys.stderr)
        raise CommandError(f"{len(error.problems)} problem(s); nothing added") from None
    except OSError as error:
        raise CommandError(f"{args.path}: {error.strerror}") from None
    return await _store(sessions, settings, args)


def _refuse_recorded(sessions: list[tuple[int, ReceptionSession]],
                     recorded: list[ReceptionSession]) -> None:
    """A session the same in every field as one recorded is a second run of the same file or
    command: counted twice in Biểu 01/TCD unless the operator says it happened twice."""
    known = set(recorded)
    same = [(line, s) for line, s in sessions if s in known]
    if same:
        for line, session in same:
            where = f"line {line}" if line else "this session"
            print(f"{where}: recorded already ({session.held_on.isoformat()}, "
                  f"{session.receiver})", file=sys.stderr)
        raise CommandError(f"{len(same)} session(s) recorded already; nothing added. If they "
                           "took place twice, run again with --again")


async def _store(sessions: list[tuple[int, ReceptionSession]], settings: Settings,
                 args: argparse.Namespace) -> int:
    async with opened_app(settings, args.clock) as app, app.uow() as work:
        codes = sorted({c for _line, s in sessions for c in s.ticket_codes})
        unknown = set(codes) - await work.forms.known_codes(codes)
        if unknown:
            raise CommandError(f"unknown ticket code(s) {', '.join(sorted(unknown))}; "
                               "nothing added")
        if not args.again:
            _refuse_recorded(sessions, await work.forms.sessions(
                min(s.held_on for _, s in sessions), max(s.held_on for _, s in sessions)))
        ids = []
        for _line, session in sessions:
            session_id = await work.forms.add_session(session, ACTOR)
            ids.append(session_id)
            for code in session.ticket_codes:
                ticket = await work.tickets.by_code(code)
                if ticket is not None:
                    await work.tickets.record_event(
                        ticket.id, "reception", ACTOR, None, session=session_id,
                        held_on=session.held_on.isoformat(), reception=str(session.kind))
        await work.commit()
    print(f"{len(ids)} session(s) added (#{ids[0]}-#{ids[-1]})" if len(ids) > 1
          else f"session #{ids[0]} added")
    return 0
