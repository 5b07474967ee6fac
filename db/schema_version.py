"""Whether a database's schema is at the head of the migrations, read without loading Alembic
(a report command only checks; bootstrap and `pakn db upgrade` migrate)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)",
                   re.MULTILINE)


def head_revision(folder: Path = VERSIONS) -> str:
    """The one revision no other migration revises."""
    revisions, revised = set(), set()
    for path in folder.glob("*.py"):
        for kind, value in _LINE.findall(path.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else revised).add(value)
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


async def current_revision(connection: AsyncConnection) -> str | None:
    """The revision the database was migrated to; None for a database never migrated."""
    try:
        result = await connection.execute(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return None
    return result.scalar()
