"""The Hỏi - Đáp column as the portal reads it: the published items searched with the FAQ
matcher, filtered by field and month, a page at a time. The items are re-read whenever any
changed (any instance may have approved or taken one down), so lists are always exact; the
matcher, slow to build for thousands of items, is rebuilt in a thread meanwhile, and a search
in between uses the previous one over the current items. Searches run in a thread too."""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.column import PublishedAnswer
from bot.core.ports import UnitOfWorkFactory
from faq.entries import FaqEntry
from faq.matcher import FaqMatcher

PAGE_SIZE = 10
MAX_QUERY = 200  # a search box, not a document
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class ColumnQuery:
    text: str = ""
    field: str | None = None
    month: str | None = None  # YYYY-MM, in the agency's time zone
    page: int = 1


@dataclass(frozen=True)
class ColumnPage:
    query: ColumnQuery
    items: tuple[PublishedAnswer, ...]
    total: int
    pages: int
    months: tuple[str, ...]  # months with items, newest first (the filter's choices)
    fields: tuple[str, ...]  # fields with items (the filter's choices)


@dataclass(frozen=True)
class _Snapshot:
    items: tuple[PublishedAnswer, ...] = ()
    months: dict[int, str] | None = None  # item id → YYYY-MM

    def by_id(self) -> dict[str, PublishedAnswer]:
        return {str(item.id): item for item in self.items}


def valid_month(text: str | None) -> bool:
    return text is None or MONTH.fullmatch(text) is not None


def _matcher(items: tuple[PublishedAnswer, ...]) -> FaqMatcher:
    return FaqMatcher(FaqEntry(str(i.id), i.question, (), i.answer, i.field or "")
                      for i in items)


class ColumnReader:
    """Reads the published column for the HTTP handlers; holds the last read and matcher."""

    def __init__(self, uow: UnitOfWorkFactory, tz: ZoneInfo) -> None:
        self._uow = uow
        self._tz = tz
        self._version: object = None
        self._now = _Snapshot()
        self._matcher: FaqMatcher | None = None
        self._building: asyncio.Task[None] | None = None
        self._stale = False

    async def items(self) -> tuple[PublishedAnswer, ...]:
        """Every published item, newest first."""
        return (await self._snapshot()).items

    async def item(self, item_id: int) -> PublishedAnswer | None:
        async with self._uow.reader() as work:
            return await work.publications.published_one(item_id)

    async def page(self, query: ColumnQuery) -> ColumnPage:
        """The query's page: the matcher's order for a search, newest first otherwise."""
        snap = await self._snapshot()
        text = query.text.strip()[:MAX_QUERY]
        found = snap.items
        if text:
            if self._matcher is None and self._building is not None:
                await asyncio.shield(self._building)  # the first build: nothing to use yet
            current, matcher = snap.by_id(), self._matcher
            # Milliseconds to tens of them over thousands of items: a thread's, not the loop's.
            ranked = await asyncio.to_thread(matcher.search, text, len(current)) if matcher else []
            found = tuple(current[e.id] for e in ranked if e.id in current)
        months = snap.months or {}
        found = tuple(i for i in found if (not query.field or i.field == query.field)
                      and (not query.month or months.get(i.id) == query.month))
        pages = max(1, math.ceil(len(found) / PAGE_SIZE))
        page = min(max(1, query.page), pages)
        start = (page - 1) * PAGE_SIZE
        return ColumnPage(ColumnQuery(text, query.field, query.month, page),
                          found[start:start + PAGE_SIZE], len(found), pages,
                          tuple(dict.fromkeys(months.values())),
                          tuple(dict.fromkeys(i.field for i in snap.items if i.field)))

    async def _snapshot(self) -> _Snapshot:
        async with self._uow.reader() as work:
            version = await work.publications.version()
            if version != self._version:
                items = tuple(await work.publications.published())
                months = {i.id: self._month(i.published_at) for i in items}
                self._now, self._version = _Snapshot(items, months), version
                self._rebuild()
        return self._now

    def _rebuild(self) -> None:
        if self._building is not None and not self._building.done():
            self._stale = True  # the running build starts again when it ends
            return
        self._building = asyncio.create_task(self._build())

    async def _build(self) -> None:
        while True:
            self._stale = False
            self._matcher = await asyncio.to_thread(_matcher, self._now.items)
            if not self._stale:
                return

    def _month(self, moment: datetime | None) -> str:
        return moment.astimezone(self._tz).strftime("%Y-%m") if moment else ""
