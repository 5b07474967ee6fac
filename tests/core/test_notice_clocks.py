"""Notices with a clock of their own: a tố cáo outside competence is forwarded and the denouncer
told within 5 working days (Luật Tố cáo 2018 Đ24(2)), shorter than its 7-day clock, so the
reminders recall it; a forwarding after it is recorded late; where the bot cannot reach the
citizen (paper), the officer reads by when the written notice is due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.messages import Channel, UserRef
from bot.core.notice_clocks import NOTICE_CLOCKS, notice_clock, notice_day
from bot.core.tickets import NewTicket, TicketType
from tests.core.test_staff_desk import OFFICER, file, give, press, pushed, with_officers

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP = -100777
IDENTITY = ["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"]


@pytest.fixture
def app_settings():
    return {"telegram_staff_chat_id": GROUP}


@pytest.mark.parametrize(("kind", "after", "received", "last"), [
    (TicketType.TO_CAO, "received", date(2026, 3, 10), date(2026, 3, 17)),  # plain weeks
    (TicketType.TO_CAO, "received", date(2026, 4, 24), date(2026, 5, 6)),  # Giỗ Tổ, 30/4-1/5
    (TicketType.TO_CAO, "received", date(2026, 2, 12), date(2026, 2, 26)),  # Tết Bính Ngọ
    (TicketType.TO_CAO, "accepted", date(2026, 3, 10), date(2026, 3, 17)),
    (TicketType.KHIEU_NAI, "decided", date(2026, 3, 10), date(2026, 3, 13)),
    (TicketType.KHIEU_NAI, "accepted", date(2026, 3, 10), date(2026, 3, 10)),
])
def test_notice_days_count_working_days_after_the_event(app, kind, after, received, last):
    moment = datetime.combine(received, datetime.min.time(), tzinfo=VN) + timedelta(hours=9)
    clock = notice_clock(kind, after)
    assert notice_day(clock, moment, app.conversation.deps.deadlines) == last


def test_every_notice_clock_cites_its_article():
    assert all(c.legal_basis.startswith(("Luật Tố cáo 2018 Đ", "Luật Khiếu nại 2011 Đ"))
               for c in NOTICE_CLOCKS)
    assert notice_clock(TicketType.PHAN_ANH, "received") is None  # its 10-day clock says all


async def group_texts(app) -> list[str]:
    async with app.uow() as work:
        replies = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(GROUP)))
        await work.commit()
    return [r.text for r in replies]


async def test_a_to_cao_reminder_recalls_the_five_day_forwarding_limit(app):
    await with_officers(app)
    await file(app, "/tocao", contact=IDENTITY)  # received Tue 10/3, 7 working days: 19/3
    await file(app, "/phananh", user_id="citizen-0002")
    await group_texts(app)  # the cards
    report = await app.reminders.run(datetime(2026, 3, 16, 9, tzinfo=VN))
    assert report.reminders == 1  # the tố cáo's half, the day before its forwarding limit
    [reminder] = [t for t in await group_texts(app) if "⏰" in t]
    assert "TC-2026-00001" in reminder
    assert "chậm nhất ngày 17/03/2026 (Luật Tố cáo 2018 Đ24(2))" in reminder


async def test_a_to_cao_forwarded_after_five_working_days_is_recorded_late(app, clock):
    desk = await with_officers(app)
    citizen = await file(app, "/tocao", contact=IDENTITY)
    clock.moment = datetime(2026, 3, 18, 9, tzinfo=VN).astimezone(UTC)  # day 6
    await give(desk, OFFICER, "st:forward:1", "Công an tỉnh Mẫu")
    async with app.uow() as work:
        [forwarded] = [e for e in await work.tickets.history(1) if e.kind == "forwarded"]
    assert forwarded.data["notice_late"] is True
    told = await pushed(app, citizen)
    assert "Công an tỉnh Mẫu" in told and "Luật Tố cáo 2018, Điều 24" in told


async def test_a_paper_request_tells_the_officer_when_the_written_notice_is_due(app, clock):
    desk = await with_officers(app)
    async with app.uow() as work:
        await work.tickets.add(NewTicket(
            TicketType.KHIEU_NAI, Channel.OFFLINE, "Khiếu nại quyết định xử phạt số 12/QĐ-XPHC.",
            clock.now(), app.conversation.deps.deadlines.first_due("khieu_nai", clock.now())),
            None)
        await work.commit()
    accepted = await press(desk, OFFICER, "st:accept:1")
    said = "\n".join(r.text for r in accepted.replies)
    assert "văn bản chậm nhất ngày 10/03/2026 (Luật Khiếu nại 2011 Đ27)" in said
    closed = await give(desk, OFFICER, "st:close:1:dung", "Hủy quyết định xử phạt số 12.")
    said = "\n".join(r.text for r in closed.replies)
    assert "văn bản chậm nhất ngày 13/03/2026 (Luật Khiếu nại 2011 Đ32, Đ41)" in said
