"""The live FAQ off the event loop: a question being matched, or the FAQ being rebuilt after a
staff change, never stops the bot from serving everyone else, and a rebuild shows nothing
until it is complete."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from bot.core.conversation import ConversationService
from bot.core.faq_index import FaqIndex
from bot.core.messages import Channel, UserRef
from bot.core.staff.desk import StaffDesk
from bot.core.staff.model import StaffOutcome
from faq.entries import FaqEntry
from faq.marks import strip_marks
from tests.faq.fake_embedder import FakeEmbedder, GatedEmbedder
from tests.transcript import Citizen

NEW = FaqEntry("the-moi", "Đăng ký cấp thẻ hội viên câu lạc bộ cờ tướng ở đâu?", (),
               "Tại nhà văn hóa phường.", "khac")


async def _entries(app) -> list[FaqEntry]:
    async with app.uow() as work:
        return await work.faq.all()


def _spam(entries: list[FaqEntry]) -> FaqEntry:
    return next(e for e in entries if "tin nhắn rác" in e.question)


async def _until(event) -> None:
    """Yields to the loop until a thread sets `event` (a few seconds at most)."""
    for _ in range(3000):
        if event.is_set():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the worker thread never got there")


async def test_other_chats_are_served_while_a_question_is_matched(app):
    entries, embedder = await _entries(app), GatedEmbedder()
    index = FaqIndex(entries, embedder=embedder)
    embedder.gate_queries = True
    citizen = Citizen(ConversationService(app.uow, replace(app.conversation.deps, faq=index)))
    other = UserRef(Channel.WEB, "citizen-0002")

    async def other_chat() -> None:
        # Another citizen's web chat polls while the question is in the sentence model; the
        # gate opens only if that poll is answered meanwhile.
        await _until(embedder.waiting)
        assert await app.conversation.take_pending(other) == []
        embedder.gate.set()

    polling = asyncio.create_task(other_chat())
    await citizen.says(_spam(entries).question)
    await polling
    assert embedder.opened == [True]  # False: the question held the loop until the timeout
    assert _spam(entries).question in citizen.text  # answered


async def test_a_rebuild_in_progress_never_shows_a_half_built_faq(app):
    before = await _entries(app)
    gone = _spam(before)
    embedder = GatedEmbedder()
    index = FaqIndex(before, embedder=embedder)
    desk = StaffDesk(app.uow, replace(app.staff.deps, faq=index))
    async with app.uow() as work:  # staff add an entry and take one down
        await work.faq.upsert([NEW])
        await work.faq.remove([gone.id])
        await work.commit()
    embedder.gate_passages = True  # the new entry's text waits in the model

    settling = asyncio.create_task(desk.settle(StaffOutcome(faq_changed=True)))
    await _until(embedder.waiting)
    # Meanwhile: the previous FAQ, whole, its entries and its matches agreeing.
    assert (index.get(NEW.id), index.get(gone.id), len(index)) == (None, gone, len(before))
    assert (await index.amatch(gone.question)).entry == gone
    embedder.gate.set()
    await settling

    assert (index.get(NEW.id), index.get(gone.id), len(index)) == (NEW, None, len(before))
    assert (await index.amatch(NEW.question)).entry == NEW
    assert embedder.opened == [True]


async def test_of_rebuilds_asked_for_meanwhile_only_the_latest_is_built():
    first = FaqEntry("a", "Thủ tục cấp giấy phép bưu chính", (), "Nộp hồ sơ tại Sở.")
    second, third, fourth = (replace(first, id=i, question=f"Thủ tục cấp giấy phép {what}")
                             for i, what in zip("bcd", ("xuất bản", "truyền hình", "in ấn"),
                                                strict=True))
    embedder = GatedEmbedder()
    index = FaqIndex([first], embedder=embedder)
    embedder.gate_passages = True

    building = asyncio.create_task(index.areplace([second]))
    await _until(embedder.waiting)
    later = [asyncio.create_task(index.areplace(entries)) for entries in ([fourth], [third])]
    await asyncio.sleep(0)
    assert index.get("a") == first  # nothing swapped in before its build ends
    embedder.gate.set()
    await asyncio.gather(building, *later)

    assert [index.get(i) for i in "abcd"] == [None, None, third, None]
    assert len(embedder.opened) == 2  # the superseded one's text was never embedded


async def test_questions_matched_side_by_side_get_the_answers_they_get_one_by_one(app):
    entries = await _entries(app)
    asked = [text for e in entries for text in (e.question, strip_marks(e.question))]
    with ThreadPoolExecutor(2) as pool:
        index = FaqIndex(entries, embedder=FakeEmbedder(), executor=pool)
        together = await asyncio.gather(*(index.amatch(q) for q in asked))
    assert together == [index.match(q) for q in asked]


async def test_a_question_is_matched_and_ranked_once_against_one_faq():
    entry = FaqEntry("buu-chinh", "Thủ tục cấp giấy phép bưu chính?", (), "Nộp hồ sơ tại Sở.")
    embedder = FakeEmbedder()
    index = FaqIndex([entry, NEW], embedder=embedder)
    first = await index.amatch(entry.question)
    assert await index.amatch(entry.question) == first
    assert await index.arank(entry.question, 2) == await index.arank(entry.question, 2)
    assert len(embedder.queries) == 2  # one match, one ranking
    index.replace([replace(entry, answer="Nộp hồ sơ trực tuyến."), NEW])
    assert (await index.amatch(entry.question)).entry.answer == "Nộp hồ sơ trực tuyến."
    assert (await index.arank(entry.question, 2))[0].answer == "Nộp hồ sơ trực tuyến."
    assert len(embedder.queries) == 4  # the new FAQ matched and ranked it again
