"""The question a message asks, looked ahead before its turn: exactly the one the turn then
matches (or ranks, after «Không đúng câu hỏi của tôi») against the FAQ, in every state a
conversation can be in (a guess that missed would match inside the transaction; one too many
would spend the sentence model on a form)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.conversation import ConversationService
from bot.core.faq_index import FaqIndex
from bot.core.messages import Incoming
from faq.entries import FaqEntry
from faq.matcher import Match
from tests.transcript import Citizen

QUESTION = "Thủ tục cấp giấy phép bưu chính như thế nào?"
ANSWERED = "Tôi nhận được tin nhắn rác, tin nhắn quảng cáo liên tục thì phản ánh thế nào?"
WRONG = "faq:wrong"  # «Không đúng câu hỏi của tôi»
LATER = timedelta(hours=25)  # a filing started before is gone


class RecordingIndex(FaqIndex):
    """A FAQ noting every question it is asked to match or rank."""

    def __init__(self, entries: list[FaqEntry]) -> None:
        super().__init__(entries)
        self.asked: list[str] = []

    async def amatch(self, query: str) -> Match:
        self.asked.append(query)
        return await super().amatch(query)

    async def arank(self, query: str, k: int) -> list[FaqEntry]:
        self.asked.append(f"rank {k}: {query}")
        return await super().arank(query, k)


CASES = [
    ([], QUESTION, QUESTION),
    ([], f"Chào ad, cho hỏi {QUESTION}", f"cho hỏi {QUESTION}"),
    ([], f"/hoidap {QUESTION}", QUESTION),
    ([], "/start", None),
    ([], "hủy", None),
    ([], "xin chào", None),
    ([], "ok", None),
    (["/phananh"], "Đèn tín hiệu ở ngã tư Lê Lợi bị hỏng ba ngày nay.", None),
    (["/phananh"], "quay lại", None),
    (["/phananh", LATER], QUESTION, None),  # told the draft expired, nothing else
    (["/phananh", LATER], f"/hoidap {QUESTION}", QUESTION),
    (["/tracuu"], "PA-2026-00001", None),
    (["/tracuu"], "giấy phép 2026", None),  # taken for a mistyped code
    (["/tracuu"], QUESTION, QUESTION),
    (["/tracuu", timedelta(hours=1)], "giấy phép 2026", "giấy phép 2026"),  # no code awaited now
    ([ANSWERED], WRONG, f"rank 4: {ANSWERED}"),
    ([ANSWERED, WRONG], WRONG, None),  # the suggestions were not it either: the hand-over
    ([ANSWERED, "/phananh"], WRONG, None),
    ([], WRONG, None),
]


@pytest.mark.parametrize(("before", "text", "question"), CASES)
async def test_the_question_looked_ahead_is_the_one_the_turn_matches(
        app, clock, before, text, question):
    async with app.uow.reader() as work:
        index = RecordingIndex(await work.faq.all())
    service = ConversationService(app.uow, replace(app.conversation.deps, faq=index))
    citizen = Citizen(service)
    for step in before:
        if isinstance(step, timedelta):
            clock.moment += step
        elif step == WRONG:
            await citizen.sends_payload(step)
        else:
            await citizen.says(step)
    event = Incoming(citizen.user, **{"payload" if text == WRONG else "text": text})
    index.asked.clear()
    await service.prepare(event)
    looked_ahead, index.asked = index.asked, []
    async with app.uow() as work:
        await service.turn(event, work)
    assert looked_ahead == index.asked == ([question] if question else [])
