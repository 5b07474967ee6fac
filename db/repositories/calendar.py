"""Calendar overrides an admin stored (`pakn calendar set|import`); they beat the bundled file."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, select

from bot.core.calendar_overrides import DayOverride
from db.models import CalendarOverride
from db.repositories.base import SqlRepository


class SqlCalendarRepository(SqlRepository):
    async def all(self) -> dict[date, DayOverride]:
        """Every stored override, by day."""
        rows = await self.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
        return {row.day: DayOverride(row.day, row.working, row.note) for row in rows}

    async def put(self, overrides: Iterable[DayOverride]) -> int:
        """Adds or replaces overrides; returns how many were written."""
        count = 0
        for override in overrides:
            row = await self.session.get(CalendarOverride, override.day)
            if row is None:
                row = CalendarOverride(day=override.day)
                self.session.add(row)
            row.working, row.note = override.working, (override.note or "")[:300] or None
            count += 1
        await self.session.flush()
        return count

    async def remove(self, day: date) -> bool:
        """Deletes the stored override of `day`; False when there was none."""
        result = await self.session.execute(
            delete(CalendarOverride).where(CalendarOverride.day == day)
        )
        return bool(result.rowcount)
