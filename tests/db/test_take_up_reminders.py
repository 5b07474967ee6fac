"""The take-up target: a request no officer claims within 8 working hours of its receipt is
named once in the staff group (bot.core.reminders.take_up).

A phản ánh received Tue 10/3/2026 09:00 has had 6 working hours by 17:00 (lunch 11:30-13:30
not counted) and reaches 8 on Wed 11/3 at 09:30.
"""

from __future__ import annotations

import pytest

from tests.db.conftest import GROUP
from tests.db.test_reminder_job import add_officer, add_ticket, at, outbox


@pytest.fixture
def claim_hours() -> float:
    return 8


def texts(sent) -> list[str]:
    return [body["text"] for _, body in sent]


async def test_an_unclaimed_request_is_named_once_after_eight_working_hours(app):
    code = await add_ticket(app, received=at(10))
    await app.reminders.run(at(10, 17))
    await app.reminders.run(at(11, 9))  # 7.5 working hours
    assert not [t for t in texts(await outbox(app)) if "chưa có cán bộ nhận xử lý" in t]
    report = await app.reminders.run(at(11, 10))
    assert (report.unclaimed, report.reminders) == (1, 0)
    await app.reminders.run(at(11, 11))
    sent = [(r, b["text"]) for r, b in await outbox(app) if "nhận xử lý" in b["text"]]
    assert sent == [(str(GROUP), f"⏳ Hồ sơ {code} (phản ánh) tiếp nhận lúc 09:00 10/03/2026 "
                     "đã qua 8 giờ làm việc mà chưa có cán bộ nhận xử lý. Đề nghị bấm «Nhận xử "
                     "lý» trên thẻ hồ sơ.")]


async def test_a_claimed_or_urgent_request_is_not_named(app):
    officer = await add_officer(app, 501, "officer")
    await add_ticket(app, received=at(10), assignee_id=officer)
    await add_ticket(app, received=at(10), urgent=True)
    await app.reminders.run(at(11, 10))
    assert not [t for t in texts(await outbox(app)) if "chưa có cán bộ nhận xử lý" in t]


async def test_a_request_received_on_friday_afternoon_waits_until_monday(app):
    # Fri 13/3 15:00: 2 working hours that day; the weekend does not count; Mon 16/3 07:30
    # + 6 hours (lunch aside) = 15:30.
    await add_ticket(app, received=at(13, 15))
    await app.reminders.run(at(16, 15))
    assert not [t for t in texts(await outbox(app)) if "nhận xử lý" in t]
    await app.reminders.run(at(16, 16))
    assert len([t for t in texts(await outbox(app)) if "nhận xử lý" in t]) == 1


async def test_requests_long_past_the_target_are_not_named_in_a_burst(app):
    # The bot down from Wed 11/3 to Mon 16/3 (or just upgraded): no message for old requests.
    await add_ticket(app, received=at(10))
    await app.reminders.run(at(16, 10))
    await app.reminders.run(at(16, 11))
    assert not [t for t in texts(await outbox(app)) if "nhận xử lý" in t]
