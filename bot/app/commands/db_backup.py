"""`pakn db backup --out FILE`: a consistent copy of the SQLite database, taken with SQLite's
online backup API while the bot runs, checked with `PRAGMA integrity_check`; for PostgreSQL,
the `pg_dump` line to run instead (status 2). Either way, a reminder of what the copy lacks:
the stored files and DATA_KEY. No secret is printed."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from bot.app.commands import CommandError
from bot.app.settings import Settings

PARTIAL = ".partial"  # the copy is written beside FILE under this suffix, then renamed


def register(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "backup", help="copy the SQLite database while the bot runs (PostgreSQL: prints the "
        "pg_dump command to run)")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to write the copy")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(execute=execute)


async def execute(args: argparse.Namespace, settings: Settings) -> int:
    from db.engine import is_sqlite, sqlite_file

    out: Path = args.out.resolve()
    if not is_sqlite(settings.database_url):
        print("pakn: PostgreSQL is backed up with pg_dump, not by pakn. Run, as a user that may "
              "read the database (the password from ~/.pgpass or PGPASSWORD):", file=sys.stderr)
        print(f"  {pg_dump_command(settings.database_url, out)}", file=sys.stderr)
        for line in reminders(settings):
            print(line, file=sys.stderr)
        return 2
    source = sqlite_file(settings.database_url)
    if source is None:
        raise CommandError("DATABASE_URL names an in-memory database: there is nothing to copy")
    if not source.exists():
        raise CommandError(f"no database at {source} (DATABASE_URL)")
    if out == source:
        raise CommandError("--out names the database itself")
    if out.is_dir():
        raise CommandError(f"{out} is a folder; --out names the copy's file")
    if out.exists() and not args.force:
        raise _exists(out)
    if not out.parent.is_dir():
        raise CommandError(f"no folder {out.parent} for --out")
    size = await asyncio.to_thread(copy_sqlite, source, out, args.force)
    print(f"wrote {out} ({size:,} bytes; integrity_check: ok)")
    for line in reminders(settings):
        print(line)
    return 0


def copy_sqlite(source: Path, out: Path, force: bool) -> int:
    """Copies `source` to `out` in one step of the backup API: one read transaction, so the
    copy is the database as of one commit, while the bot goes on writing (WAL). The copy is
    written beside `out`, readable by its owner only, checked, then renamed; its size."""
    partial = out.with_name(out.name + PARTIAL)
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with closing(_open(source)) as src, closing(_open(partial)) as dst:
            src.execute("PRAGMA busy_timeout=30000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            verdict = [row[0] for row in dst.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise CommandError("the copy failed PRAGMA integrity_check: "
                               + "; ".join(verdict[:3]))
        if force:
            os.replace(partial, out)
        else:
            os.link(partial, out)  # fails if `out` appeared meanwhile: never overwritten
    except FileExistsError:
        raise _exists(out) from None
    except (sqlite3.Error, OSError) as error:  # e.g. a full disk: no secret in these messages
        raise CommandError(f"the copy failed: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return out.stat().st_size


def _exists(out: Path) -> CommandError:
    return CommandError(f"{out} exists; choose another name or add --force to replace it")


def _open(path: Path) -> sqlite3.Connection:
    """A connection that never creates a missing file."""
    return sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)


def pg_dump_command(url: str, out: Path) -> str:
    """`pg_dump` for DATABASE_URL, in libpq's spelling and without the password."""
    from sqlalchemy import URL, make_url

    parsed = make_url(url)
    query = {("sslmode" if key == "ssl" else key): value for key, value in parsed.query.items()}
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host,
                       port=parsed.port, database=parsed.database, query=query)
    return shlex.join(["pg_dump", "--format=custom", "--file", str(out),
                       plain.render_as_string(hide_password=False)])


def reminders(settings: Settings) -> list[str]:
    """What the copy does not hold, one line each."""
    if settings.storage_url:
        from handlers.s3.client import parse_location

        bucket = parse_location(settings.storage_url).shown()
        files = (f"files: citizens' attachments are in {bucket} (STORAGE_URL), not in this "
                 "copy: back up the bucket too")
    else:
        files = (f"files: citizens' attachments are in {settings.storage_dir.resolve()} "
                 "(STORAGE_DIR), not in this copy: back up that folder too")
    if settings.data_key is not None:
        key = ("DATA_KEY: not in this copy: keep it too, apart from the copy; without it the "
               "contacts' names, phones and addresses in the copy cannot be read")
    else:
        key = ("DATA_KEY: not set, so the key sealing the contacts is inside this copy: whoever "
               "holds the copy can read them (set DATA_KEY, then `pakn privacy rotate-key`)")
    return [files, key]
