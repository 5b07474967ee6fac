"""`pakn check`'s verdicts and its checks of what lives on this server: the database and its
migrations, ORG_FILE, FAQ_PATH, the file storage, DATA_KEY and Redis. No secret is ever put
into a verdict."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from redis.exceptions import RedisError
from sqlalchemy import make_url, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app.database import unreachable
from bot.app.organisation_file import OrganisationFileError, load_organisation
from bot.app.settings import Settings
from bot.app.storage import storage_for
from bot.core.ports import StoreUnavailable
from bot.relay.rate_limits import redacted, redis_client
from db.contact_cipher import PREFIX, ContactCipher, ContactKeyError
from db.engine import create_engine, sqlite_file
from db.models import TicketContact
from db.schema_version import current_revision, head_revision
from faq.loader import FaqFormatError, load_faq
from handlers.s3.client import parse_location

UPGRADE = "run `pakn db upgrade` (`pakn run` also migrates when it starts)"


class Mark(StrEnum):
    OK = "✓"
    WARN = "⚠"
    FAIL = "✗"
    OFF = "–"  # a channel that is not configured


@dataclass(frozen=True)
class Verdict:
    """One line of `pakn check`: what was checked, what was found, and what to do."""

    mark: Mark
    subject: str
    reason: str
    fix: str = ""

    def line(self) -> str:
        return f"{self.mark} {self.subject}: {self.reason}" + (f" → {self.fix}" if self.fix
                                                               else "")


def ok(subject: str, reason: str) -> Verdict:
    return Verdict(Mark.OK, subject, reason)


def warn(subject: str, reason: str, fix: str = "") -> Verdict:
    return Verdict(Mark.WARN, subject, reason, fix)


def fail(subject: str, reason: str, fix: str) -> Verdict:
    return Verdict(Mark.FAIL, subject, reason, fix)


def off(subject: str, reason: str) -> Verdict:
    return Verdict(Mark.OFF, subject, reason)


async def check_database(settings: Settings) -> tuple[Verdict, AsyncEngine | None]:
    """Reachable and at the migrations' head; the engine (to be disposed) when it is."""
    url = settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return fail("database", f"no database at {path}",
                    f"{UPGRADE}, in the bot's folder"), None
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            current = await current_revision(connection)
    except (OSError, SQLAlchemyError, StoreUnavailable) as error:
        await engine.dispose()
        return fail("database", str(unreachable(url, error)),
                    "check DATABASE_URL, and that the server runs and lets this user in"), None
    head = head_revision()
    if current != head:
        await engine.dispose()
        state = "never migrated" if current is None else f"at migration {current}, not {head}"
        return fail("database", f"{shown} is {state}", UPGRADE), None
    return ok("database", f"{shown}, at the latest migration ({head})"), engine


def check_organisation(settings: Settings) -> Verdict:
    try:
        org = load_organisation(settings.org_file)
    except OrganisationFileError as error:
        return fail("ORG_FILE", str(error), "correct the file (bot/data/org.yaml shows every key)")
    if settings.org_file is None:
        return warn("ORG_FILE", f"not set: citizens are shown the demo agency «{org.name}»",
                    "copy bot/data/org.yaml, describe your agency in it and set ORG_FILE")
    return ok("ORG_FILE", f"{settings.org_file}: «{org.name}», {len(org.fields)} fields, "
                          f"{len(org.units)} units")


def check_faq(settings: Settings) -> Verdict:
    try:
        entries = load_faq(settings.faq_path)
    except FaqFormatError as error:
        return fail("FAQ_PATH", str(error), "correct the line named (README \"Commands\": "
                                            "`pakn faq import` reads the same format)")
    where = settings.faq_path or "not set, the bundled FAQ"
    return ok("FAQ_PATH", f"{where}: {len(entries)} entries")


async def check_storage(settings: Settings) -> Verdict:
    if settings.storage_url is None:
        return check_folder(settings.storage_dir.resolve())
    shown = parse_location(settings.storage_url).shown()
    storage = storage_for(settings)
    try:
        await storage.check()
    except OSError as error:
        return fail("STORAGE_URL", f"cannot use {shown}: {error}",
                    "check the bucket's name, its endpoint and STORAGE_ACCESS_KEY and "
                    "STORAGE_SECRET_KEY")
    finally:
        await storage.close()
    return ok("STORAGE_URL", f"{shown} answers")


def check_folder(folder: Path) -> Verdict:
    """STORAGE_DIR writable, or creatable where it does not exist yet (at the first file)."""
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    fix = f"let the user running pakn write in {existing} (or set STORAGE_DIR elsewhere)"
    if not existing.is_dir():
        return fail("STORAGE_DIR", f"{existing} is not a folder", "set STORAGE_DIR to a folder")
    if existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            return fail("STORAGE_DIR", f"{folder} cannot be created", fix)
        return ok("STORAGE_DIR", f"{folder} is created at the first file")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return fail("STORAGE_DIR", f"cannot write in {folder} ({error.strerror})", fix)
    return ok("STORAGE_DIR", f"{folder} is writable")


async def check_data_key(settings: Settings, engine: AsyncEngine | None) -> Verdict:
    """README "Personal data": without DATA_KEY the contacts' key sits in the database; with
    it, the stored contacts must open with it (or be re-keyed by `pakn privacy rotate-key`)."""
    if settings.data_key is None:
        return warn("DATA_KEY", "not set: contacts are sealed with a key kept in the database "
                    "itself, so a stolen copy of the database opens them",
                    "set DATA_KEY to a long random string, then run `pakn privacy rotate-key`")
    if settings.data_key_old is not None:
        return warn("DATA_KEY", "set, and DATA_KEY_OLD too: a change of key is under way",
                    "run `pakn privacy rotate-key`, then remove DATA_KEY_OLD")
    if engine is not None and not await _opens(engine, settings.data_key.get_secret_value()):
        return fail("DATA_KEY", "set, but the latest stored contact does not open with it "
                    "(sealed with another key)", "put back the DATA_KEY it was sealed with, or "
                    "set DATA_KEY_OLD to that key (unset: the generated one) and run "
                    "`pakn privacy rotate-key`")
    return ok("DATA_KEY", "set")


async def _opens(engine: AsyncEngine, key: str) -> bool:
    """Whether the latest sealed phone number opens with `key` (True when none is stored)."""
    query = (select(TicketContact.ticket_id, TicketContact.phone)
             .where(TicketContact.phone.startswith(PREFIX))
             .order_by(TicketContact.ticket_id.desc()).limit(1))
    async with engine.connect() as connection:
        row = (await connection.execute(query)).first()
    if row is None:
        return True
    try:
        ContactCipher(key.encode()).open(row.phone, "phone", row.ticket_id)
    except ContactKeyError:
        return False
    return True


async def check_redis(settings: Settings) -> Verdict:
    if settings.redis_url is None:
        return off("Redis", "not configured (REDIS_URL): each instance paces its own sending")
    client = redis_client(settings.redis_url)
    where = redacted(settings.redis_url)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        return fail("Redis", f"{where} does not answer ({type(error).__name__})",
                    "check REDIS_URL, and that Redis runs and lets this client in")
    finally:
        await client.aclose()
    return ok("Redis", f"{where} answers")
