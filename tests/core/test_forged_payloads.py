"""What the client chose the words of, and may forge (a button's payload posted to the web chat,
a file's name and type, a venue's names): control characters in it, such as a NUL that
PostgreSQL refuses, are left out, so that the turn answers as for the clean event and never
fails, not even at the confirmation of a filing."""

from __future__ import annotations

import pytest

from bot.core.messages import Attachment, Channel, Location
from tests.core.test_filing import file_phan_anh
from tests.transcript import Citizen

FAILED = "hệ thống đang gặp sự cố"


async def test_a_payload_with_control_characters_reads_as_the_button(app):
    citizen = Citizen(app.conversation)
    await file_phan_anh(citizen)
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
        await work.tickets.update(ticket.id, status="closed", resolved_at=ticket.received_at)
        await work.commit()
    await citizen.sends_payload("rate:PA-2026-00001\u200b\x00:5")
    assert "Cảm ơn Ông/Bà đã đánh giá" in citizen.text
    async with app.uow() as work:
        assert (await work.tickets.by_code("PA-2026-00001")).rating == 5


@pytest.mark.parametrize("payload", ["follow:\x00", "rate:\x00:5", "reply:\x00", "again:\x00",
                                     "form:\x00", "faq:\x00", "track:\x00", "\x00", "cmd:\x00"])
async def test_a_forged_payload_with_a_nul_is_answered_politely(app, payload):
    citizen = Citizen(app.conversation, user_id="forger-0001")
    await citizen.sends_payload(payload)
    assert citizen.text and FAILED not in citizen.text
    assert "pakn_turn_errors_total{" not in app.conversation.deps.metrics.render()
    await citizen.says("/start")
    assert "Hỏi - Đáp" in citizen.text


async def test_files_and_a_place_named_with_a_nul_are_filed_without_it(app):
    citizen = Citizen(app.conversation, Channel.TELEGRAM, "100200300")
    await citizen.says("/phananh")
    await citizen.says("Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    await citizen.shares_location(Location(21.0285, 105.8520, "Chợ\x00", "12\x00 Lê Lợi"))
    await citizen.presses("Viễn thông")
    await citizen.sends_files(Attachment("document", "BQACAgIAAx", 2048, "application/pdf\x00",
                                         "bien\x00ban.pdf"))
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    assert "\x00" not in citizen.text and "Chợ, 12 Lê Lợi" in citizen.text
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
    (file,) = ticket.attachments
    assert (file.name, file.mime) == ("bienban.pdf", "application/pdf")


async def test_a_file_name_and_type_longer_than_kept_are_filed_cut(app):
    citizen = Citizen(app.conversation, Channel.TELEGRAM, "100200301")
    await citizen.says("/phananh")
    await citizen.says("Cột điện trước trường tiểu học bị nghiêng, có nguy cơ đổ vào lớp học.")
    await citizen.presses("Viễn thông")
    long_type, long_name = "application/" + "x" * 200, "anh-hien-truong-" * 30 + ".pdf"
    await citizen.sends_files(Attachment("document", "BQACAgIAAy", 2048, long_type, long_name))
    await citizen.presses("Xong")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        (file,) = (await work.tickets.by_code("PA-2026-00001")).attachments
    assert file.name.startswith("anh-hien-truong-") and len(file.name) == 300
    assert len(file.mime) == 100
