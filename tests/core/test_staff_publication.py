"""Đề xuất công khai: an officer proposes a closed request's question (cleaned of personal
data, edited) and answer; a leader approves, rejects or takes it down; only what a leader
approved, of a consenting citizen and never of a tố cáo, is ever served or answered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.column import PublicationStatus
from bot.core.messages import Channel, UserRef
from tests.core.requests import answer_elements, choose_filer, receive_signed_forms
from tests.core.test_staff_desk import (
    LEADER,
    OFFICER,
    answer_prompt,
    button,
    give,
    press,
    with_officers,
)
from tests.transcript import Citizen

CONTACT = ("Nguyễn Văn An", "0912 345 678", "Số 12 ngõ 5 phố Huế")
CONTENT = ("Tôi là Nguyễn Văn An, SĐT 0912 345 678. Trạm BTS đặt trên nóc nhà số 12 ngõ 5 phố "
           "Huế gây tiếng ồn suốt đêm, Sở có kiểm tra được không?")
RESULT = ("Sở đã kiểm tra trạm BTS, yêu cầu doanh nghiệp thay quạt làm mát; tiếng ồn nay dưới "
          "mức cho phép theo QCVN 26:2010/BTNMT.")
QUESTION = "Trạm BTS gần nhà gây tiếng ồn ban đêm thì cơ quan nào kiểm tra?"


@pytest.fixture
async def desk(app):
    return await with_officers(app)


async def file_public(app, command: str = "/phananh", *, publish: bool = True,
                      user_id: str = "citizen-0001") -> Citizen:
    """A request with a contact, the citizen agreeing (or not) to publication."""
    citizen = Citizen(app.conversation, user_id=user_id)
    await citizen.says(command)
    await citizen.says(CONTENT)
    await answer_elements(citizen, command)
    await citizen.presses("Viễn thông")
    if not any("Tôi đồng ý" in label for label in citizen.buttons()):
        await citizen.presses("Bỏ qua")  # no photo of the place
    await citizen.presses("Tôi đồng ý")
    await choose_filer(citizen, command)
    for value in CONTACT:
        await citizen.says(value)
    if command != "/tocao":
        await citizen.presses("Đồng ý công khai" if publish else "Không công khai")
    await citizen.presses("Xác nhận gửi")
    return citizen


async def closed(app, desk, ticket_id: int = 1) -> bool:
    """Closes the request; whether the officer was told it may be proposed."""
    await press(desk, OFFICER, f"st:claim:{ticket_id}")
    done = await give(desk, OFFICER, f"st:close:{ticket_id}", RESULT)
    assert "Đã đóng" in done.replies[0].text
    return "«Đề xuất công khai»" in "\n".join(r.text for r in done.replies)


def labels(card) -> list[str]:
    return [b.text for b in card.reply.buttons]


async def served(app) -> list:
    async with app.uow() as work:
        return await work.publications.published()


async def edit(desk, officer: int, outcome, label: str, text: str):
    """Presses an edit button of a view and answers its prompt."""
    return await answer_prompt(desk, officer, await press(desk, officer, button(outcome, label)),
                               text)


async def test_propose_edit_approve_publishes_and_the_faq_answers(app, desk, clock):
    await file_public(app)
    assert await closed(app, desk)  # the officer is told it may be proposed
    card = await desk.card_for(1)
    assert "Đề xuất công khai" in labels(card)

    draft = await press(desk, OFFICER, "st:pub:1")
    text = draft.replies[0].text
    assert "Bản nháp" in text and "Viễn thông" in text and "QCVN 26:2010" in text
    assert "[đã xóa: họ tên]" in text and "[đã xóa: số điện thoại]" in text
    assert "[đã xóa: địa chỉ]" in text and "Đã xóa: họ tên, số điện thoại, địa chỉ" in text
    assert "Nguyễn Văn An" not in text and "0912" not in text and "ngõ 5" not in text
    assert await served(app) == []  # a draft is not served

    edited = await edit(desk, OFFICER, draft, "Sửa câu hỏi", QUESTION + " (ông An, 0912.345.678)")
    text = edited.replies[0].text
    assert QUESTION in text and "0912" not in text and "[đã xóa: số điện thoại]" in text
    edited = await edit(desk, OFFICER, edited, "Sửa câu hỏi", QUESTION)
    edited = await edit(desk, OFFICER, edited, "Sửa câu trả lời", RESULT + " Xin cảm ơn.")
    assert "Xin cảm ơn." in edited.replies[0].text
    assert "Bot không nhận ra thông tin cá nhân" in edited.replies[0].text

    proposed = await press(desk, OFFICER, button(edited, "Gửi lãnh đạo duyệt"))
    assert "chờ lãnh đạo duyệt" in proposed.replies[0].text
    async with app.uow() as work:
        notices = await work.outbox.for_recipient(UserRef(Channel.TELEGRAM, str(LEADER)))
    assert any("PA-2026-00001" in n.text and "Nguyễn Cán Bộ" in n.text for n in notices)
    assert await served(app) == []  # proposed is not approved

    refused = await press(desk, OFFICER, button(proposed, "Duyệt công khai"))
    assert refused.alert and "Chỉ lãnh đạo" in refused.alert and await served(app) == []

    clock.moment += timedelta(hours=2)
    approved = await press(desk, LEADER, button(proposed, "Duyệt công khai"))
    assert "Trần Lãnh Đạo đã duyệt" in approved.replies[0].text
    assert "/hoi-dap/1" in approved.replies[0].text
    (item,) = await served(app)
    assert item.question == QUESTION and item.answer == RESULT + " Xin cảm ơn."
    assert item.field == "vien_thong" and item.published_at == clock.moment

    asker = Citizen(app.conversation, user_id="citizen-0002")
    await asker.says("tram bts gan nha gay tieng on ban dem thi co quan nao kiem tra")
    assert "QCVN 26:2010" in asker.text  # the running matcher answers with the published answer

    async with app.uow() as work:
        kinds = [e.kind for e in await work.tickets.history(1)]
        actors = {e.kind: e.actor for e in await work.tickets.history(1)}
    assert kinds[-5:] == ["publication_edited", "publication_edited", "publication_edited",
                          "publication_proposed", "publication_approved"]
    assert "publication_drafted" in kinds and actors["publication_approved"] == f"officer:{LEADER}"


async def test_a_leader_rejects_with_a_reason_and_takes_down_what_was_published(app, desk):
    await file_public(app)
    await closed(app, desk)
    proposed = await press(desk, OFFICER, button(await press(desk, OFFICER, "st:pub:1"),
                                                 "Gửi lãnh đạo duyệt"))
    rejected = await edit(desk, LEADER, proposed, "Không duyệt", "Nội dung mang tính cá biệt.")
    assert "không duyệt" in rejected.replies[0].text and "cá biệt" in rejected.replies[0].text
    assert await served(app) == []
    again = await press(desk, OFFICER, "st:pub:1")
    assert "Lãnh đạo chưa duyệt" in again.replies[0].text
    # The leader's button of the first proposal is stale once it is edited and sent again.
    edited = await edit(desk, OFFICER, again, "Sửa câu hỏi", QUESTION)
    proposed_again = await press(desk, OFFICER, button(edited, "Gửi lãnh đạo duyệt"))
    stale = await press(desk, LEADER, button(proposed, "Duyệt công khai"))
    assert stale.alert and "đã được sửa" in stale.alert and await served(app) == []
    await press(desk, LEADER, button(proposed_again, "Duyệt công khai"))
    assert len(await served(app)) == 1

    shown = await press(desk, OFFICER, "st:pub:1")
    assert "đang được công khai tại /hoi-dap/1" in shown.replies[0].text
    refused = await press(desk, OFFICER, button(shown, "Gỡ khỏi chuyên mục"))
    assert refused.alert and len(await served(app)) == 1
    locked = await press(desk, OFFICER, "st:pub_q:1")
    assert locked.alert and "gỡ xuống trước" in locked.alert
    taken = await press(desk, LEADER, button(shown, "Gỡ khỏi chuyên mục"))
    assert "đã gỡ mục số 1" in taken.replies[0].text and await served(app) == []
    asker = Citizen(app.conversation, user_id="citizen-0002")
    await asker.says(QUESTION)
    assert "QCVN 26:2010" not in asker.text
    async with app.uow() as work:
        events = {e.kind: e for e in await work.tickets.history(1)}
    assert events["publication_rejected"].text == "Nội dung mang tính cá biệt."
    assert events["publication_withdrawn"].actor == f"officer:{LEADER}"


async def test_a_to_cao_is_never_offered_nor_served(app, desk):
    await file_public(app, "/tocao")
    await receive_signed_forms(app)  # the signed đơn recorded: the tố cáo is received
    await press(desk, LEADER, "st:claim:1")
    await press(desk, LEADER, "st:accept:1")
    await give(desk, LEADER, "st:close:1:sai", RESULT)  # a tố cáo's outcome class first
    card = await desk.card_for(1)
    assert card.ticket.status == "closed" and "Đề xuất công khai" not in labels(card)
    forged = await press(desk, OFFICER, "st:pub:1")
    assert forged.alert and "tố cáo không bao giờ" in forged.alert
    for action in ("pub_send", "pub_q", "pub_field"):
        assert (await press(desk, OFFICER, f"st:{action}:1")).alert
    # Even a row written past the desk (a bug, a hand edit), with consent forced, is not served.
    async with app.uow() as work:
        await work.tickets.update(1, publish_allowed=True)
        await work.publications.save(1, question="q", answer="a", status="published",
                                     published_at=app.clock.now())
        await work.commit()
    assert await served(app) == []
    async with app.uow() as work:
        assert await work.publications.published_one(1) is None


async def test_without_consent_nothing_is_offered_nor_served(app, desk):
    await file_public(app, publish=False)
    assert not await closed(app, desk)
    assert "Đề xuất công khai" not in labels(await desk.card_for(1))
    forged = await press(desk, OFFICER, "st:pub:1")
    assert forged.alert and "đồng ý công khai" in forged.alert
    async with app.uow() as work:
        await work.publications.save(1, question="q", answer="a", status="published",
                                     published_at=app.clock.now())
        await work.commit()
    assert await served(app) == []


async def test_an_open_request_is_not_offered_and_a_question_is(app, desk):
    await file_public(app)
    assert "Đề xuất công khai" not in labels(await desk.card_for(1))
    assert (await press(desk, OFFICER, "st:pub:1")).alert
    async with app.uow() as work:  # unapproved, even of a consenting citizen: not served
        await work.publications.save(1, question="q", answer="a", status="proposed")
        await work.commit()
    assert await served(app) == []

    asker = Citizen(app.conversation, user_id="citizen-0002")
    await asker.says("Sở có cấp kinh phí cho đề tài khoa học của hợp tác xã nuôi ong không?")
    await asker.presses("Gửi câu hỏi")
    assert "bỏ mọi thông tin cá nhân, để đăng trên chuyên mục Hỏi - Đáp" in asker.text
    await asker.presses("Đồng ý, gửi câu hỏi")
    await press(desk, OFFICER, "st:claim:2")
    await give(desk, OFFICER, "st:close:2", "Hợp tác xã được đề xuất nhiệm vụ cấp tỉnh hằng năm.")
    assert "Đề xuất công khai" in labels(await desk.card_for(2))
    draft = await press(desk, OFFICER, "st:pub:2")
    assert "hợp tác xã nuôi ong" in draft.replies[0].text
    fields = await press(desk, OFFICER, button(draft, "Chọn lĩnh vực"))
    chosen = await press(desk, OFFICER, button(fields, "Khoa học và công nghệ"))
    assert "Lĩnh vực: Khoa học và công nghệ" in chosen.replies[0].text
    proposed = await press(desk, OFFICER, button(chosen, "Gửi lãnh đạo duyệt"))
    await press(desk, LEADER, button(proposed, "Duyệt công khai"))
    (item,) = await served(app)
    assert item.field == "khoa_hoc_cong_nghe" and item.status is PublicationStatus.PUBLISHED
