"""The database alone, for the commands that only read it (reports, forms, exports): no FAQ
index, no core, no channels, so that a month's form is not kept waiting while the whole
application is built (bot.app.bootstrap); the errors an operator sees when it cannot open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.settings import Settings
from bot.core.calendar_overrides import as_flags, bundled_overrides, merged
from bot.core.ports import Clock, StoreUnavailable
from db.engine import create_engine, is_sqlite, session_factory, sqlite_file
from db.schema_version import current_revision, head_revision
from db.uow import SqlUnitOfWorkFactory


class StartupError(RuntimeError):
    """pakn cannot start; the message is one line for the operator, with no password in it."""


def unreachable(url: str, error: Exception) -> StartupError:
    """The operator's line for a database that cannot be opened (no password in it)."""
    if isinstance(error, StoreUnavailable) and error.__cause__ is not None:
        error = error.__cause__  # the driver's own words
    reason = str(getattr(error, "orig", None) or error).splitlines()[0] or type(error).__name__
    shown = make_url(url).render_as_string(hide_password=True)
    return StartupError(f"cannot open the database {shown} (DATABASE_URL): {reason}")


def require_sqlite_file(url: str) -> None:
    """A SQLite file is found, never made by a command: one run from another folder must not
    start a second, empty database (only `pakn run` and `pakn db upgrade` create one)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise StartupError(f"no database at {path} (DATABASE_URL); run this command from the "
                           f"folder of the running bot, or create it with `pakn db upgrade`")


async def calendar_overrides(uow: SqlUnitOfWorkFactory) -> dict[date, bool]:
    """The bundled overrides with the database's on top (DB wins)."""
    async with uow.reader() as work:
        return as_flags(merged(bundled_overrides(), await work.calendar.all()))


async def _migrated(engine: AsyncEngine, url: str) -> None:
    """Migrates only a database behind the code (Alembic loads in a few tenths of a second)."""
    async with engine.connect() as connection:
        current = await current_revision(connection)
    if current != head_revision():
        from db.migrate import upgrade_async

        await upgrade_async(url)


@asynccontextmanager
async def opened_database(settings: Settings,
                          clock: Clock) -> AsyncIterator[SqlUnitOfWorkFactory]:
    """DATABASE_URL's units of work for the length of a command (dating what they write by
    `clock`), migrated first if it is behind (as bootstrap does); StartupError when it cannot
    be opened."""
    url = settings.database_url
    require_sqlite_file(url)
    engine = create_engine(url)
    try:
        try:
            await _migrated(engine, url)
        except (OSError, SQLAlchemyError, StoreUnavailable) as error:
            raise unreachable(url, error) from None
        yield SqlUnitOfWorkFactory(session_factory(engine), clock, one_writer=is_sqlite(url))
    finally:
        await engine.dispose()
