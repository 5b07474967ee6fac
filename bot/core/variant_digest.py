"""The admins' daily digest of questions proposed as FAQ variants (issue 12): the proposals not
yet shown whose objection window has closed, each with «Duyệt» and «Bỏ qua», posted to the staff
group as a few messages ("phần 1/3", …) instead of one message per proposal."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
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
# Five messages carry 45-75 proposals of the usual length (80 characters, 0-2 close entries),
# about 25 at the longest (300 characters, three close entries): as many as admins decide in
# one sitting, and the staff group, where tickets are handled, is not flooded (a bot may send
# 20 messages a minute to a group: https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
# The rest waits for the next digest, or `pakn faq variants review`.
MAX_PARTS = 5
QUESTION_CHARS = 300  # the full question: `pakn faq variants list`
ENTRY_CHARS = 120
MAX_WAITING = 1000  # counted for the "more" line


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@dataclass
class _Part:
    items: list[str] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    shown: list[int] = field(default_factory=list)


class DigestMessages:
    """The digest of one day, filled item by item into at most MAX_PARTS messages, each within
    one Telegram message; the numbers are the proposals' own, so they run on across parts."""

    def __init__(self, catalog: Catalog, day: date, waiting: int) -> None:
        self._catalog, self._day, self._waiting = catalog, day, waiting
        self._parts = [_Part()]

    @property
    def shown(self) -> list[int]:
        """The proposals added, in order."""
        return [number for part in self._parts for number in part.shown]

    def add(self, proposal: VariantProposal, entry_question: str | None,
            close: list[str]) -> bool:
        """Adds one proposal with its buttons; False (nothing added) when no part has room."""
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
        if not self._fits(item, buttons):
            if not self._parts[-1].shown or len(self._parts) == MAX_PARTS:
                return False
            self._parts.append(_Part())
            if not self._fits(item, buttons):
                self._parts.pop()
                return False
        part = self._parts[-1]
        part.items.append(item)
        part.buttons += buttons
        part.shown.append(proposal.id)
        return True

    def replies(self) -> list[tuple[int, Reply]]:
        """Each part's message with the first proposal it shows; the last counts those left."""
        parts = [p for p in self._parts if p.shown]
        left, out = self._waiting - len(self.shown), []
        for number, part in enumerate(parts, start=1):
            texts = [*self._head(number, len(parts)), *part.items]
            if number == len(parts) and left > 0:
                texts.append(self._more(left))
            out.append((part.shown[0], Reply(self._text(texts), tuple(part.buttons))))
        return out

    def _fits(self, item: str, buttons: list[Button]) -> bool:
        # The longest head this part could get: numbered, and as many digits as MAX_PARTS.
        part = self._parts[-1]
        head = self._head(len(self._parts), MAX_PARTS)
        text = self._text([*head, *part.items, item, self._more(self._waiting)])
        return len(text) <= MAX_TEXT and len(part.buttons) + len(buttons) <= MAX_BUTTONS

    def _head(self, number: int, count: int) -> list[str]:
        t, day = self._catalog.text, day_text(self._day)
        title = (t("staff.fv.digest.title", count=self._waiting, date=day) if count == 1 else
                 t("staff.fv.digest.title_part", count=self._waiting, date=day, part=number,
                   parts=count))
        return [title, t("staff.fv.digest.intro")] if number == 1 else [title]

    def _more(self, left: int) -> str:
        return self._catalog.text("staff.fv.digest.more", n=left)

    @staticmethod
    def _text(parts: list[str]) -> str:
        return "\n\n".join(parts)


class VariantDigestJob:
    """Posts the day's digest to the staff group and marks what it shows as announced, in one
    transaction: nothing is shown twice, and a proposal decided or withdrawn before is not. All
    parts are queued in that transaction (a failure queues none); the outbox then sends them in
    order and retries one that fails without sending the others again."""

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
            digest = DigestMessages(self._catalog, today, len(waiting))
            for proposal in waiting[:MAX_PARTS * MAX_BUTTONS // len(DECISIONS)]:
                entry = self._faq.get(proposal.entry_id)
                close = [e.question for e in await neighbours(self._faq, self._catalog, proposal)]
                if not digest.add(proposal, entry.question if entry else None, close):
                    break
            replies = digest.replies()
            if not replies:
                return 0
            staff = UserRef(Channel.TELEGRAM, str(self._staff_chat_id))
            for first, reply in replies:
                # Each proposal is shown once, so the first one a part shows names that part.
                await work.outbox.add(staff, reply, dedupe_key=f"fv-digest:{first}")
            await work.variants.announce(digest.shown, now)
            await work.commit()
        log.info("variant digest: %d proposal(s) shown in %d message(s), %d left",
                 len(digest.shown), len(replies), len(waiting) - len(digest.shown))
        return len(digest.shown)
