"""A map location shared while filing a phản ánh or kiến nghị is the place of the incident:
confirmed with its purpose, replaced by a second one, shown in the summary, kept with the ticket
and on the officers' card with its map link. Elsewhere, and in a tố cáo, it is not taken."""

from __future__ import annotations

from bot.core.messages import Attachment, Channel, Location, Share, ShareKind
from tests.core.test_staff_desk import with_officers
from tests.transcript import Citizen

PIN = Location(21.0285123, 105.8520449)
VENUE = Location(10.7797838, 106.6990184, "Nhà thờ Đức Bà", "01 Công xã Paris, Sài Gòn")
PURPOSE = "Vị trí này chỉ dùng để xác định nơi xảy ra sự việc."


def on_telegram(app) -> Citizen:
    return Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="5551234")


async def file_with_location(citizen: Citizen) -> None:
    """A phản ánh with a pin sent before its description, then a venue with the photos."""
    await citizen.says("/phananh")
    await citizen.shares_location(PIN)
    assert f"Đã ghi nhận vị trí sự việc: 21.02851, 105.85204. {PURPOSE}" in citizen.text
    assert "phản ánh về việc gì" in citizen.text  # the step's question again
    await citizen.says("Đèn chiếu sáng trên phố Đinh Tiên Hoàng tắt cả tuần nay.")
    await citizen.presses("Bưu chính")
    await citizen.shares_location(VENUE)
    assert ("Đã thay vị trí gửi trước bằng vị trí mới: 10.77978, 106.69902 "
            "(Nhà thờ Đức Bà, 01 Công xã Paris, Sài Gòn)") in citizen.text
    await citizen.presses("Xong")
    assert ("tệp đính kèm, vị trí sự việc Ông/Bà đã gửi trên bản đồ (dữ liệu cá nhân nhạy cảm, "
            "chỉ dùng để xác định nơi xảy ra sự việc), họ tên") in citizen.text  # the notice
    await citizen.presses("Tôi đồng ý")
    await citizen.shares_location(PIN)  # at the name: more likely a home than the incident
    assert "Ở bước này, Ông/Bà vui lòng trả lời câu hỏi" in citizen.text
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")


async def test_a_location_in_a_phan_anh_is_in_the_summary_and_on_the_ticket(app):
    citizen = on_telegram(app)
    await file_with_location(citizen)
    assert ("• Vị trí sự việc: 10.77978, 106.69902 (Nhà thờ Đức Bà, 01 Công xã Paris, Sài Gòn)"
            in citizen.text)
    assert "21.02851" not in citizen.text  # the first pin was replaced
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
    assert ticket is not None and ticket.details == {"location": {
        "lat": 10.77978, "lon": 106.69902, "title": "Nhà thờ Đức Bà",
        "address": "01 Công xã Paris, Sài Gòn"}}


async def test_the_card_shows_the_location_with_its_openstreetmap_link(app):
    await with_officers(app)
    await file_with_location(citizen := on_telegram(app))
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        ticket = await work.tickets.by_code("PA-2026-00001")
    card = await app.staff.card_for(ticket.id)
    assert "📍 Vị trí: 10.77978, 106.69902 (Nhà thờ Đức Bà" in card.reply.text
    assert ("https://www.openstreetmap.org/?mlat=10.77978&mlon=106.69902"
            "#map=18/10.77978/106.69902") in card.reply.text


async def test_a_location_outside_a_filing_gets_the_polite_answer(app):
    citizen = on_telegram(app)
    await citizen.shares_location(PIN)
    assert "chỉ nhận vị trí bản đồ khi Ông/Bà đang gửi phản ánh hoặc kiến nghị" in citizen.text
    assert "gõ địa chỉ hoặc địa điểm bằng chữ" in citizen.text
    assert "Đã ghi nhận vị trí" not in citizen.text


async def test_a_location_in_a_to_cao_is_not_taken(app):
    citizen = on_telegram(app)
    await citizen.says("/tocao")
    await citizen.shares_location(PIN)
    assert "chỉ nhận vị trí bản đồ khi Ông/Bà đang gửi phản ánh hoặc kiến nghị" in citizen.text
    assert "Đã ghi nhận vị trí" not in citizen.text
    await citizen.says("/tocao")
    await citizen.presses("không nêu danh tính")  # nor as anonymous information
    await citizen.shares_location(PIN)
    assert "Đã ghi nhận vị trí" not in citizen.text
    async with app.uow() as work:
        state = await work.conversations.load(citizen.user)
    assert state is not None and state.data["type"] == "thong_tin"
    assert "location" not in state.data


async def test_the_notice_names_the_location_only_when_one_was_sent(app):
    citizen = on_telegram(app)
    await citizen.says("/phananh")
    await citizen.says("Cống thoát nước trước số 12 phố Huế bị tắc.")
    await citizen.presses("Bưu chính")
    await citizen.presses("Xong")
    assert "tệp đính kèm, họ tên" in citizen.text and "vị trí sự việc" not in citizen.text
    await citizen.says("quay lại")
    await citizen.shares_location(PIN)
    await citizen.presses("Xong")
    assert "vị trí sự việc Ông/Bà đã gửi trên bản đồ (dữ liệu cá nhân nhạy cảm" in citizen.text


def asks(citizen: Citizen) -> bool:
    return any(reply.share == Share(ShareKind.LOCATION, "📍 Gửi vị trí")
               for reply in citizen.replies)


def ends_ask(citizen: Citizen) -> list[bool]:
    return [reply.ends_share for reply in citizen.replies]


async def at_the_files_step(citizen: Citizen, command: str = "/phananh") -> None:
    await citizen.says(command)
    await citizen.says("Cống thoát nước trước số 12 phố Huế bị tắc.")
    await citizen.presses("Bưu chính")


async def test_the_files_step_asks_for_the_location_until_it_is_left(app):
    citizen = on_telegram(app)
    await at_the_files_step(citizen)
    assert asks(citizen)
    assert "gửi vị trí nơi xảy ra sự việc trên bản đồ" in citizen.text
    await citizen.sends_files(Attachment("photo", "AgAD-1", 1000))
    assert "Đã nhận 1/" in citizen.text and ends_ask(citizen) == [False]  # still at the step
    await citizen.shares_location(PIN)
    assert "Đã ghi nhận vị trí" in citizen.text and asks(citizen)  # asked again, replaceable
    await citizen.says("Bỏ qua")  # the skip, as a reply keyboard sends it: its label
    assert "Tôi đồng ý" in citizen.buttons()  # moved on to the notice
    assert ends_ask(citizen) == [True] and not asks(citizen)
    await citizen.presses("Tôi đồng ý")
    assert not any(ends_ask(citizen))  # taken away once


async def test_going_back_or_cancelling_also_takes_the_action_away(app):
    citizen = on_telegram(app)
    await at_the_files_step(citizen)
    await citizen.says("quay lại")
    assert "lĩnh vực nào" in citizen.text and ends_ask(citizen)[0]
    await citizen.presses("Bưu chính")
    assert asks(citizen)
    await citizen.says("Hủy")  # the cancel, as a reply keyboard sends it
    assert "Đã hủy" in citizen.text and ends_ask(citizen)[0]


async def test_the_location_is_asked_only_where_it_is_taken(app):
    citizen = on_telegram(app)
    await at_the_files_step(citizen, "/kiennghi")
    assert asks(citizen)
    await citizen.says("/tocao")  # another request begun: the action goes with the draft
    assert ends_ask(citizen)[0] and not asks(citizen)
    terminal = Citizen(app.conversation, channel=Channel.TERMINAL, user_id="term-1")
    await terminal.says("/phananh")  # no way to share a location from a terminal
    await terminal.says("Cống thoát nước trước số 12 phố Huế bị tắc.")
    await terminal.presses("Bưu chính")
    assert not any(reply.share for reply in terminal.replies)


async def test_the_english_label(app):
    citizen = Citizen(app.conversation, channel=Channel.ZALO, user_id="z-1", language="en")
    await citizen.says("/phananh")
    await citizen.says("The drain in front of 12 Hue street is blocked.")
    await citizen.presses(citizen.buttons()[0])
    assert [r.share for r in citizen.replies] == [Share(ShareKind.LOCATION, "📍 Send location")]
    assert "share a location from the app's attach menu" in citizen.text
