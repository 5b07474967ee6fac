"""The reminder and escalation job: finds tickets whose clock calls for a reminder and queues
each reminder once, in the transaction that records it as sent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.core.catalog import Catalog
from bot.core.messages import Channel, Reply, UserRef
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.core.reminders import ReminderKind, ReminderSchedule, ReminderTarget
from bot.core.staff_notices import reminder_text

log = logging.getLogger(__name__)


@dataclass
class ReminderReport:
    """What one run did: reminders sent, messages queued, reminders nobody could receive."""

    reminders: int = 0
    messages: int = 0
    unaddressed: int = 0
    quiet: bool = False


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    thread_id: int | None = None
    to_group: bool = False


class ReminderJob:
    """Runs the reminders once per call; safe to run twice or on two instances at once."""

    def __init__(self, uow: UnitOfWorkFactory, schedule: ReminderSchedule, catalog: Catalog,
                 tz: tzinfo, staff_chat_id: int | None) -> None:
        self._uow, self._schedule, self._catalog = uow, schedule, catalog
        self._tz, self._staff_chat_id = tz, staff_chat_id

    async def run(self, now: datetime) -> ReminderReport:
        """Queues what is due at `now` and commits."""
        report = ReminderReport(quiet=self._schedule.is_quiet(now))
        if report.quiet:
            return report
        async with self._uow() as work:
            targets = await work.reminders.targets(self._schedule.horizon(now))
            leaders = [o.telegram_id for o in await work.officers.all() if o.role == "leader"]
            # Ticket order, so that two instances claim in the same order and never deadlock.
            for target in sorted(targets, key=lambda t: t.ticket_id):
                kind = await self._claim(work, target, now)
                if kind is None:
                    continue
                report.reminders += 1
                sent = await self._queue(work, target, kind, now, leaders)
                report.messages += sent
                report.unaddressed += not sent
            await work.commit()
        if report.unaddressed:
            log.warning("%d reminder(s) had no recipient (no assignee, no staff chat)",
                        report.unaddressed)
        return report

    async def _claim(
        self, work: UnitOfWork, target: ReminderTarget, now: datetime
    ) -> ReminderKind | None:
        due = self._schedule.due_kinds(target.start, target.due_at, now)
        if not due:
            return None
        # The older kinds are recorded too, unsent: after downtime only the latest one goes.
        claimed = await work.reminders.claim(target.ticket_id, target.key, due, now)
        return due[-1] if due[-1] in claimed else None

    async def _queue(self, work: UnitOfWork, target: ReminderTarget, kind: ReminderKind,
                     now: datetime, leaders: list[int]) -> int:
        days_left = self._schedule.working_days_left(target.due_at, now)
        group = self._group(target)
        if kind is ReminderKind.OVERDUE:
            recipients = [Recipient(chat) for chat in leaders]
            recipients += [group] if group else []
        elif target.assignee_telegram_id is not None:
            recipients = [Recipient(target.assignee_telegram_id)]
        else:
            recipients = [group] if group else []
        for recipient in recipients:
            text = reminder_text(self._catalog, kind, target, days_left, self._tz,
                                 to_group=recipient.to_group)
            await work.outbox.add(
                UserRef(Channel.TELEGRAM, str(recipient.chat_id)), Reply(text),
                dedupe_key=f"reminder:{target.ticket_id}:{target.key}:{kind}:{recipient.chat_id}",
                thread_id=recipient.thread_id,
            )
        return len(recipients)

    def _group(self, target: ReminderTarget) -> Recipient | None:
        if target.staff_chat_id is not None:
            return Recipient(target.staff_chat_id, target.staff_thread_id, to_group=True)
        if self._staff_chat_id is not None:
            return Recipient(self._staff_chat_id, to_group=True)
        return None
