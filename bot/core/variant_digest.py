"""The admins' daily digest of questions proposed as FAQ variants (issue 12): one message to the
staff group listing the proposals not yet shown whose objection window has closed, each with
«Duyệt» and «Bỏ qua», instead of one message per proposal."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, tzinfo

from bot.core.calendar import WorkingCalendar
from bot.core.catalog import Catalog
from bot.core.dates import day_text
from bot.core.faq_index import FaqIndex
from bot.core.faq_learning import VariantProposal
from bot.core.messages import Button, Channel, Reply, UserRef
from bot.core.ports import UnitOfWorkFactory
from bot.core.variant_review import DECISIONS, neighbours
from bot.core.variant_schedule import OBJECTION_WINDOW

log = logging.getLogger(__name__)
# One Telegram message: 4,096 characters (room kept for a marker or two counted in UTF-16)
# and 100 inline buttons (https://core.telegram.org/bots/api#sendmessage).
MAX_TEXT = 4000
MAX_BUTTONS = 100
QUESTION_CHARS = 300  # the full question: `pakn faq variants list`
ENTRY_CHARS = 120
MAX_WAITING = 1000  # counted for the "more" line


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class DigestMessage:
    """The digest of one day, filled item by item while it still fits one message."""

    def __init__(self, catalog: Catalog, day: date, waiting: int) -> None:
        self._catalog, self._waiting = catalog, waiting
        self._parts = [catalog.text("staff.fv.digest.title", count=waiting, date=day_text(day)),
                       catalog.text("staff.fv.digest.intro")]
        self._buttons: list[Button] = []
        self.shown: list[int] = []

    def add(self, proposal: VariantProposal, entry_question: str | None,
            close: list[str]) -> bool:
        """Adds one proposal with its buttons; False (nothing added) when it would not fit."""
        t = self._catalog.text
        item = t("staff.fv.digest.item", id=proposal.id, count=proposal.count,
                 question=_short(proposal.question, QUESTION_CHARS), entry=proposal.entry_id,
                 entry_question=_short(entry_question or "—", ENTRY_CHARS),
                 source=t(f"staff.fv.digest.source.{proposal.source}"))
        if close:
            item += "\n" + t("staff.fv.digest.neighbours", entries="; ".join(
                f"«{_short(question, ENTRY_CHARS)}»" for question in close))
        buttons = [Button(t(f"staff.button.{name}_n", id=proposal.id), f"st:{name}:{proposal.id}")
                   for name in DECISIONS]
        more = len(self._more(self._waiting)) + 2
        if (len(self._text([*self._parts, item])) + more > MAX_TEXT
                or len(self._buttons) + len(buttons) > MAX_BUTTONS):
            return False
        self._parts.append(item)
        self._buttons += buttons
        self.shown.append(proposal.id)
        return True

    def reply(self) -> Reply:
        """The message: the items added, and a line counting those left for another day."""
        parts, left = list(self._parts), self._waiting - len(self.shown)
        if left > 0:
            parts.append(self._more(left))
        return Reply(self._text(parts), tuple(self._buttons))

    def _more(self, left: int) -> str:
        return self._catalog.text("staff.fv.digest.more", n=left)

    @staticmethod
    def _text(parts: list[str]) -> str:
        return "\n\n".join(parts)


class VariantDigestJob:
    """Posts the day's digest to the staff group and marks what it shows as announced, in one
    transaction: nothing is shown twice, and a proposal decided or withdrawn before is not."""

    def __init__(self, uow: UnitOfWorkFactory, calendar: WorkingCalendar, catalog: Catalog,
                 faq: FaqIndex, tz: tzinfo, staff_chat_id: int | None,
                 window: timedelta = OBJECTION_WINDOW) -> None:
        self._uow, self._calendar, self._catalog, self._faq = uow, calendar, catalog, faq
        self._tz, self._staff_chat_id, self._window = tz, staff_chat_id, window

    async def run(self, now: datetime) -> int:
        """Queues the digest on a working day; returns how many proposals it shows."""
        today = now.astimezone(self._tz).date()
        if self._staff_chat_id is None or not self._calendar.is_working_day(today):
            return 0
        async with self._uow() as work:
            waiting = await work.variants.unannounced(now - self._window, MAX_WAITING)
            if not waiting:
                return 0
            message = DigestMessage(self._catalog, today, len(waiting))
            for proposal in waiting[:MAX_BUTTONS // len(DECISIONS)]:
                entry = self._faq.get(proposal.entry_id)
                close = [e.question for e in await neighbours(self._faq, self._catalog, proposal)]
                if not message.add(proposal, entry.question if entry else None, close):
                    break
            if not message.shown:
                return 0
            # Each proposal is shown once, so the first one shown names this digest.
            await work.outbox.add(UserRef(Channel.TELEGRAM, str(self._staff_chat_id)),
                                  message.reply(), dedupe_key=f"fv-digest:{message.shown[0]}")
            await work.variants.announce(message.shown, now)
            await work.commit()
        log.info("variant digest: %d proposal(s) shown, %d left", len(message.shown),
                 len(waiting) - len(message.shown))
        return len(message.shown)
