"""The phone step on Telegram offers the citizen's own number in one tap: the shared contact is
read like a typed number (+84 becomes 0), shown back masked, and the action goes once the step
is left. A contact anywhere else is politely refused; other channels have no such action."""

from __future__ import annotations

from bot.core.messages import Channel, Share, ShareKind
from tests.transcript import Citizen

PHONE_SHARE = Share(ShareKind.PHONE, "📱 Gửi số điện thoại")


def on_telegram(app, user_id: str = "5551234") -> Citizen:
    return Citizen(app.conversation, channel=Channel.TELEGRAM, user_id=user_id)


def shares(citizen: Citizen) -> list[Share | None]:
    return [reply.share for reply in citizen.replies]


def ends(citizen: Citizen) -> list[bool]:
    return [reply.ends_share for reply in citizen.replies]


async def at_the_phone_step(citizen: Citizen, command: str = "/phananh") -> None:
    await citizen.says(command)
    await citizen.says("Đèn chiếu sáng trên phố Đinh Tiên Hoàng tắt cả tuần nay.")
    await citizen.presses("Bưu chính")
    if "Bỏ qua" in citizen.buttons():  # no photo (a web page that uploads none: no such step)
        await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    await citizen.says("Nguyễn Văn An")


async def in_english_at_the_phone_step(app) -> Citizen:
    """A citizen writing in English on Telegram, their name just given."""
    english = Citizen(app.conversation, channel=Channel.TELEGRAM, user_id="6", language="en")
    await english.says("/phananh")
    await english.says("The street lights on Dinh Tien Hoang street have been off all week.")
    await english.presses(english.buttons()[0])
    await english.presses("Skip")
    await english.presses("I agree")
    await english.says("Nguyen Van An")
    return english


async def test_the_shared_number_fills_the_phone_and_moves_on(app):
    citizen = on_telegram(app)
    await at_the_phone_step(citizen)
    assert shares(citizen)[-1] == PHONE_SHARE
    assert "«📱 Gửi số điện thoại» để gửi số điện thoại đã đăng ký với Telegram" in citizen.text
    await citizen.shares_contact("+84912345678")
    assert citizen.replies[0].text == "Đã nhận số điện thoại Ông/Bà gửi: 0912***678."
    assert ends(citizen) == [True, False] and not any(shares(citizen))
    assert "địa chỉ liên hệ" in citizen.replies[1].text  # the next step
    await citizen.says("Số 5 đường Hùng Vương, phường Trung tâm")
    await citizen.presses("Đồng ý công khai")
    assert "0912***678" in citizen.text and not any(ends(citizen))  # taken away once
    await citizen.presses("Xác nhận gửi")
    async with app.uow() as work:
        contact = await work.tickets.contact(1)
    assert contact.phone == "0912345678"


async def test_a_number_not_vietnamese_is_asked_again_with_the_action(app):
    citizen = on_telegram(app)
    await at_the_phone_step(citizen, "/kiennghi")
    await citizen.shares_contact("+14155550123")
    assert "Số điện thoại chưa đúng" in citizen.text
    assert shares(citizen) == [PHONE_SHARE] and ends(citizen) == [False]
    await citizen.shares_contact("84912345678")  # Telegram may send it without the +
    assert "0912***678" in citizen.text


async def test_leaving_the_step_takes_the_action_away(app):
    citizen = on_telegram(app)
    await at_the_phone_step(citizen)
    await citizen.says("quay lại")
    assert "họ và tên" in citizen.text and ends(citizen)[0] and not any(shares(citizen))
    await citizen.says("Nguyễn Văn An")
    assert shares(citizen) == [PHONE_SHARE]
    await citizen.says("Bỏ qua")  # as the reply keyboard sends it
    assert "địa chỉ liên hệ" in citizen.text and ends(citizen) == [True]
    await citizen.says("quay lại")
    assert shares(citizen)[-1] == PHONE_SHARE and "«Giữ nguyên»" not in citizen.text
    await citizen.says("Hủy")
    assert "Đã hủy" in citizen.text and ends(citizen)[0]


async def test_a_contact_elsewhere_gets_the_polite_notice(app):
    citizen = on_telegram(app)
    await citizen.shares_contact("0912345678")
    assert citizen.text.startswith("Hệ thống chưa nhận danh bạ")
    await citizen.says("/phananh")
    await citizen.shares_contact("0912345678")
    assert "Hệ thống chưa nhận danh bạ" in citizen.replies[0].text
    assert "phản ánh về việc gì" in citizen.text  # the step's question again
    await citizen.says("Đèn chiếu sáng trên phố Đinh Tiên Hoàng tắt cả tuần nay.")
    await citizen.presses("Bưu chính")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    await citizen.shares_contact("0912345678")  # at the name step: not the phone's answer
    assert "Hệ thống chưa nhận danh bạ" in citizen.text and "họ và tên" in citizen.text


async def test_only_telegram_offers_it_and_in_english_too(app):
    for channel in (Channel.ZALO, Channel.WEB):
        citizen = Citizen(app.conversation, channel=channel, user_id=f"{channel}-1")
        await at_the_phone_step(citizen)
        assert "Xin Ông/Bà nhập số điện thoại" in citizen.text and not any(shares(citizen))
        assert "Gửi số điện thoại" not in citizen.text
    english = await in_english_at_the_phone_step(app)
    assert shares(english)[-1] == Share(ShareKind.PHONE, "📱 Send phone number")


async def test_leaving_it_gives_a_line_for_the_buttons_apart(app):
    """A channel that cannot send the buttons with the message taking the action away sends
    them after it under this line, in the citizen's language; a message without buttons has
    none."""
    citizen = on_telegram(app)
    await at_the_phone_step(citizen)
    await citizen.says("quay lại")
    assert citizen.replies[0].buttons_line == "Ông/Bà có thể bấm nút bên dưới."
    await citizen.says("Nguyễn Văn An")
    await citizen.shares_contact("0912345678")
    assert citizen.replies[0].ends_share and citizen.replies[0].buttons_line == ""
    english = await in_english_at_the_phone_step(app)
    await english.says("back")
    assert english.replies[0].buttons_line == "You can tap a button below."
