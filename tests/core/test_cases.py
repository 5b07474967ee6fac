"""Similar requests handled together (issue 17): grouping at filing, the case's card, one
answer reaching every member on their own channel, merge and split audited, tố cáo apart."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.app.organisation_file import load_organisation
from bot.core.cases.places import places
from bot.core.cases.similarity import THRESHOLD, profile, score
from bot.core.catalog import Catalog
from bot.core.messages import Channel
from bot.core.statistics.figures import compute
from bot.core.statistics.periods import Period, PeriodKind
from bot.core.ticket_export import TicketRecord
from bot.reports.workbook import write_xlsx
from db.models import OutboxMessage
from handlers.telegram.keyboards import pieces
from handlers.zalo.messages import zalo_messages
from tests.core.requests import answer_elements, choose_filer
from tests.core.test_staff_desk import (
    LEADER,
    OFFICER,
    answer_prompt,
    button,
    give,
    press,
    say,
    with_officers,
)
from tests.identity_scan import Identity
from tests.transcript import Citizen

STAFF_CHAT = -100900
STAFF = Citizen(None, Channel.TELEGRAM, str(STAFF_CHAT))  # reads what the group is sent
CABLE = "Dây cáp viễn thông bị đứt rơi xuống lòng đường Lê Lợi, phường 3, rất nguy hiểm."


@pytest.mark.parametrize(("a", "b", "alike"), [
    (CABLE, "day cap vien thong dut roi xuong duong le loi p3 nguy hiem qua", True),
    (CABLE, "Cáp mạng đứt lủng lẳng trên đường Lê Lợi, xe đi qua suýt vướng vào cổ.", True),
    (CABLE, "Dây cáp viễn thông bị đứt rơi xuống lòng đường Nguyễn Trãi, rất nguy hiểm.", False),
    (CABLE, "Trạm BTS ở đường Lê Lợi, phường 3 chạy máy phát ồn suốt đêm.", False),
    ("Mất sóng điện thoại ở thôn Đông, xã Tân Phú", "mat song dt o thon dong xa tan phu", True),
    ("Mất sóng điện thoại ở thôn Đông", "Mất sóng điện thoại ở thôn Tây", False),
    ("Trang web dichvucong-gov.com giả mạo cổng dịch vụ công",
     "Trang web congdichvu-vn.net giả mạo cổng dịch vụ công", False),
])
def test_the_scorer_tells_the_same_problem_at_the_same_place(a, b, alike):
    assert (score(profile(a), profile(b)) >= THRESHOLD) is alike


@pytest.mark.parametrize(("text", "found"), [
    ("đứt cáp ở đường Lê Lợi, phường 3", {("street", ("le", "loi")), ("ward", ("3",))}),
    ("dut cap o dg le loi p3", {("street", ("le", "loi")), ("ward", ("3",))}),
    ("cột nghiêng đầu ngõ 12 Trần Phú, P.Tân Mai", {("alley", ("12",)), ("ward", ("tan", "mai"))}),
    ("đường truyền internet chập chờn, ảnh hưởng công việc", set()),
])
def test_places_are_read_with_or_without_diacritics(text, found):
    assert {(p.level.value, p.name) for p in places(text)[0]} == found


PEOPLE = {  # each citizen's own contact: none of it may reach another citizen or the case card
    "a": Identity("Trần Thị Bình", "0912 345 671", "số 3 ngõ 7 phố Hàng Bông, phường 2"),
    "b": Identity("Phạm Văn Cường", "0912 345 672", "số 9 đường Trần Hưng Đạo, phường 5"),
    "c": Identity("Lê Thị Dung", "0912 345 673", "thôn Bắc, xã An Hòa"),
    "d": Identity("Hoàng Văn Em", "0912 345 674", "số 1 đường Bà Triệu, phường 1"),
    "e": Identity("Lê Văn Tố", "0912 345 675", "Xã Đông, tỉnh Mẫu"),
}


async def report(app, user: str, text: str, channel=Channel.WEB, command="/phananh",
                 urgent: bool = False) -> Citizen:
    """Files `text` as the citizen `user` (its last letter picks their contact in PEOPLE)."""
    person = PEOPLE[user[-1]]
    citizen = Citizen(app.conversation, channel=channel, user_id=user)
    await citizen.says(command)
    await citizen.says(text)
    await answer_elements(citizen, command)  # a khiếu nại's or tố cáo's elements
    await citizen.presses("Viễn thông")
    if "Xong" in citizen.buttons():  # Telegram and Zalo ask for files
        await citizen.presses("Bỏ qua")
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, command)
    for value in (person.name, person.phone, person.address):
        await citizen.says(value)
    if command != "/tocao":
        await citizen.presses("Không công khai")
    if urgent:
        await citizen.presses("Báo khẩn cấp")
    await citizen.presses("Xác nhận gửi")
    return citizen


async def pushed(app, citizen: Citizen) -> str:
    return "\n".join(r.text for r in await app.conversation.take_pending(citizen.user))


async def test_one_case_many_citizens_one_answer_on_each_channel(app, clock):
    desk = await with_officers(app)
    a = await report(app, "tg-a", CABLE, Channel.TELEGRAM)
    assert "Mã tra cứu: PA-2026-00001" in a.text and "tiếp nhận trước đó" not in a.text
    clock.moment += timedelta(hours=2)
    b = await report(app, "zl-b", "day cap vien thong dut roi xuong duong le loi p3", Channel.ZALO)
    assert "PA-2026-00002" in b.text and "cùng những người đã phản ánh" in b.text
    assert "PA-2026-00001" not in b.text  # nobody else's code, nobody else's name
    c = await report(app, "web-c", "Cáp mạng đứt lủng lẳng trên đường Lê Lợi, phường 3.")
    assert "cùng những người đã phản ánh" in c.text
    other = await report(app, "web-d", "Dây cáp viễn thông bị đứt rơi xuống đường Nguyễn Trãi.")
    assert "cùng những người đã phản ánh" not in other.text
    sealed = await report(app, "web-e", CABLE, command="/tocao")
    assert "cùng những người đã phản ánh" not in sealed.text

    card = (await desk.card_for(1)).reply
    assert "3 người cùng phản ánh" in card.text and "hạn sớm nhất 24/03/2026" in card.text
    assert "PA-2026-00001, PA-2026-00002, PA-2026-00003" in card.text
    assert "PA-2026-00004" not in card.text and "TC-2026-00001" not in card.text
    assert not any(PEOPLE[k].found_in(card.text) for k in "bcde")  # a's own card shows a
    assert any(b.text == "Tách khỏi vụ việc" for b in card.buttons)
    assert "Thuộc vụ việc PA-2026-00001" in (await desk.card_for(2)).reply.text
    assert not any("Gộp" in b.text for b in (await desk.card_for(5)).reply.buttons)
    async with app.uow() as work:  # members get no card of their own: the case's is theirs
        assert [t.id for t in await work.tickets.without_card(10)] == [1, 4, 5]

    outcome = await say(desk, OFFICER, "Nhà mạng đã cử đội kỹ thuật thu gom cáp.", ticket_id=1)
    assert "3 người cùng phản ánh" in outcome.replies[0].text
    members = ((a, "a", "PA-2026-00001"), (b, "b", "PA-2026-00002"), (c, "c", "PA-2026-00003"))
    for citizen, key, code in members:
        got = "\n".join((citizen.text, await pushed(app, citizen)))  # filing and the answer
        assert f"Trả lời về {code}" in got and "thu gom cáp" in got
        assert not any(PEOPLE[k].found_in(got) for k in "abcde" if k != key)
        assert not any(other in got for _, _, other in members if other != code)
    assert "thu gom cáp" not in await pushed(app, other)

    outcome = await give(desk, OFFICER, "st:close:1", "Đã thu gom và treo lại cáp gọn gàng.")
    assert "Đã đóng 3 hồ sơ của vụ việc PA-2026-00001" in outcome.replies[0].text
    for citizen, _, code in members:
        got = await app.conversation.take_pending(citizen.user)
        assert code in got[0].text and "treo lại cáp" in got[0].text
        assert got[1].buttons[0].payload == f"rate:{code}:5"
    async with app.uow() as work:
        for ticket_id in (1, 2, 3):  # each ticket keeps its own history and clock
            kinds = [e.kind for e in await work.tickets.history(ticket_id)]
            assert kinds.count("message_out") == 1 and kinds[-1] == "closed"
            assert (await work.tickets.get(ticket_id)).resolved_at == clock.moment
        assert (await work.tickets.get(4)).is_open
        since, until = clock.moment - timedelta(days=1), clock.moment + timedelta(minutes=1)
        counts = {c.type: c for c in await work.cases.counts(since, until)}
        assert (counts["phan_anh"].don, counts["phan_anh"].vu_viec) == (4, 2)
        assert (counts["to_cao"].don, counts["to_cao"].vu_viec) == (1, 1)


@pytest.mark.parametrize("urgent", [False, True], ids=["ordinary", "urgent"])
async def test_the_joined_receipt_is_one_message_with_its_buttons_beneath(app, urgent):
    await report(app, "tg-a", CABLE, Channel.TELEGRAM)
    b = await report(app, "zl-b", "day cap vien thong dut roi xuong duong le loi p3", Channel.ZALO,
                     urgent=urgent)
    [receipt] = [r for r in b.replies if "PA-2026-00002" in r.text]
    assert receipt.text.startswith("Đã tiếp nhận phản ánh của Ông/Bà. Mã tra cứu: PA-2026-00002")
    assert receipt.text.splitlines()[-1].startswith("Vấn đề này đã được tiếp nhận trước đó")
    assert ("xử lý khẩn cấp" in receipt.text) is urgent
    assert "Tra cứu" in " ".join(button.text for button in receipt.buttons)
    assert b.replies[-1] is receipt  # nothing comes after its buttons
    [zalo] = zalo_messages(receipt.text, receipt.buttons)  # within Zalo's 2,000 characters
    assert zalo["text"] == receipt.text and "attachment" in zalo
    [telegram] = pieces(receipt.text, receipt.buttons)  # and Telegram's 4,096
    assert telegram.text == receipt.text and telegram.keyboard is not None


async def test_officers_merge_and_split_from_the_card_and_both_are_audited(app):
    desk = await with_officers(app)
    first = await report(app, "web-a", CABLE)
    await desk.remember_card(1, STAFF_CHAT, None, 501)  # the case's card, as posted
    second = await report(app, "web-b", "Cột treo cáp ở đường Lê Lợi nghiêng sắp đổ vào nhà.")
    await pushed(app, second)
    assert "cùng những người đã phản ánh" not in second.text
    refused = await give(desk, OFFICER, "st:merge:2", "PA-2026-00099")
    assert "Không tìm thấy hồ sơ PA-2026-00099" in refused.replies[-1].text
    outcome = await give(desk, OFFICER, "st:merge:2", "pa 2026 1")
    assert "Đã gộp hồ sơ PA-2026-00002 vào vụ việc PA-2026-00001" in outcome.replies[0].text
    told = await pushed(app, second)
    assert "PA-2026-00002" in told and "cùng những người đã phản ánh" in told
    assert "PA-2026-00001" not in told and not PEOPLE["a"].found_in(told)
    assert "2 người cùng phản ánh" in (await desk.card_for(1)).reply.text
    assert "2 người cùng phản ánh" in await pushed(app, STAFF)  # the posted card is edited

    outcome = await give(desk, OFFICER, "st:split:2", "Khác vấn đề: cột nghiêng, không phải cáp.")
    assert "Đã tách hồ sơ PA-2026-00002" in outcome.replies[0].text
    assert "người cùng phản ánh" not in (await desk.card_for(1)).reply.text
    assert "Vụ việc" not in (await app.conversation.take_pending(STAFF.user))[-1].text
    async with app.uow() as work:
        mine = [(e.kind, e.actor) for e in await work.tickets.history(2)]
        assert ("case_merged", f"officer:{OFFICER}") in mine
        assert ("case_split", f"officer:{OFFICER}") in mine
        lead = [e.kind for e in await work.tickets.history(1)]
        assert "case_member_added" in lead and "case_member_left" in lead
        assert (await work.tickets.get(2)).case_id is None
    await say(desk, OFFICER, "Đã báo nhà mạng.", ticket_id=1)
    assert "Đã báo nhà mạng" not in await pushed(app, second)
    assert "Đã báo nhà mạng" in await pushed(app, first)


async def test_a_ticket_another_officer_split_first_is_not_said_to_be_in_the_case(app):
    desk = await with_officers(app)
    await report(app, "web-a", CABLE)
    await report(app, "web-b", CABLE)  # joins PA-2026-00001's case at filing
    first = await answer_prompt(desk, OFFICER, await press(desk, OFFICER, "st:split:2"),
                                "Khác vấn đề: cột nghiêng, không phải cáp.")
    second = await answer_prompt(desk, LEADER, await press(desk, LEADER, "st:split:2"),
                                 "Khác vấn đề: cột nghiêng, không phải cáp.")
    done = await press(desk, OFFICER, button(first, "Gửi"))
    assert "Đã tách hồ sơ PA-2026-00002" in done.replies[0].text
    late = await press(desk, LEADER, button(second, "Gửi"))
    alone = "Hồ sơ PA-2026-00002 không thuộc vụ việc nào"
    assert late.alert.startswith(alone) and "đã thuộc vụ việc" not in late.alert
    again = await press(desk, OFFICER, "st:split:2")  # an old card's button: no prompt
    assert again.alert.startswith(alone) and again.replies == []


async def test_two_officers_splitting_one_case_at_once_leave_no_case_of_one_ticket(app):
    # Three citizens report one fallen cable; two officers each split one of the first two out
    # at the same moment. The third is left alone: no more a case (README: a case left with one
    # ticket ends), else a later report joining it would be answered from a card not its own.
    await with_officers(app)
    for user in ("web-a", "web-b", "web-c"):
        await report(app, user, CABLE)
    async with app.uow() as work:
        assert [t.id for t in await work.cases.members(1)] == [1, 2, 3]

    async def split(ticket_id: int, started: asyncio.Event | None = None) -> None:
        async with app.uow() as work:
            await work.cases.leave(ticket_id)
            if started is not None:
                started.set()
                await asyncio.sleep(0.3)  # the other officer's split runs meanwhile
            await work.commit()

    first = asyncio.Event()
    splitting = asyncio.create_task(split(1, first))
    await first.wait()
    await asyncio.gather(splitting, split(2))
    async with app.uow() as work:
        assert [(await work.tickets.get(i)).case_id for i in (1, 2, 3)] == [None, None, None]
        assert await work.cases.of_ticket(3) is None


async def test_a_denunciation_is_never_merged(app):
    desk = await with_officers(app)
    await report(app, "web-a", CABLE)
    await report(app, "web-b", CABLE, command="/tocao")
    outcome = await give(desk, OFFICER, "st:merge:1", "TC-2026-00001")
    assert "Tố cáo không được gộp" in outcome.replies[-1].text
    outcome = await press(desk, OFFICER, "st:merge:2")
    assert outcome.alert
    async with app.uow() as work:
        assert (await work.tickets.get(1)).case_id is None
        assert (await work.tickets.get(2)).case_id is None


def test_statistics_count_don_and_vu_viec_from_the_links(tmp_path):
    tz = ZoneInfo("Asia/Ho_Chi_Minh")

    def record(code: str, kind: str, case: str | None, day: int) -> TicketRecord:
        at = datetime(2026, 3, day, 3, 0, tzinfo=UTC)
        return TicketRecord(code, kind, "web", "vien_thong", at, "received", "first", None,
                            None, None, None, 0, case=case)

    records = [record("PA-2026-00001", "phan_anh", "PA-2026-00001", 2),
               record("PA-2026-00002", "phan_anh", "PA-2026-00001", 3),
               record("PA-2026-00003", "phan_anh", "PA-2026-00001", 4),
               record("PA-2026-00004", "phan_anh", None, 5),
               record("KN-2026-00001", "khieu_nai", "KN-2026-00001", 5),
               record("KN-2026-00002", "khieu_nai", "KN-2026-00001", 6),
               record("TC-2026-00001", "to_cao", None, 6)]
    stats = compute(records, Period(PeriodKind.MONTH, 2026, 3), tz,
                    datetime(2026, 4, 2, tzinfo=UTC))
    pa, kn = stats.by_type["phan_anh"], stats.by_type["khieu_nai"]
    assert (pa.received, pa.received_vu_viec, pa.received_shared) == (4, 2, 1)
    assert (kn.received, kn.received_vu_viec, kn.received_shared) == (2, 1, 1)
    assert (stats.total.received, stats.total.received_vu_viec) == (7, 4)

    out = tmp_path / "r.xlsx"
    write_xlsx(stats, load_organisation(None), Catalog.load(), tz, out)
    cells = list(load_workbook(out).active.iter_rows(values_only=True))
    title = next(i for i, row in enumerate(cells) if row[0] and "VỤ VIỆC" in str(row[0]))
    assert cells[title + 1][2:5] == ("Số đơn tiếp nhận", "Số vụ việc",
                                     "Vụ việc có từ 02 đơn trở lên")
    rows = {row[1]: row[2:5] for row in cells[title + 2:title + 7]}
    assert rows["Tổng cộng"] == (7, 4, 2)


async def test_a_members_reminder_is_posted_at_its_cases_card(app, clock):
    desk = await with_officers(app)
    await report(app, "web-a", CABLE)
    await desk.remember_card(1, STAFF_CHAT, 77, 501)  # the case's card in its forum topic
    await report(app, "web-b", "day cap vien thong dut roi xuong duong le loi p3")
    await app.conversation.take_pending(STAFF.user)
    async with app.uow() as work:
        assert (await work.tickets.get(2)).staff_chat_id is None  # no card of its own
    clock.moment += timedelta(days=8)
    await app.reminders.run(clock.moment)
    async with app.uow() as work:
        sent = await work.outbox.for_recipient(STAFF.user)
    about = [r for r in sent if "PA-2026-00002" in r.text]
    assert about, [r.text for r in sent]


async def test_the_posted_case_card_is_edited_when_someone_joins_at_filing(app):
    desk = await with_officers(app)
    await report(app, "web-a", CABLE)
    await desk.remember_card(1, STAFF_CHAT, None, 501)
    await report(app, "web-b", "day cap vien thong dut roi xuong duong le loi p3")
    notice = await pushed(app, STAFF)
    assert "➕ Hồ sơ PA-2026-00002 cùng phản ánh" in notice and "2 người" in notice
    assert await desk.queue_cards(STAFF_CHAT) == 1  # the edit of card 501
    assert "2 người cùng phản ánh" in await pushed(app, STAFF)
    assert await desk.queue_cards(STAFF_CHAT) == 0  # once


@pytest.mark.parametrize("app_settings", [{"telegram_staff_chat_id": STAFF_CHAT}])
async def test_a_members_follow_up_reaches_the_cases_topic(app):
    desk = await with_officers(app)
    await report(app, "web-a", CABLE)
    await desk.remember_card(1, STAFF_CHAT, 77, 501)  # the case's forum topic
    member = await report(app, "web-b", "day cap vien thong dut roi xuong duong le loi p3")
    await member.sends_payload("reply:PA-2026-00002")
    await member.says("Cáp vẫn nằm dưới đường, xe máy vừa vướng phải.")
    async with app.uow() as work:
        bodies = list(await work.session.scalars(select(OutboxMessage.body).where(
            OutboxMessage.recipient == str(STAFF_CHAT))))
    wrote = [body for body in bodies if "vừa vướng phải" in body["text"]]
    assert len(wrote) == 1 and "PA-2026-00002" in wrote[0]["text"]
    assert wrote[0]["thread_id"] == 77
