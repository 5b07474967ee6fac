"""A citizen reports danger to people or property as urgent, with one tap on the summary; the
request is stored urgent, with a clock in working hours beside its legal one (bot.core.urgency).

The clock stands at Tue 10/3/2026 09:00 in Hà Nội: 4 working hours run out at 15:00 that day
(09:00-11:30, then 13:30-15:00); the legal deadline stays 24/3 (10 working days).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.tickets import Ticket
from db.models import TicketEvent
from tests.core.test_filing import draft
from tests.transcript import Citizen


async def stored(app, code: str = "PA-2026-00001") -> Ticket:
    async with app.uow() as work:
        ticket = await work.tickets.by_code(code)
    assert ticket is not None
    return ticket


async def test_a_citizen_marks_a_phan_anh_urgent_and_it_is_stored_so(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    assert "Khẩn cấp" not in citizen.text  # an ordinary report is not asked anything more
    await citizen.presses("Báo khẩn cấp")
    assert "4 giờ làm việc" in citizen.text and "113" in citizen.text and "115" in citizen.text
    assert "🔴 Khẩn cấp: có nguy hiểm đến tính mạng" in citizen.text  # the summary again
    assert "Bỏ báo khẩn cấp" in citizen.buttons()
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text and "24/03/2026" in citizen.text
    assert "xử lý khẩn cấp" in citizen.text and "15:00 10/03/2026" in citizen.text

    await citizen.says("/tracuu PA-2026-00001")
    assert "Xử lý khẩn cấp: trả lời trước 15:00 10/03/2026" in citizen.text

    row = await stored(app)
    assert row.urgent and row.urgent_met_at is None
    assert row.urgent_due_at == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 15:00 in Hà Nội
    assert row.due_at is not None and row.due_at.date().isoformat() == "2026-03-24"
    async with app.uow() as work:
        kinds = [
            (e.kind, e.actor)
            for e in await work.session.scalars(select(TicketEvent).order_by(TicketEvent.id))
        ]
    assert ("urgent_set", "citizen") in kinds


async def test_the_urgent_receipt_is_one_message_with_its_buttons_beneath(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    await citizen.presses("Báo khẩn cấp")
    replies = await citizen.presses("Xác nhận gửi")
    [receipt] = [r for r in replies if "PA-2026-00001" in r.text]
    lines = receipt.text.splitlines()
    assert lines[0].startswith("Đã tiếp nhận phản ánh") and "24/03/2026" in receipt.text
    assert lines[-1] == (
        "Yêu cầu PA-2026-00001 được xử lý khẩn cấp: cơ quan trả lời Ông/Bà trước "
        "15:00 10/03/2026."
    )
    assert "Tra cứu" in " ".join(b.text for b in receipt.buttons)
    assert replies[-1] is receipt  # nothing comes after its buttons


async def test_the_mark_can_be_taken_back_before_sending(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    await citizen.presses("Báo khẩn cấp")
    await citizen.presses("Bỏ báo khẩn cấp")
    assert "thời hạn thông thường" in citizen.text and "🔴 Khẩn cấp" not in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "xử lý khẩn cấp" not in citizen.text
    row = await stored(app)
    assert not row.urgent and row.urgent_due_at is None


async def test_an_ordinary_report_is_not_urgent(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    await citizen.presses("Xác nhận gửi")
    row = await stored(app)
    assert not row.urgent and row.urgent_due_at is None


async def test_a_kien_nghi_can_be_urgent_too(app):
    citizen = Citizen(app.conversation)
    await draft(citizen, "/kiennghi")
    assert "Báo khẩn cấp" in " ".join(citizen.buttons())


@pytest.mark.parametrize(
    "app_settings", [{"office_hours": "13:00-17:00", "urgent_hours": 2}], ids=["afternoons"]
)
async def test_the_agencys_office_hours_and_urgent_hours_set_the_clock(app):
    citizen = Citizen(app.conversation)
    await draft(citizen)
    await citizen.presses("Báo khẩn cấp")
    assert "2 giờ làm việc" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "15:00 10/03/2026" in citizen.text  # 09:00: counted from 13:00, two hours
