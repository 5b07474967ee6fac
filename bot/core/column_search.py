"""The Hỏi - Đáp column as the portal reads it: the published items searched with the FAQ
matcher, filtered by field and month, a page at a time. The matcher is rebuilt only when an
item changed (any instance may have approved or taken one down)."""

from __future__ import annotations

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


def valid_month(text: str | None) -> bool:
    return text is None or MONTH.fullmatch(text) is not None


class ColumnReader:
    """Reads the published column for the HTTP handlers; holds the last build of its matcher."""

    def __init__(self, uow: UnitOfWorkFactory, tz: ZoneInfo) -> None:
        self._uow = uow
        self._tz = tz
        self._version: object = None
        self._items: tuple[PublishedAnswer, ...] = ()
        self._matcher = FaqMatcher(())

    async def items(self) -> tuple[PublishedAnswer, ...]:
        """Every published item, newest first (rebuilt when the column changed)."""
        async with self._uow.reader() as work:
            version = await work.publications.version()
            if version != self._version:
                items = tuple(await work.publications.published())
                self._matcher = FaqMatcher(
                    FaqEntry(str(i.id), i.question, (), i.answer, i.field or "") for i in items)
                self._items, self._version = items, version
        return self._items

    async def item(self, item_id: int) -> PublishedAnswer | None:
        async with self._uow.reader() as work:
            return await work.publications.published_one(item_id)

    async def page(self, query: ColumnQuery) -> ColumnPage:
        """The query's page: the matcher's order for a search, newest first otherwise."""
        items = await self.items()
        text = query.text.strip()[:MAX_QUERY]
        found = items
        if text:
            by_id = {str(i.id): i for i in items}
            found = tuple(by_id[e.id] for e in self._matcher.search(text, len(items)))
        found = tuple(i for i in found if self._fits(i, query))
        pages = max(1, math.ceil(len(found) / PAGE_SIZE))
        page = min(max(1, query.page), pages)
        start = (page - 1) * PAGE_SIZE
        months = tuple(dict.fromkeys(self.month_of(i.published_at) for i in items))
        fields = tuple(dict.fromkeys(i.field for i in items if i.field))
        return ColumnPage(ColumnQuery(text, query.field, query.month, page),
                          found[start:start + PAGE_SIZE], len(found), pages, months, fields)

    def month_of(self, moment: datetime | None) -> str:
        return moment.astimezone(self._tz).strftime("%Y-%m") if moment else ""

    def _fits(self, item: PublishedAnswer, query: ColumnQuery) -> bool:
        if query.field and item.field != query.field:
            return False
        return not query.month or self.month_of(item.published_at) == query.month
