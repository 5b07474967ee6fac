"""The live FAQ, stored so that staff can add entries and variants while the bot runs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select

from db.models import FaqEntryRow
from db.repositories.base import SqlRepository
from faq.entries import FaqEntry


def _entry(row: FaqEntryRow) -> FaqEntry:
    return FaqEntry(row.id, row.question, tuple(row.variants.get("items", ())), row.answer,
                    row.category)


class SqlFaqRepository(SqlRepository):
    async def all(self) -> list[FaqEntry]:
        rows = await self.session.scalars(select(FaqEntryRow).order_by(FaqEntryRow.id))
        return [_entry(row) for row in rows]

    async def get(self, entry_id: str) -> FaqEntry | None:
        row = await self.session.get(FaqEntryRow, entry_id)
        return _entry(row) if row else None

    async def upsert(self, entries: Sequence[FaqEntry]) -> int:
        """Adds new entries and replaces changed ones; returns how many were written."""
        written = 0
        for entry in entries:
            row = await self.session.get(FaqEntryRow, entry.id)
            values = {"question": entry.question, "variants": {"items": list(entry.variants)},
                      "answer": entry.answer, "category": entry.category}
            if row is None:
                self.session.add(FaqEntryRow(id=entry.id, updated_at=self.clock.now(), **values))
            elif any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.updated_at = self.clock.now()
            else:
                continue
            written += 1
        await self.session.flush()
        return written

    async def remove(self, entry_ids: Sequence[str]) -> int:
        """Deletes the entries (e.g. a Hỏi - Đáp item taken down); returns how many."""
        result = await self.session.execute(
            delete(FaqEntryRow).where(FaqEntryRow.id.in_(list(entry_ids))))
        return int(result.rowcount or 0)

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(FaqEntryRow)) or 0)
