"""Tracking without a code: the citizen's requests are told apart by kind and day, and the
status card has a way on."""

from __future__ import annotations

from datetime import timedelta

from tests.transcript import Citizen


async def send(citizen: Citizen, command: str, content: str) -> None:
    await citizen.says(command)
    await citizen.says(content)
    await citizen.presses("Khác")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")


async def test_the_list_names_each_requests_kind_and_day(app, clock):
    citizen = Citizen(app.conversation)
    await send(citizen, "/phananh", "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    clock.moment += timedelta(days=2)
    await send(citizen, "/kiennghi", "Đề nghị Sở bổ sung hướng dẫn thủ tục trên cổng dịch vụ.")
    await citizen.says("/tracuu")
    labels = citizen.buttons()
    assert "PA-2026-00001 · phản ánh · 10/03" in labels
    assert "KI-2026-00001 · kiến nghị · 12/03" in labels
    assert all(len(label) <= 64 for label in labels)  # Telegram's inline button text


async def test_the_status_card_offers_more_information_and_the_menu(app):
    citizen = Citizen(app.conversation)
    await send(citizen, "/phananh", "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay.")
    await citizen.says("/tracuu")
    await citizen.presses("PA-2026-00001")
    assert "Tình trạng" in citizen.text
    assert {"Gửi thêm thông tin", "Về menu"} <= set(citizen.buttons())
    await citizen.presses("Gửi thêm thông tin")
    assert "PA-2026-00001" in citizen.text
