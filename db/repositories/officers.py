"""Registered officers and their roles; only they may act on tickets."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.ports import Officer
from db.models import OfficerRow
from db.repositories.base import SqlRepository


def _officer(row: OfficerRow) -> Officer:
    return Officer(row.telegram_id, row.name, row.role, row.unit, row.id)


class SqlOfficerRepository(SqlRepository):
    async def add(self, officer: Officer) -> None:
        """Registers an officer, or updates name, role and unit of one already known."""
        row = await self.session.scalar(
            select(OfficerRow).where(OfficerRow.telegram_id == officer.telegram_id)
        )
        if row is None:
            row = OfficerRow(telegram_id=officer.telegram_id)
            self.session.add(row)
        row.name, row.role, row.unit, row.active = officer.name, officer.role, officer.unit, True
        await self.session.flush()

    async def remove(self, telegram_id: int) -> bool:
        """Deactivates the officer (their past actions stay attributed); False if unknown."""
        row = await self.session.scalar(
            select(OfficerRow).where(OfficerRow.telegram_id == telegram_id, OfficerRow.active)
        )
        if row is None:
            return False
        row.active = False
        return True

    async def all(self) -> list[Officer]:
        rows = await self.session.scalars(
            select(OfficerRow).where(OfficerRow.active).order_by(OfficerRow.name)
        )
        return [_officer(row) for row in rows]

    async def get(self, officer_id: int) -> Officer | None:
        row = await self.session.get(OfficerRow, officer_id)
        return _officer(row) if row else None

    async def by_telegram_id(self, telegram_id: int, *, former: bool = False) -> Officer | None:
        """The registered officer; with `former`, also one registered once (a ticket's history
        names who acted)."""
        query = select(OfficerRow).where(OfficerRow.telegram_id == telegram_id)
        row = await self.session.scalar(query if former else query.where(OfficerRow.active))
        return _officer(row) if row else None
