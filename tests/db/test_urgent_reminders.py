"""Reminders on the urgent clock, in working hours, and escalation to leaders when it runs out.

An urgent phản ánh received Tue 10/3/2026 09:00 must be answered by 15:00 (4 working hours,
lunch 11:30-13:30 not counted): half of it is used at 11:00, 80% at 14:12; its legal deadline
(24/3) calls for no reminder that day.
"""

from __future__ import annotations

from datetime import timedelta

from tests.db.conftest import GROUP
from tests.db.test_reminder_job import add_officer, add_ticket, at, outbox


async def add_urgent(app, **columns) -> str:
    received = at(10)
    due = app.conversation.deps.deadlines.urgent.due(received)
    return await add_ticket(
        app, received=received, urgent=True, urgent_at=received, urgent_due_at=due, **columns
    )


def texts(sent) -> list[str]:
    return [body["text"] for _, body in sent]


async def test_the_urgent_clock_is_reminded_of_in_hours_and_escalated_when_it_runs_out(app):
    officer = await add_officer(app, 501, "officer")
    await add_officer(app, 901, "leader")
    code = await add_urgent(app, assignee_id=officer)

    assert (await app.reminders.run(at(10, 10))).reminders == 0  # 1 h of 4 used
    await app.reminders.run(at(10, 11))
    [(to, body)] = await outbox(app)
    assert to == "501" and code in body["text"] and "KHẨN" in body["text"]
    assert "còn 2 giờ làm việc" in body["text"] and "15:00 10/03/2026" in body["text"]
    assert (await app.reminders.run(at(10, 11) + timedelta(minutes=15))).reminders == 0

    await app.reminders.run(at(10, 14) + timedelta(minutes=15))  # 80%: 45 minutes left
    assert "còn 45 phút làm việc" in texts(await outbox(app))[-1]

    await app.reminders.run(at(10, 15) + timedelta(minutes=15))
    escalated = dict((await outbox(app))[2:])
    assert set(escalated) == {"901", str(GROUP)}
    assert (
        "quá hạn xử lý khẩn" in escalated["901"]["text"]
        and "Cán bộ 501" in (escalated["901"]["text"])
    )
    assert "Đã báo lãnh đạo" in escalated[str(GROUP)]["text"]
    assert (await app.reminders.run(at(10, 16))).reminders == 0  # once only


async def test_an_answered_or_ordinary_request_gets_no_hour_reminder(app):
    await add_officer(app, 901, "leader")
    await add_urgent(app, urgent_met_at=at(10, 10))
    await add_ticket(app, received=at(10))
    await app.reminders.run(at(10, 16))
    assert await outbox(app) == []


async def test_a_flag_set_on_friday_afternoon_runs_out_on_monday_morning(app):
    await add_officer(app, 901, "leader")
    received = at(13, 16)
    due = app.conversation.deps.deadlines.urgent.due(received)
    await add_ticket(app, received=received, urgent=True, urgent_at=received, urgent_due_at=due)
    await app.reminders.run(at(13, 17))  # Friday 17:00: 1 h of 4 used, nothing yet
    await app.reminders.run(at(16, 8))  # Monday 08:00: 1.5 h used
    assert await outbox(app) == []
    await app.reminders.run(at(16, 10))  # 3.5 h used: the 80% reminder, to the group
    [(to, body)] = await outbox(app)
    assert to == str(GROUP) and "30 phút" in body["text"] and "10:30 16/03/2026" in body["text"]


async def test_the_digest_opens_with_the_urgent_requests_not_answered_yet(app):
    waiting = await add_urgent(app)
    await add_urgent(app, urgent_met_at=at(10, 10))  # answered within its hours
    await add_ticket(app)  # not urgent
    await app.digest.run(at(11, 8))
    lines = texts(await outbox(app))[0].splitlines()
    assert lines[1] == f"• 🔴 Khẩn, chưa trả lời người dân: 1: {waiting}"


async def test_a_digest_without_urgent_requests_has_no_urgent_line(app):
    await add_ticket(app)
    await app.digest.run(at(11, 8))
    assert "Khẩn" not in texts(await outbox(app))[0]


def card_edits(sent) -> list[str]:
    """The urgent line of each edit of card 77 queued, in order."""
    return [
        next(line for line in body["text"].splitlines() if "Hạn xử lý khẩn" in line)
        for to, body in sent
        if to == str(GROUP) and (body.get("card") or {}).get("edit_of") == 77
    ]


async def test_the_urgent_cards_time_left_is_kept_current_one_edit_per_figure(app):
    await add_urgent(app, staff_chat_id=GROUP, staff_message_id=77)
    await app.reminders.run(at(10, 10))
    await app.reminders.run(at(10, 10))  # the same figure: no second edit
    await app.reminders.run(at(10, 11) + timedelta(minutes=45))
    await app.reminders.run(at(10, 12) + timedelta(minutes=30))  # lunch: working time stands
    await app.reminders.run(at(10, 13) + timedelta(minutes=45))
    assert card_edits(await outbox(app)) == [
        "🔴 Hạn xử lý khẩn: 15:00 10/03/2026 (còn 3 giờ làm việc)",
        "🔴 Hạn xử lý khẩn: 15:00 10/03/2026 (còn 1 giờ 30 phút làm việc)",
        "🔴 Hạn xử lý khẩn: 15:00 10/03/2026 (còn 1 giờ 15 phút làm việc)",
    ]

