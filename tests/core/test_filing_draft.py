"""A draft stored before the filing flow became a state table of typed steps resumes where the
citizen left it: the stored step names and keys are today's, and a key this version does not
know survives a turn."""

from __future__ import annotations

from bot.core.flows.draft import Draft
from bot.core.ports import ConversationState
from tests.transcript import Citizen

CONTENT = "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay."


def stored_draft(app, **more: object) -> dict[str, object]:
    """A phản ánh's draft in the format the flow stores today (and stored before the split)."""
    field = next(f.id for f in app.conversation.deps.org.fields if "Viễn thông" in f.name)
    return {"type": "phan_anh", "attachments": [], "files": False, "content": CONTENT,
            "field": field, "consent": True, "with_contact": True, "name": "Nguyễn Văn An",
            **more}


async def resume(app, state: str, data: dict[str, object]) -> Citizen:
    citizen = Citizen(app.conversation)
    async with app.uow() as work:
        await work.conversations.save(citizen.user, ConversationState(state, data))
        await work.commit()
    return citizen


async def test_a_draft_stored_at_its_summary_is_sent(app):
    data = stored_draft(app, phone="0912345678", address="12 Lê Lợi, phường Đông Ba, Huế",
                        publish=False)
    citizen = await resume(app, "file.confirm", data)
    await citizen.sends_payload("file:confirm")
    assert "PA-2026-00001" in citizen.text
    async with app.uow() as work:
        ticket = await work.tickets.get(1)
        contact = await work.tickets.contact(1)
    assert ticket.content == CONTENT and contact.name == "Nguyễn Văn An"


async def test_a_draft_stored_mid_contact_asks_on_and_keeps_unknown_keys(app):
    citizen = await resume(app, "file.phone", stored_draft(app, later_key="kept"))
    await citizen.says("0912345678")
    assert "địa chỉ liên hệ" in citizen.text
    await citizen.says("12 Lê Lợi, phường Đông Ba, thành phố Huế")
    await citizen.presses("Không công khai")
    assert CONTENT in citizen.text and "0912" in citizen.text  # the summary, phone masked
    async with app.uow() as work:
        state = await work.conversations.load(citizen.user)
    assert state.state == "file.confirm" and state.data["later_key"] == "kept"
    await citizen.presses("Xác nhận gửi")
    assert "PA-2026-00001" in citizen.text


def test_the_typed_draft_encodes_what_it_decoded() -> None:
    stored = {"type": "khieu_nai", "attachments": [{"kind": "photo", "file_ref": "f1",
                                                    "size": 10, "mime": None, "name": None}],
              "files": True, "content": CONTENT, "details": {"round": "2"}, "element": 1,
              "filer": "organisation", "organisation": "Công ty TNHH An Bình",
              "consent": True, "with_contact": True, "later_key": [1, 2]}
    draft = Draft.decode(stored)
    assert draft.filer == "organisation" and draft.details == {"round": "2"}
    assert draft.encode() == stored
