"""An officer's pending action (Đóng, Không thụ lý, Chuyển cơ quan khác, Gia hạn, Xem danh tính,
Thêm vào Hỏi - Đáp) takes its text only from its own place, expires, and is confirmed on a
preview before anything leaves for a citizen; phone numbers are masked on cards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Channel, UserRef
from bot.core.ports import Officer
from bot.core.tickets import TicketStatus
from tests.core.test_staff_desk import (
    LEADER,
    OFFICER,
    answer_prompt,
    button,
    file,
    press,
    pushed,
    say,
    with_officers,
)
from tests.transcript import Citizen


@pytest.fixture
async def desk(app):
    return await with_officers(app)


STAFF = -100500
_ids = iter(range(90_000, 91_000))
ANNA = ("Trần Thị Anna", "0911 111 111", "Số 1 đường Lê Lợi")
BINH = ("Lê Văn Bình", "0922 222 222", "Số 2 đường Trần Phú")


async def two_tickets(app, desk, threads=(None, None)):
    """A's phản ánh (Anna) and B's kiến nghị (Bình), their cards posted (ids 101 and 102)."""
    anna = await file(app, "/phananh", user_id="citizen-anna", contact=ANNA)
    binh = await file(app, "/kiennghi", user_id="citizen-binh", contact=BINH)
    await desk.remember_card(1, STAFF, threads[0], 101)
    await desk.remember_card(2, STAFF, threads[1], 102)
    return anna, binh


async def status(app, ticket_id: int) -> TicketStatus:
    async with app.uow() as work:
        return (await work.tickets.get(ticket_id)).status


async def test_a_reply_to_another_card_goes_to_that_citizen_and_the_close_waits(app, desk):
    anna, binh = await two_tickets(app, desk)
    await press(desk, OFFICER, "st:claim:1")
    assert "Hạn trả lời" in await pushed(app, anna)  # the answer clock started
    asked = await press(desk, OFFICER, "st:close:1")
    assert "PA-2026-00001" in asked.replies[0].text and "trả lời (reply)" in asked.replies[0].text

    answer_b = "Kiến nghị của Ông/Bà đã được chuyển phòng chuyên môn xem xét."
    outcome = await say(desk, OFFICER, answer_b, ticket_id=2, reply_to=102)
    assert "KI-2026-00001" in outcome.replies[0].text and outcome.card.ticket.id == 2
    to_binh = await pushed(app, binh)
    assert "Trả lời về KI-2026-00001" in to_binh and answer_b in to_binh
    assert await pushed(app, anna) == "" and await status(app, 1) is TicketStatus.IN_PROGRESS
    await say(desk, OFFICER, "Tin nhắn chung trong nhóm, không trả lời thẻ nào.")
    assert await pushed(app, anna) == "" and await status(app, 1) is TicketStatus.IN_PROGRESS

    preview = await answer_prompt(desk, OFFICER, asked, "Nhà mạng đã di dời trạm BTS.")
    shown = preview.replies[0].text
    assert "PA-2026-00001 đã được giải quyết. Kết quả: Nhà mạng đã di dời trạm BTS." in shown
    assert [b.text for b in preview.replies[0].buttons] == ["Gửi", "Sửa", "Hủy"]
    assert await pushed(app, anna) == "" and await status(app, 1) is TicketStatus.IN_PROGRESS

    done = await press(desk, OFFICER, button(preview, "Gửi"))
    assert "Đã đóng hồ sơ PA-2026-00001" in done.replies[0].text
    assert await status(app, 1) is TicketStatus.CLOSED
    assert await status(app, 2) is TicketStatus.RECEIVED
    to_anna = await pushed(app, anna)
    assert "Nhà mạng đã di dời trạm BTS." in to_anna and "Lê Văn Bình" not in to_anna
    assert await pushed(app, binh) == ""
    again = await press(desk, OFFICER, button(preview, "Gửi"))  # a second press changes nothing
    assert again.alert and "không còn hiệu lực" in again.alert


async def test_in_a_forum_the_tickets_topic_completes_it_and_another_topic_does_not(app, desk):
    anna, binh = await two_tickets(app, desk, threads=(7001, 7002))
    await press(desk, OFFICER, "st:claim:1")
    await pushed(app, anna)
    await press(desk, OFFICER, "st:close:2")  # (a kiến nghị is answered, never thụ lý)
    outcome = await say(desk, OFFICER, "Chúng tôi sẽ trả lời Ông/Bà trong tuần này.",
                        ticket_id=1, thread_id=7001, reply_to=7001)
    assert "Đã gửi trả lời" in outcome.replies[0].text  # A's topic: a reply to A, as usual
    assert "trong tuần này" in await pushed(app, anna) and await pushed(app, binh) == ""
    preview = await say(desk, OFFICER, "Nội dung thuộc thẩm quyền của UBND huyện.",
                        ticket_id=2, thread_id=7002, reply_to=7002)
    assert "KI-2026-00001 đã được giải quyết" in preview.replies[0].text
    await press(desk, OFFICER, button(preview, "Gửi"))
    assert await status(app, 2) is TicketStatus.CLOSED
    assert await status(app, 1) is TicketStatus.IN_PROGRESS
    assert "thẩm quyền của UBND huyện" in await pushed(app, binh)
    assert await pushed(app, anna) == ""


async def test_a_pending_action_expires_after_five_minutes(app, desk, clock):
    anna, _ = await two_tickets(app, desk)
    asked = await press(desk, OFFICER, "st:forward:1")
    clock.moment += timedelta(minutes=4, seconds=59)
    preview = await answer_prompt(desk, OFFICER, asked, "Công an tỉnh Mẫu, phòng PC02.")
    assert "Gửi" in [b.text for b in preview.replies[0].buttons]
    clock.moment += timedelta(minutes=5)
    late = await press(desk, OFFICER, button(preview, "Gửi"))
    assert late.alert and "không còn hiệu lực" in late.alert
    assert await status(app, 1) is TicketStatus.RECEIVED and await pushed(app, anna) == ""

    asked = await press(desk, OFFICER, "st:forward:1")
    clock.moment += timedelta(minutes=5)
    outcome = await answer_prompt(desk, OFFICER, asked, "Công an tỉnh Mẫu, phòng PC02.")
    assert "hết hiệu lực" in outcome.replies[0].text and "chưa được gửi" in outcome.replies[0].text
    assert await status(app, 1) is TicketStatus.RECEIVED and await pushed(app, anna) == ""


async def test_edit_cancel_and_huy(app, desk):
    anna, _ = await two_tickets(app, desk)
    asked = await press(desk, OFFICER, "st:forward:1")
    preview = await answer_prompt(desk, OFFICER, asked, "Công an tỉnh")
    asked_again = await press(desk, OFFICER, button(preview, "Sửa"))
    assert "Nhập tên cơ quan" in asked_again.replies[0].text
    stale = await press(desk, OFFICER, button(preview, "Gửi"))  # the old preview is void
    assert stale.alert and await status(app, 1) is TicketStatus.RECEIVED
    preview = await answer_prompt(desk, OFFICER, asked_again, "Công an tỉnh Mẫu")
    assert "chuyển đến Công an tỉnh Mẫu" in preview.replies[0].text
    other = await press(desk, LEADER, button(preview, "Gửi"))  # not the leader's own wait
    assert other.alert and await status(app, 1) is TicketStatus.RECEIVED
    cancelled = await press(desk, OFFICER, button(preview, "Hủy"))
    assert "Đã bỏ" in cancelled.replies[0].text
    assert await status(app, 1) is TicketStatus.RECEIVED and await pushed(app, anna) == ""

    asked = await press(desk, OFFICER, "st:close:1")
    assert "Đã bỏ" in (await say(desk, OFFICER, "/huy")).replies[0].text
    outcome = await answer_prompt(desk, OFFICER, asked, "Kết quả đã có rồi nhé.")
    assert outcome.replies == [] and await status(app, 1) is TicketStatus.RECEIVED
    prompt = next(_ids)
    await desk.on_receipt((await press(desk, OFFICER, "st:close:1")).replies[0].ref, prompt, True)
    await press(desk, OFFICER, "st:forward:2")  # the wait moves to B
    outcome = await say(desk, OFFICER, "Đã xử lý xong rồi.", reply_to=prompt, reply_to_bot=True)
    assert "chưa được gửi" in outcome.replies[0].text  # told, not silently dropped
    assert await status(app, 1) is TicketStatus.RECEIVED and await pushed(app, anna) == ""


async def test_in_a_forum_a_reply_to_a_prompt_no_longer_waiting_never_reaches_the_citizen(
        app, desk, clock):
    anna, _ = await two_tickets(app, desk, threads=(501, 502))
    await pushed(app, anna)
    topic = {"ticket_id": 1, "thread_id": 501, "reply_to_bot": True}

    async def reply_to_prompt(officer: int, payload: str) -> object:
        prompt = next(_ids)
        await desk.on_receipt((await press(desk, officer, payload)).replies[0].ref, prompt, True)
        return prompt

    prompt = await reply_to_prompt(OFFICER, "st:close:1")
    await say(desk, OFFICER, "/huy")
    cancelled = await say(desk, OFFICER, "Kết quả đã có rồi nhé.", reply_to=prompt, **topic)
    assert "chưa được gửi cho người dân" in cancelled.replies[0].text
    prompt = await reply_to_prompt(OFFICER, "st:forward:1")
    clock.moment += timedelta(minutes=6)
    lapsed = await say(desk, OFFICER, "Công an tỉnh Mẫu.", reply_to=prompt, **topic)
    assert "hết hiệu lực" in lapsed.replies[0].text
    again = await say(desk, OFFICER, "Công an tỉnh Mẫu, phòng PC02.", reply_to=prompt, **topic)
    assert "chưa được gửi cho người dân" in again.replies[0].text
    prompt = await reply_to_prompt(LEADER, "st:close:1")  # another officer's live wait
    other = await say(desk, OFFICER, "Đã giải quyết xong.", reply_to=prompt, **topic)
    assert "chưa được gửi cho người dân" in other.replies[0].text
    assert await status(app, 1) is TicketStatus.RECEIVED and await pushed(app, anna) == ""
    answered = await say(desk, OFFICER, "Chúng tôi đang kiểm tra.", reply_to=101, **topic)
    assert "Đã gửi trả lời" in answered.replies[0].text  # a reply to the card still goes
    assert "Chúng tôi đang kiểm tra." in await pushed(app, anna)


async def test_only_leaders_reveal_with_a_logged_reason_and_the_group_hears_the_truth(app, desk):
    async with app.uow() as work:
        await work.officers.add(Officer(3003, "Quản Trị", "admin"))
        await work.commit()
    await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    await desk.remember_card(1, STAFF, None, 101)
    assert "Chỉ lãnh đạo" in (await press(desk, 3003, "st:reveal:1")).alert  # admins do not
    asked = await press(desk, LEADER, "st:reveal:1")
    assert "quá ngắn" in (await answer_prompt(desk, LEADER, asked, "xem")).replies[0].text
    outcome = await answer_prompt(desk, LEADER, asked, "Cần xác minh người tố cáo")
    told = outcome.replies[0].text
    assert "đang được gửi" in told and "Lê Văn Tố" not in told
    leader = UserRef(Channel.TELEGRAM, str(LEADER))
    private = await app.conversation.take_pending(leader)
    assert "Lê Văn Tố" in private[0].text and private[0].ref == f"reveal:1:{LEADER}"

    await desk.on_receipt(private[0].ref, None, False)  # e.g. 403: no private chat yet
    group = "\n".join(r.text for r in await app.conversation.take_pending(
        UserRef(Channel.TELEGRAM, str(STAFF))))
    assert "Không gửi được danh tính" in group and "Trần Lãnh Đạo" in group
    assert "Lê Văn Tố" not in group
    async with app.uow() as work:
        events = [(e.kind, e.text) for e in await work.tickets.history(1)]
    assert ("identity_revealed", "Cần xác minh người tố cáo") in events
    assert ("identity_undelivered", None) in events
    assert not any("Lê Văn Tố" in (text or "") or "0912345678" in (text or "")
                   for _, text in events)

    await desk.on_receipt(private[0].ref, 4242, True)
    group = "\n".join(r.text for r in await app.conversation.take_pending(
        UserRef(Channel.TELEGRAM, str(STAFF))))
    assert "đã được gửi tới chat riêng của Trần Lãnh Đạo" in group


async def test_phone_numbers_are_masked_and_shown_to_the_assignee_and_leaders(app, desk):
    await two_tickets(app, desk)
    card = (await desk.card_for(1)).reply
    assert "0911 *** 111" in card.text and "0911111111" not in card.text
    assert "st:phone:1" in [b.payload for b in card.buttons]
    refused = await press(desk, OFFICER, "st:phone:1")
    assert "Chỉ cán bộ được phân công" in refused.alert and "0911111111" not in refused.alert
    await press(desk, OFFICER, "st:claim:1")
    assert "0911111111" in (await press(desk, OFFICER, "st:phone:1")).alert
    assert "0911111111" in (await press(desk, LEADER, "st:phone:1")).alert
    async with app.uow() as work:
        views = [e.actor for e in await work.tickets.history(1) if e.kind == "phone_viewed"]
    assert views == [f"officer:{OFFICER}", f"officer:{LEADER}"]


async def test_an_faq_entry_is_reviewed_and_carries_no_personal_data(app, desk):
    citizen = Citizen(app.conversation)
    await citizen.says("Tôi là Nguyễn Văn An, nhà ở số 12 ngõ 5 phố Huế, SĐT 0912 345 678. "
                       "Sở có hỗ trợ doanh nghiệp đăng ký sáng chế không?")
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    await citizen.presses("Đồng ý, gửi câu hỏi")
    await say(desk, OFFICER, "Chào ông An, Sở hỗ trợ hướng dẫn hồ sơ sáng chế miễn phí.",
              ticket_id=1)
    await press(desk, OFFICER, "st:claim:1")
    asked = await press(desk, OFFICER, "st:close:1")
    await press(desk, OFFICER, button(
        await answer_prompt(desk, OFFICER, asked, "Đã trả lời qua kênh chat."), "Gửi"))

    preview = (await press(desk, OFFICER, "st:faq_new:1")).replies[0].text
    assert "Tôi là [đã xóa: họ tên]" in preview and "[đã xóa: địa chỉ]" in preview
    assert "[đã xóa: số điện thoại]" in preview and "0912" not in preview
    assert "Nguyễn Văn An" not in preview and "ngõ 5" not in preview
    assert "Đã xóa: họ tên, địa chỉ, số điện thoại" in preview
    asked = await press(desk, OFFICER, button(await press(desk, OFFICER, "st:faq_new:1"), "Sửa"))
    preview = await answer_prompt(desk, OFFICER, asked,
                                  "Sở có hỗ trợ đăng ký sáng chế không? (gọi 0912.345.678)")
    assert "(gọi [đã xóa: số điện thoại])" in preview.replies[0].text
    assert "Đã xóa: số điện thoại." in preview.replies[0].text  # what this text lost
    saved = await press(desk, OFFICER, button(preview, "Lưu"))
    assert "Đã thêm" in saved.replies[0].text
    async with app.uow() as work:
        entry = next(e for e in await work.faq.all() if e.id == "HD1")
    assert entry.question == "Sở có hỗ trợ đăng ký sáng chế không? (gọi [đã xóa: số điện thoại])"
    assert "hướng dẫn hồ sơ sáng chế miễn phí" in entry.answer
