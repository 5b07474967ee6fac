"""The daily digest (DESIGN §1): due today, due on the next working day, overdue and unassigned
tickets, to the staff group and every leader, once per working day.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, tzinfo

from bot.core.calendar import WorkingCalendar
from bot.core.calendar_overrides import bundled_overrides, merged, missing_decisions
from bot.core.catalog import Catalog
from bot.core.deadlines import END_OF_DAY
from bot.core.messages import Channel, Reply, UserRef
from bot.core.ports import UnitOfWorkFactory
from bot.core.staff.leaders import leader_ids
from bot.core.staff_notices import MAX_CODES, Digest, digest_text

log = logging.getLogger(__name__)
DIGEST_AT = time(8, 0)  # local time, working days only


class DigestJob:
    """Builds and queues the digest; a second run on the same day queues nothing."""

    def __init__(self, uow: UnitOfWorkFactory, calendar: WorkingCalendar, catalog: Catalog,
                 tz: tzinfo, staff_chat_id: int | None) -> None:
        self._uow, self._calendar, self._catalog = uow, calendar, catalog
        self._tz, self._staff_chat_id = tz, staff_chat_id

    async def run(self, now: datetime) -> int:
        """Queues the digest of `now`'s day if it is a working day; returns messages queued."""
        today = now.astimezone(self._tz).date()
        if not self._calendar.is_working_day(today):
            return 0
        next_day = self._calendar.add_working_days(today, 1)
        async with self._uow() as work:
            lines = await work.reminders.digest_lines(
                now,
                datetime.combine(today, END_OF_DAY, tzinfo=self._tz),
                datetime.combine(next_day, END_OF_DAY, tzinfo=self._tz),
                MAX_CODES,
            )
            digest = Digest(today, next_day, **lines)
            leaders = await leader_ids(work)
            chats = ([self._staff_chat_id] if self._staff_chat_id is not None else []) + leaders
            text = digest_text(self._catalog, digest)
            stored = await work.calendar.all()
            if (year := missing_decisions(today, merged(bundled_overrides(), stored))):
                log.warning("calendar: no decision entered for %d (swaps, Tết placement)", year)
                text += "\n\n" + self._catalog.text("staff.digest.calendar_unconfirmed", year=year)
            for chat in chats:
                await work.outbox.add(UserRef(Channel.TELEGRAM, str(chat)), Reply(text),
                                      dedupe_key=f"digest:{today.isoformat()}:{chat}")
            await work.commit()
        if not chats:
            log.warning("daily digest not sent: no staff chat and no leader")
        return len(chats)

