"""Officers acting on tickets through the staff desk: roles, actions, notices, audit, sealing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.messages import Channel, UserRef
from bot.core.ports import Officer
from bot.core.staff.model import StaffEvent
from db.models import TicketRow
from tests.core.requests import (
    TWO_STAGE_COMMANDS,
    answer_elements,
    choose_filer,
    receive_signed_forms,
)
from tests.transcript import Citizen

OFFICER, LEADER, STRANGER = 1001, 2002, 9999


async def with_officers(app):
    """The staff desk of `app` with an officer and a leader registered."""
    async with app.uow() as work:
        await work.officers.add(Officer(OFFICER, "Nguyễn Cán Bộ", "officer", "bcvt"))
        await work.officers.add(Officer(LEADER, "Trần Lãnh Đạo", "leader"))
        await work.commit()
    return app.staff


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def file(app, command: str, *, user_id: str = "citizen-0001", contact=None,
               channel: Channel = Channel.WEB) -> Citizen:
    citizen = Citizen(app.conversation, channel, user_id=user_id)
    await citizen.says(command)
    await citizen.says("Trạm BTS đặt trên nóc nhà bên cạnh gây tiếng ồn suốt đêm nay.")
    await answer_elements(citizen, command)
    await citizen.presses("Viễn thông")
    if "Xong" in citizen.buttons():
        await citizen.presses("Bỏ qua")  # the attachments step, on channels with files
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, command)
    if contact:
        for value in contact:
            await citizen.says(value)
    else:
        await citizen.presses("Bỏ qua")
    if command != "/tocao":
        await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    if command in TWO_STAGE_COMMANDS:
        await receive_signed_forms(app)
    return citizen


async def pushed(app, citizen: Citizen) -> str:
    return "\n".join(r.text for r in await app.conversation.take_pending(citizen.user))


async def press(desk, officer: int, payload: str, **kw):
    return await desk.handle(StaffEvent(officer, payload=payload, **kw))


async def say(desk, officer: int, text: str, **kw):
    return await desk.handle(StaffEvent(officer, text=text, **kw))


_message_ids = iter(range(50_000, 60_000))


async def answer_prompt(desk, officer: int, asked, text: str):
    """Replies to the prompt in `asked` once the channel reported it sent (as Telegram does)."""
    prompt = asked.replies[-1]
    assert prompt.ref, "the prompt carries a marker the channel reports back"
    message_id = next(_message_ids)
    await desk.on_receipt(prompt.ref, message_id, True)
    return await say(desk, officer, text, reply_to=message_id)


def button(outcome, label: str) -> str:
    return next(b.payload for r in outcome.replies for b in r.buttons if label in b.text)


async def give(desk, officer: int, payload: str, text: str):
    """Presses an action needing a text, answers its prompt and confirms the preview."""
    preview = await answer_prompt(desk, officer, await press(desk, officer, payload), text)
    if not any(b.text == "Gửi" for r in preview.replies for b in r.buttons):
        return preview  # refused (e.g. too short, or the law allows no more extensions)
    return await press(desk, officer, button(preview, "Gửi"))


async def test_card_shows_the_ticket_and_the_buttons_that_apply(app, desk):
    await file(app, "/phananh")
    card = await desk.card_for(1)
    text = card.reply.text
    assert "PA-2026-00001" in text and "phản ánh" in text and "Viễn thông" in text
    assert "24/03/2026" in text and "còn 10 ngày làm việc" in text and "chưa phân công" in text
    labels = [b.text for b in card.reply.buttons]
    # Issue 14: a phản ánh is received, handled, forwarded, answered; never thụ lý.
    assert labels[:3] == ["Nhận xử lý", "Giao xử lý", "Chuyển cơ quan khác"]
    assert "Đóng" not in labels
    assert "Thụ lý" not in labels and "Không thụ lý" not in labels
    await file(app, "/tocao", user_id="citizen-0002",
               contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    labels = [b.text for b in (await desk.card_for(2)).reply.buttons]
    assert labels[:3] == ["Nhận xử lý", "Thụ lý", "Không thụ lý"]


async def test_strangers_are_ignored_and_their_buttons_change_nothing(app, desk):
    await file(app, "/phananh")
    outcome = await press(desk, STRANGER, "st:claim:1")
    assert outcome.alert and "chưa được đăng ký" in outcome.alert and outcome.card is None
    outcome = await say(desk, STRANGER, "tôi trả lời hộ", ticket_id=1)
    assert outcome.ignored and outcome.replies == []
    async with app.uow() as work:
        ticket = await work.tickets.get(1)
        assert ticket.assignee_id is None and len(await work.tickets.history(1)) == 1


async def test_claim_accept_reply_close_with_notices_and_history(app, desk, clock):
    citizen = await file(app, "/phananh")
    outcome = await press(desk, OFFICER, "st:claim:1")
    assert "Nguyễn Cán Bộ" in outcome.card.reply.text and "Đang xử lý" in outcome.card.reply.text
    # The answer clock starts (bot.core.staff.second_clock): 30 days, Thu 9/4.
    assert "Hạn trả lời: 09/04/2026" in await pushed(app, citizen)

    clock.moment += timedelta(days=1)
    outcome = await press(desk, OFFICER, "st:accept:1")  # issue 14: no thụ lý for a phản ánh
    assert outcome.alert and "không áp dụng cho phản ánh" in outcome.alert
    assert "PA-2026-00001" not in await pushed(app, citizen)

    await say(desk, OFFICER, "Chúng tôi đã đề nghị nhà mạng kiểm tra trạm.", ticket_id=1)
    await say(desk, OFFICER, "/note đã gọi điện cho nhà mạng", ticket_id=1)
    notices = await pushed(app, citizen)
    assert "đề nghị nhà mạng kiểm tra" in notices and "gọi điện" not in notices
    assert "Nguyễn Cán Bộ" not in notices  # officers answer as the department

    outcome = await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    assert "Đã đóng" in outcome.replies[0].text and "Đã giải quyết" in outcome.card.reply.text
    notices = await app.conversation.take_pending(citizen.user)
    assert "Nhà mạng đã lắp bộ giảm ồn" in notices[0].text
    assert notices[1].buttons[0].payload == "rate:PA-2026-00001:5"
    await citizen.sends_payload("rate:PA-2026-00001:4")
    assert "Cảm ơn Ông/Bà đã đánh giá" in citizen.text

    outcome = await press(desk, OFFICER, "st:history:1")
    history = outcome.replies[0].text
    for step in ("tiếp nhận", "nhận xử lý", "trả lời người dân", "ghi chú nội bộ",
                 "đóng hồ sơ", "người dân đánh giá"):
        assert step in history


async def test_decline_needs_a_reason_that_reaches_the_citizen(app, desk):
    citizen = await file(app, "/khieunai", contact=["Lê Văn Khiếu", "0912345678", "Xã Đông"])
    chosen = await press(desk, OFFICER, "st:decline:1")
    assert [b.payload for b in chosen.replies[0].buttons] == [
        "st:decline:1:ineligible", "st:decline:1:guided"]
    asked = await press(desk, OFFICER, "st:decline:1:guided")
    assert "Nhập lý do" in asked.replies[0].text
    outcome = await answer_prompt(desk, OFFICER, asked, "ok")
    assert "quá ngắn" in outcome.replies[0].text
    outcome = await give(desk, OFFICER, "st:decline:1:guided",
                         "Nội dung không thuộc thẩm quyền của Sở.")
    assert "Không thụ lý" in outcome.card.reply.text
    async with app.uow() as work:  # the facts Biểu 01/XLD counts
        row = await work.session.get(TicketRow, 1)
        assert (row.eligible, row.competent, row.handling) == (True, False, "guided")
    assert "Lý do: Nội dung không thuộc thẩm quyền" in await pushed(app, citizen)
    outcome = await press(desk, OFFICER, "st:accept:1")
    assert outcome.alert and "không áp dụng" in outcome.alert


async def test_forward_and_transfer(app, desk):
    citizen = await file(app, "/phananh")
    outcome = await press(desk, OFFICER, "st:transfer:1")
    payloads = [b.payload for b in outcome.replies[0].buttons]
    assert "st:unit:1:thanh_tra" in payloads and f"st:to:1:{LEADER}" in payloads
    outcome = await press(desk, OFFICER, f"st:to:1:{LEADER}")
    assert "Trần Lãnh Đạo" in outcome.card.reply.text
    await give(desk, OFFICER, "st:forward:1", "Công an tỉnh Mẫu")
    assert "chuyển đến Công an tỉnh Mẫu" in await pushed(app, citizen)


async def test_assigning_to_an_officer_withdrawn_since_the_list_was_shown_says_so(app, desk):
    await file(app, "/phananh")
    async with app.uow() as work:
        await work.officers.add(Officer(3003, "Quản Trị", "admin"))
        await work.commit()
    listed = await press(desk, OFFICER, "st:transfer:1")
    await say(desk, 3003, "/huydangky", target=(LEADER, "Trần Lãnh Đạo"))
    outcome = await press(desk, OFFICER, button(listed, "Trần Lãnh Đạo"))
    assert outcome.alert == ("Đơn vị hoặc cán bộ này không còn trong danh sách (ví dụ đã hủy "
                             "đăng ký) nên hồ sơ PA-2026-00001 chưa được giao. Vui lòng bấm "
                             "«Giao xử lý» trên thẻ hồ sơ để chọn lại.")
    outcome = await press(desk, OFFICER, "st:unit:1:phong_da_giai_the")
    assert "chưa được giao" in outcome.alert
    async with app.uow() as work:
        assert (await work.tickets.get(1)).assignee_id is None


async def test_extension_within_the_law_and_refused_beyond(app, desk, clock):
    citizen = await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    # Luật Tố cáo Đ24(1): 7 working days from Tuesday 10/3/2026 → 19/3; once to 10 → 24/3.
    assert "19/03/2026" in (await desk.card_for(1)).reply.text
    outcome = await give(desk, OFFICER, "st:extend:1", "Cần xác minh thêm tại địa phương.")
    assert "24/03/2026" in outcome.replies[0].text
    assert "gia hạn đến 24/03/2026" in await pushed(app, citizen)
    outcome = await press(desk, OFFICER, "st:extend:1")
    assert "tối đa" in outcome.alert and outcome.replies == []


async def test_denouncer_identity_is_sealed_and_reveals_are_logged(app, desk):
    await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    card = (await desk.card_for(1)).reply
    assert "Lê Văn Tố" not in card.text and "0912345678" not in card.text
    assert "bảo mật" in card.text
    outcome = await press(desk, OFFICER, "st:reveal:1")
    assert "Chỉ lãnh đạo" in outcome.alert
    asked = await press(desk, LEADER, "st:reveal:1")
    assert "lý do" in asked.replies[0].text  # a reason first, for the audit log
    outcome = await answer_prompt(desk, LEADER, asked, "Xác minh nội dung tố cáo theo Điều 30")
    assert "Lê Văn Tố" not in outcome.replies[0].text  # the group sees only that it was done
    private = await app.conversation.take_pending(UserRef(Channel.TELEGRAM, str(LEADER)))
    assert "Lê Văn Tố" in private[0].text and "0912345678" in private[0].text
    history = (await press(desk, LEADER, "st:history:1")).replies[0].text
    assert "xem danh tính" in history and "Trần Lãnh Đạo" in history
    assert "Xác minh nội dung tố cáo theo Điều 30" in history  # the reason is logged
    assert "Lê Văn Tố" not in history and "0912345678" not in history


async def test_an_answered_question_becomes_an_faq_entry(app, desk):
    citizen = Citizen(app.conversation)
    await citizen.says("Sở có hỗ trợ doanh nghiệp khởi nghiệp sáng tạo đăng ký sáng chế không?")
    await citizen.presses("Gửi câu hỏi cho cán bộ")
    await citizen.presses("Đồng ý, gửi câu hỏi")
    assert "HD-2026-00001" in citizen.text
    outcome = await press(desk, OFFICER, "st:faq_new:1")
    assert "chưa có câu trả lời" in outcome.alert
    answer = "Có, Sở hỗ trợ hướng dẫn hồ sơ đăng ký sáng chế miễn phí."
    await say(desk, OFFICER, answer, ticket_id=1)
    await give(desk, OFFICER, "st:close:1", "Đã trả lời người dân qua kênh chat.")
    preview = await press(desk, OFFICER, "st:faq_new:1")
    assert "Sở có hỗ trợ doanh nghiệp khởi nghiệp" in preview.replies[0].text
    outcome = await press(desk, OFFICER, button(preview, "Lưu"))
    assert "Đã thêm" in outcome.replies[0].text
    again = Citizen(app.conversation, user_id="another-citizen-7")
    await again.says("so co ho tro doanh nghiep khoi nghiep dang ky sang che khong")
    assert "hướng dẫn hồ sơ đăng ký sáng chế miễn phí" in again.text


async def test_not_resolved_after_closing_files_a_new_request_that_follows_the_old(app, desk):
    # DESIGN §6: a closed ticket is never reopened; the new one is linked and says so.
    citizen = await file(app, "/phananh")
    await press(desk, OFFICER, "st:claim:1")
    await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    pending = await app.conversation.take_pending(citizen.user)
    closed = next(n for n in pending if "Nhà mạng đã lắp bộ giảm ồn" in n.text)
    assert [(b.text, b.payload) for b in closed.buttons] == [
        ("Báo chưa được giải quyết", "again:PA-2026-00001")]
    await citizen.sends_payload("reply:PA-2026-00001")  # an older answer's «Trả lời cán bộ»
    assert "Báo chưa được giải quyết" in citizen.buttons()
    await citizen.presses("Báo chưa được giải quyết")
    assert "báo hồ sơ PA-2026-00001 chưa được giải quyết" in citizen.text
    await citizen.says("Trạm BTS vẫn gây tiếng ồn suốt đêm, bộ giảm ồn không có tác dụng.")
    await citizen.presses("Viễn thông")
    if "Xong" in citizen.buttons():
        await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    await citizen.presses("Bỏ qua")
    await citizen.presses("Không công khai")
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00002" in citizen.text

    card = (await press(desk, OFFICER, "st:claim:2")).card.reply.text
    assert "Tiếp theo hồ sơ PA-2026-00001: người dân báo chưa được giải quyết" in card
    old = (await press(desk, OFFICER, "st:history:1")).replies[0].text
    assert "người dân gửi yêu cầu mới vì chưa được giải quyết: PA-2026-00002" in old
    async with app.uow() as work:
        assert (await work.tickets.by_code("PA-2026-00001")).status == "closed"

    stranger = Citizen(app.conversation, user_id="someone-else-9")
    await stranger.sends_payload("again:PA-2026-00001")
    assert "PA-2026-00001" not in stranger.text
    await stranger.says("Nội dung này không được thành phản ánh.")
    assert "lĩnh vực" not in stranger.text  # no filing was begun for them


async def test_a_note_from_the_groups_command_menu_keeps_the_bots_name_out(app, desk):
    citizen = await file(app, "/phananh")
    await say(desk, OFFICER, "/note@pakn_bot đã gọi điện cho nhà mạng", ticket_id=1)
    history = (await press(desk, OFFICER, "st:history:1")).replies[0].text
    assert "ghi chú nội bộ: đã gọi điện cho nhà mạng" in history
    assert "pakn_bot" not in history
    assert "gọi điện" not in await pushed(app, citizen)


async def test_overdue_list(app, desk, clock):
    await file(app, "/phananh")
    assert "Không có hồ sơ quá hạn" in (await say(desk, OFFICER, "/quahan")).replies[0].text
    clock.moment += timedelta(days=20)  # Mon 30/3: 25-27 and 30/3 are past the due day
    text = (await say(desk, OFFICER, "/quahan")).replies[0].text
    assert "PA-2026-00001" in text and "24/03/2026 (quá hạn 4 ngày làm việc)" in text
    assert "24/03/2026 (quá hạn 4 ngày làm việc)" in (await desk.card_for(1)).reply.text


async def test_a_command_run_together_with_its_argument_is_not_taken_for_another(app, desk):
    # «/thongke03/2026» once showed this month's figures as if they were March's.
    for typed in ("/thongke03/2026", "/quahanxyz"):
        told = (await say(desk, OFFICER, typed)).replies
        assert [r.text for r in told] == [
            f"Nhóm cán bộ không có lệnh «{typed}». Gõ /help để xem các lệnh dùng được."]
    assert "Thống kê tháng 03/2026" in (
        await say(desk, OFFICER, "/thongke@pakn_bot 03/2026")).replies[0].text


@pytest.mark.parametrize("app_settings", [{"telegram_staff_chat_id": -100500}])
async def test_a_citizen_answers_the_officer_about_an_open_ticket(app, desk):
    citizen = await file(app, "/phananh")
    await say(desk, OFFICER, "Bạn vui lòng cho biết số nhà cụ thể?", ticket_id=1)
    notice = (await app.conversation.take_pending(citizen.user))[0]
    assert [b.payload for b in notice.buttons] == ["reply:PA-2026-00001"]
    await citizen.sends_payload("reply:PA-2026-00001")
    assert "nhập nội dung trả lời về PA-2026-00001" in citizen.text
    await citizen.says("Số nhà 12, ngõ 5 đường Lê Lợi.")
    assert "Đã gửi nội dung bổ sung" in citizen.text
    staff = await app.conversation.take_pending(UserRef(Channel.TELEGRAM, "-100500"))
    assert "PA-2026-00001" in staff[0].text and "Số nhà 12" in staff[0].text
    stranger = Citizen(app.conversation, user_id="someone-else-42")
    await stranger.sends_payload("reply:PA-2026-00001")
    assert "không còn dùng được" in stranger.text


async def test_admins_register_officers_by_replying_to_them(app, desk):
    async with app.uow() as work:
        await work.officers.add(Officer(3003, "Quản Trị", "admin"))
        await work.commit()
    outcome = await say(desk, OFFICER, "/dangky officer", target=(5005, "Lê Mới"))
    assert "Chỉ quản trị viên" in outcome.replies[0].text
    outcome = await say(desk, 3003, "/dangky leader thanh_tra", target=(5005, "Lê Mới"))
    assert "Đã đăng ký Lê Mới với vai trò lãnh đạo" in outcome.replies[0].text
    async with app.uow() as work:
        officer = await work.officers.by_telegram_id(5005)
    assert (officer.role, officer.unit) == ("leader", "thanh_tra")
    outcome = await say(desk, 3003, "/dangky boss", target=(5005, "Lê Mới"))
    assert "/dangky officer|leader|admin" in outcome.replies[0].text
    await say(desk, 3003, "/huydangky", target=(5005, "Lê Mới"))
    assert (await press(desk, 5005, "st:claim:1")).alert


async def test_closing_a_to_cao_asks_its_outcome_and_a_forwarded_don_takes_its_reply(app, desk):
    await file(app, "/tocao", contact=["Lê Văn Tố", "0912345678", "Xã Đông, tỉnh Mẫu"])
    await press(desk, OFFICER, "st:accept:1")
    offered = await press(desk, OFFICER, "st:close:1")
    assert [b.text for b in offered.replies[0].buttons] == [
        "Tố cáo đúng", "Tố cáo sai", "Tố cáo có đúng, có sai", "Đình chỉ giải quyết"]
    await give(desk, OFFICER, "st:close:1:sai", "Kết luận: nội dung tố cáo không đúng.")
    await file(app, "/phananh", user_id="citizen-0002")
    await give(desk, OFFICER, "st:forward:2", "Công an tỉnh Mẫu")
    card = await press(desk, OFFICER, "st:history:2")
    await give(desk, OFFICER, "st:reply_doc:2", "Công văn 45/CAT-PV01 ngày 20/3/2026")
    async with app.uow() as work:  # the facts the Thanh tra forms count
        closed, forwarded = (await work.session.get(TicketRow, 1),
                             await work.session.get(TicketRow, 2))
        assert (closed.eligible, closed.competent, closed.outcome) == (True, True, "sai")
        assert (forwarded.competent, forwarded.handling) == (False, "forwarded")
        assert forwarded.reply_document == "Công văn 45/CAT-PV01 ngày 20/3/2026"
        assert forwarded.reply_received_at is not None
    assert "Nhận văn bản trả lời" in [b.text for b in card.card.reply.buttons]


async def test_saying_it_is_not_resolved_offers_the_way_on_from_the_latest_request(app, desk):
    # DESIGN §6: the citizen can *say* «chưa được giải quyết», not only press the button.
    nobody = Citizen(app.conversation, user_id="no-requests-7")
    await nobody.says("vẫn chưa được giải quyết ạ")
    assert "chưa gửi yêu cầu nào từ tài khoản này" in nobody.text
    assert "Gửi phản ánh" in " ".join(nobody.buttons())

    citizen = await file(app, "/phananh")
    await citizen.says("chua dc giai quyet")
    assert "vẫn đang được xử lý" in citizen.text
    assert citizen.buttons() == ["PA-2026-00001 · phản ánh · 10/03"]

    await press(desk, OFFICER, "st:claim:1")
    await give(desk, OFFICER, "st:close:1", "Nhà mạng đã lắp bộ giảm ồn.")
    await app.conversation.take_pending(citizen.user)
    await citizen.says("Vẫn chưa được giải quyết")
    assert "Hồ sơ PA-2026-00001 đã kết thúc" in citizen.text
    await citizen.presses("Báo chưa được giải quyết")
    assert "báo hồ sơ PA-2026-00001 chưa được giải quyết" in citizen.text
