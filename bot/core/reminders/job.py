"""The reminder and escalation job: finds tickets whose next reminder is due (by
`next_reminder_at`), queues each reminder once, in the transaction that records it as sent,
and moves each ticket on to its next reminder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.core.catalog import Catalog
from bot.core.messages import Channel, Reply, UserRef
from bot.core.notice_clocks import pending_duty
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.core.reminders.kinds import (
    OVERDUE_LOOKBACK,
    ReminderKind,
    ReminderSchedule,
    ReminderTarget,
)
from bot.core.reminders.take_up import (
    CLAIM_KEY,
    CLAIM_KIND,
    CLAIM_NOTICE_WINDOW,
    unclaimed_text,
)
from bot.core.reminders.times import next_reminder_at
from bot.core.reminders.urgent import UrgentCards, urgent_kinds, urgent_reminder_text
from bot.core.staff.leaders import leader_ids
from bot.core.staff_notices import reminder_text
from bot.core.urgency import URGENT_KEY

log = logging.getLogger(__name__)
BATCH = 500  # tickets per transaction


@dataclass
class ReminderReport:
    """What one run did: tickets looked at, reminders sent, messages queued, reminders nobody
    could receive; requests named for waiting unclaimed (take_up) apart from the reminders."""

    tickets: int = 0
    reminders: int = 0
    unclaimed: int = 0
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
                 tz: tzinfo, staff_chat_id: int | None, batch: int = BATCH,
                 cards: UrgentCards | None = None) -> None:
        self._uow, self._schedule, self._catalog = uow, schedule, catalog
        self._tz, self._staff_chat_id, self._batch = tz, staff_chat_id, batch
        self._cards = cards

    async def run(self, now: datetime) -> ReminderReport:
        """Queues what is due at `now`, a batch per transaction, until nothing is due."""
        report = ReminderReport(quiet=self._schedule.is_quiet(now))
        if report.quiet:
            return report
        # Each batch moves its tickets' next_reminder_at past `now`, so the loop ends.
        while await self._run_batch(now, report) == self._batch:
            pass
        await self._run_urgent(now, report)
        await self._run_unclaimed(now, report)
        if report.unaddressed:
            log.warning("%d reminder(s) had no recipient (no assignee, no staff chat)",
                        report.unaddressed)
        return report

    async def _run_batch(self, now: datetime, report: ReminderReport) -> int:
        async with self._uow() as work:
            targets = await work.reminders.due(now, self._batch)
            if not targets:
                return 0
            leaders = await leader_ids(work)
            moments: dict[int, datetime | None] = {}
            # Ticket order, so that two instances claim in the same order and never deadlock.
            for target in sorted(targets, key=lambda t: t.ticket_id):
                due = self._schedule.due_kinds(target.start, target.due_at, now)
                kind = await self._claim(work, target, due, now)
                if kind is not None:
                    report.reminders += 1
                    sent = await self._queue(work, target, kind, now, leaders)
                    report.messages += sent
                    report.unaddressed += not sent
                # Every kind due now is recorded by now (here or by another run), delivered
                # or not, so the ticket moves on to its next kind.
                moments[target.ticket_id] = self._next(target, due, now)
            report.tickets += len(targets)
            await work.reminders.reschedule(moments)
            await work.commit()
        return len(targets)

    async def _run_urgent(self, now: datetime, report: ReminderReport) -> None:
        """The urgent clocks (bot.core.urgency), in working hours: few, all looked at each run,
        their cards' time left kept current."""
        clock = self._schedule.policy.urgent
        async with self._uow() as work:
            targets = await work.reminders.urgent_running(now - OVERDUE_LOOKBACK, self._batch)
            if not targets:
                return
            leaders = await leader_ids(work)
            for target in sorted(targets, key=lambda t: t.ticket_id):
                if self._cards is not None:
                    await self._cards.refresh_urgent(work, target.ticket_id, now)
                due = urgent_kinds(clock, target.start, target.due_at, now)
                kind = await self._claim(work, target, due, now)
                if kind is None:
                    continue
                report.reminders += 1
                left = clock.left(target.due_at, now)
                recipients = self._recipients(target, kind, leaders)
                for recipient in recipients:
                    text = urgent_reminder_text(self._catalog, kind, target, left, self._tz,
                                                to_group=recipient.to_group)
                    # A flag taken off and set again is a new clock: its own messages.
                    await self._send(work, target, kind, recipient, text,
                                     clock=f"{URGENT_KEY}@{target.start.timestamp():.0f}")
                report.messages += len(recipients)
                report.unaddressed += not recipients
            report.tickets += len(targets)
            await work.commit()

    async def _run_unclaimed(self, now: datetime, report: ReminderReport) -> None:
        """Requests nobody claimed within the take-up target (bot.core.reminders.take_up): the
        group is told once, at the card. 8 working hours are at least 8 hours, so younger
        requests are not read."""
        clock = self._schedule.policy.claim
        if clock is None:
            return
        async with self._uow() as work:
            since = now - timedelta(hours=clock.length_hours)
            targets = await work.reminders.unclaimed(now - OVERDUE_LOOKBACK, since, self._batch)
            for target in targets:
                due = clock.due(target.start)
                if now < due:
                    continue
                if not await work.reminders.claim(target.ticket_id, CLAIM_KEY, [CLAIM_KIND], now):
                    continue
                if now - due > CLAIM_NOTICE_WINDOW:  # after an upgrade or downtime: no flood
                    continue
                report.unclaimed += 1
                group = self._group(target)
                if group is None:
                    report.unaddressed += 1
                    continue
                text = unclaimed_text(self._catalog, clock, target, self._tz)
                await self._send(work, target, CLAIM_KIND, group, text, clock=CLAIM_KEY)
                report.messages += 1
            report.tickets += len(targets)
            await work.commit()

    def _next(self, target: ReminderTarget, due: list[ReminderKind],
              now: datetime) -> datetime | None:
        moment = next_reminder_at(target.start, target.due_at, due, self._schedule.policy, now)
        if moment is not None and moment <= now:  # never expected; keeps the run finite
            log.error("ticket %d: next reminder %s is not after %s", target.ticket_id,
                      moment, now)
            return now + timedelta(minutes=1)
        return moment

    async def _claim(self, work: UnitOfWork, target: ReminderTarget, due: list[ReminderKind],
                     now: datetime) -> ReminderKind | None:
        if not due or target.due_at < now - OVERDUE_LOOKBACK:
            return None
        # The older kinds are recorded too, unsent: after downtime only the latest one goes.
        claimed = await work.reminders.claim(target.ticket_id, target.key, due, now)
        return due[-1] if due[-1] in claimed else None

    async def _queue(self, work: UnitOfWork, target: ReminderTarget, kind: ReminderKind,
                     now: datetime, leaders: list[int]) -> int:
        left = self._schedule.days_left(target, now)
        duty = pending_duty(target.type, target.clock, target.start, now, self._schedule.policy)
        recipients = self._recipients(target, kind, leaders)
        for recipient in recipients:
            text = reminder_text(self._catalog, kind, target, left, self._tz,
                                 to_group=recipient.to_group, duty=duty)
            await self._send(work, target, kind, recipient, text)
        return len(recipients)

    def _recipients(self, target: ReminderTarget, kind: ReminderKind,
                    leaders: list[int]) -> list[Recipient]:
        """Overdue: the leaders and the group; else the assignee, or the group if none."""
        group = self._group(target)
        if kind is ReminderKind.OVERDUE:
            return [Recipient(chat) for chat in leaders] + ([group] if group else [])
        if target.assignee_telegram_id is not None:
            return [Recipient(target.assignee_telegram_id)]
        return [group] if group else []

    async def _send(self, work: UnitOfWork, target: ReminderTarget, kind: str,
                    recipient: Recipient, text: str, clock: str | None = None) -> None:
        key = clock or target.key
        await work.outbox.add(
            UserRef(Channel.TELEGRAM, str(recipient.chat_id)), Reply(text),
            dedupe_key=f"reminder:{target.ticket_id}:{key}:{kind}:{recipient.chat_id}",
            thread_id=recipient.thread_id,
        )

    def _group(self, target: ReminderTarget) -> Recipient | None:
        if target.staff_chat_id is not None:
            return Recipient(target.staff_chat_id, target.staff_thread_id, to_group=True)
        if self._staff_chat_id is not None:
            return Recipient(self._staff_chat_id, to_group=True)
        return None
