"""`/thongke [MM/YYYY]` in the staff group: the month's figures for registered officers (with
the working days to the first answer and to resolution, satisfaction, and by field), the
current month by default, a usage hint for a wrong month, silence for strangers, and never a
citizen's identity; the chart as a photo after the text; also through the Telegram adapter into
the staff group's outbox."""

from __future__ import annotations

import base64
import time

import pytest
from sqlalchemy import select

from bot.core.messages import MAX_FILE_BYTES, FileKind
from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from db.models import OutboxMessage
from handlers.telegram.channel import TelegramChannel, TelegramConfig
from tests.fakes.bot_process import TOKEN
from tests.reports.samples import ADDRESS, CONTENT, NAME, PHONE, local, seed

OFFICER, LEADER, STRANGER = 1001, 2002, 9999
STAFF_CHAT = -100777
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def desk(app):
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer", "bcvt"))
        await work.officers.add(Officer(LEADER, "Trần Lãnh Đạo", "leader"))
        await work.commit()
    await seed(app.uow)
    return app.staff


async def say(desk, officer: int, text: str) -> str:
    outcome = await desk.handle(StaffEvent(officer, text=text))
    return "\n".join(reply.text for reply in outcome.replies)


async def test_the_figures_of_a_past_month(desk, clock):
    clock.moment = local("2026-04-10 09:00")
    text = await say(desk, OFFICER, "/thongke 2026-03")
    assert text.splitlines()[:6] == [
        "📊 Thống kê tháng 03/2026 (số liệu đến hết ngày 31/03/2026)",
        "Kỳ trước chuyển sang: 2",
        "Tiếp nhận trong kỳ: 5 (Zalo 1, Telegram 2, Web 2)",
        "Đã xử lý: 4 (đúng hạn 3, quá hạn 1); trong đó giải quyết 2, không thụ lý 1, "
        "chuyển cơ quan khác 1",
        "Đang giải quyết: 3 (trong hạn 2, quá hạn 1)",
        "Tỷ lệ đúng hạn: 60%",
    ]
    assert text.splitlines()[6:10] == [
        "Trả lời lần đầu: trung bình 1,8 ngày làm việc (5 hồ sơ)",
        "Giải quyết: trung bình 7 ngày làm việc (4 hồ sơ)",
        "Hài lòng: 50% (1/2 lượt đánh giá)",
        "Theo loại đơn:",
    ]
    assert "• Phản ánh: nhận 2, đã xử lý 2, đang giải quyết 1 (quá hạn 0)" in text
    assert "• Khiếu nại: nhận 1, đã xử lý 0, đang giải quyết 2 (quá hạn 1)" in text
    by_field = text.split("Theo lĩnh vực:\n")[1].splitlines()[:5]
    assert by_field == [  # only the fields with tickets, in the organisation file's order
        "• Thủ tục hành chính, dịch vụ công: nhận 0, đã xử lý 1 (quá hạn 0), đang quá hạn 0",
        "• Viễn thông, Internet: nhận 2, đã xử lý 0 (quá hạn 0), đang quá hạn 1",
        "• Công nghệ thông tin, chuyển đổi số: nhận 1, đã xử lý 1 (quá hạn 1), đang quá hạn 0",
        "• An toàn thông tin, lừa đảo trực tuyến: nhận 1, đã xử lý 1 (quá hạn 0), "
        "đang quá hạn 0",
        "• Chưa xác định lĩnh vực: nhận 1, đã xử lý 1 (quá hạn 0), đang quá hạn 0",
    ]
    assert "Câu hỏi Hỏi - Đáp chuyển cán bộ: nhận 1, đã trả lời 1." in text
    assert not any(secret in text for secret in (NAME, PHONE, ADDRESS, CONTENT))


async def test_february_counts_working_days_over_tet(desk, clock):
    clock.moment = local("2026-04-10 09:00")
    text = await say(desk, OFFICER, "/thongke 2026-02")
    # A: Fri 20/2 → Mon 23/2 is 1; G: Tue 10/2 → Mon 23/2 is 4 (16-20/2 Tết), resolved on
    # 27/2 in 8 working days (17 calendar days), rated 3 (neither satisfied nor not)
    assert "Trả lời lần đầu: trung bình 2,5 ngày làm việc (2 hồ sơ)" in text
    assert "Giải quyết: trung bình 8 ngày làm việc (1 hồ sơ)" in text
    assert "Hài lòng: 0% (0/1 lượt đánh giá)" in text


async def test_without_a_month_the_current_one_so_far(desk, clock):
    clock.moment = local("2026-03-21 10:00")
    text = await say(desk, LEADER, "/thongke")
    assert text.startswith("📊 Thống kê tháng 03/2026 (số liệu đến 10:00 21/03/2026)")
    assert "• Khiếu nại: nhận 1, đã xử lý 0, đang giải quyết 2 (quá hạn 1)" in text  # B


async def test_an_empty_month_and_a_wrong_month(desk, clock):
    text = await say(desk, OFFICER, "/thongke 2025-07")
    assert "Tiếp nhận trong kỳ: 0\n" in text and "Tỷ lệ đúng hạn: chưa có số liệu" in text
    for line in ("Trả lời lần đầu: chưa có số liệu", "Giải quyết: chưa có số liệu",
                 "Hài lòng: chưa có lượt đánh giá"):
        assert line in text
    assert "Theo lĩnh vực" not in text
    assert (await say(desk, OFFICER, "/thongke 2026-13")).startswith("Cú pháp: /thongke")


async def test_the_text_comes_first_then_the_chart_as_a_photo(desk, clock):
    clock.moment = local("2026-04-10 09:00")
    outcome = await desk.handle(StaffEvent(OFFICER, text="/thongke 2026-03"))
    text, chart = outcome.replies
    assert text.file is None and text.text.startswith("📊 Thống kê tháng 03/2026")
    assert chart.text == "" and chart.file is not None
    assert (chart.file.kind, chart.file.name) == (FileKind.PHOTO, "thongke-2026-03.png")
    assert chart.file.content.startswith(PNG) and len(chart.file.content) < MAX_FILE_BYTES


async def test_the_month_as_the_bot_writes_it(desk, clock):
    clock.moment = local("2026-04-10 09:00")
    for typed in ("03/2026", "3/2026"):
        text = await say(desk, OFFICER, f"/thongke {typed}")
        assert text.startswith("📊 Thống kê tháng 03/2026"), typed
    assert (await say(desk, OFFICER, "/thongke 13/2026")).startswith(
        "Cú pháp: /thongke [tháng/năm], ví dụ /thongke 03/2026")


async def test_a_wrong_month_gets_no_chart(desk):
    outcome = await desk.handle(StaffEvent(OFFICER, text="/thongke 2026-13"))
    assert [reply.file for reply in outcome.replies] == [None]


async def test_strangers_get_nothing(desk):
    outcome = await desk.handle(StaffEvent(STRANGER, text="/thongke 2026-03"))
    assert outcome.ignored and outcome.replies == []


def staff_update(update_id: int, user_id: int, text: str) -> dict:
    chat = {"id": STAFF_CHAT, "type": "supergroup"}
    user = {"id": user_id, "is_bot": False, "first_name": "Cán bộ", "language_code": "vi"}
    return {"update_id": update_id, "message": {"message_id": update_id,
                                                "date": int(time.time()), "chat": chat,
                                                "from": user, "text": text}}


async def test_the_reply_goes_to_the_staff_group(app, desk, clock):
    clock.moment = local("2026-04-10 09:00")
    channel = TelegramChannel(TelegramConfig(TOKEN, "http://127.0.0.1:9",
                                             staff_chat_id=STAFF_CHAT),
                              app.conversation, app.uow, app.staff)
    items = [("1", staff_update(1, OFFICER, "/thongke 2026-03")),
             ("2", staff_update(2, STRANGER, "/thongke 2026-03"))]
    new = set(await channel.inbox.store(items))
    channel.worker.submit([item for item in items if item[0] in new])
    await channel.worker.idle()
    await channel.bot.session.close()
    async with app.uow() as work:
        rows = [(m.recipient, m.body) for m in
                await work.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert [recipient for recipient, _ in rows] == [str(STAFF_CHAT)] * 2  # not the stranger
    (_, text), (_, chart) = rows
    assert "Tiếp nhận trong kỳ: 5" in text["text"] and NAME not in text["text"]
    assert "file" not in text
    assert chart["text"] == "" and chart["file"]["kind"] == "photo"
    assert chart["file"]["name"] == "thongke-2026-03.png"
    assert chart["file"]["caption"] == "📊 Tiếp nhận và xử lý tháng 03/2026 theo loại đơn"
    assert base64.b64decode(chart["file"]["content"]).startswith(PNG)
