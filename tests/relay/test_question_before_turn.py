"""A citizen's question is matched against the FAQ before its turn opens a transaction: on
SQLite, whose one writer takes turns, other citizens' turns commit while the sentence model
works on it; the answer is the one the turn gave, from the FAQ of the moment the turn runs."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.core.conversation import ConversationService
from bot.core.faq_index import FaqIndex
from bot.core.messages import Channel, Incoming, Reply, UserRef
from bot.relay.inbox import Inbox
from tests.core.test_faq_index import _entries, _spam, _until
from tests.faq.fake_embedder import FakeEmbedder, GatedEmbedder
from tests.transcript import Citizen

FORM_STEP = "Đèn tín hiệu giao thông ở ngã tư Lê Lợi bị hỏng ba ngày nay."


def _service(app, index: FaqIndex) -> ConversationService:
    return ConversationService(app.uow, replace(app.conversation.deps, faq=index))


async def _relay(inbox: Inbox, key: str, event: Incoming) -> list[Reply]:
    """Stores an update and handles it, as a channel's lane does."""
    await inbox.store([(key, {"text": event.text})])
    return await inbox.turn([key]).handle(event)


def _texts(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


async def test_other_citizens_turns_commit_while_a_question_is_matched(app):
    entries, embedder = await _entries(app), GatedEmbedder(timeout=5)
    inbox = Inbox("telegram", app.uow, _service(app, FaqIndex(entries, embedder=embedder)))
    asker, other = UserRef(Channel.TELEGRAM, "1001"), UserRef(Channel.TELEGRAM, "1002")
    embedder.gate_queries = True
    question = _spam(entries).question
    asking = asyncio.create_task(_relay(inbox, "asker-1", Incoming(asker, text=question)))
    await _until(embedder.waiting)

    # The question is in the sentence model; another citizen's command and step of a form
    # are handled and committed meanwhile (the gate opens only then).
    welcome = await _relay(inbox, "other-1", Incoming(other, text="/start"))
    step = await _relay(inbox, "other-2", Incoming(other, text="/phananh"))
    step += await _relay(inbox, "other-3", Incoming(other, text=FORM_STEP))
    assert [key for key, _ in await inbox.pending()] == ["asker-1"]
    embedder.gate.set()
    answer = await asking

    assert embedder.opened == [True]  # False: the other turns waited for the question's
    assert "Xin chào" in _texts(welcome) and "lĩnh vực" in _texts(step)
    assert FORM_STEP not in embedder.queries  # a step of a form is not matched
    alone = _service(app, FaqIndex(entries, embedder=FakeEmbedder()))
    assert answer == await alone.handle(Incoming(UserRef(Channel.WEB, "alone"), text=question))
    assert _spam(entries).answer in _texts(answer)


async def test_the_web_chat_answers_another_citizen_while_a_question_is_matched(app):
    entries, embedder = await _entries(app), GatedEmbedder(timeout=5)
    service = _service(app, FaqIndex(entries, embedder=embedder))
    asker, other = Citizen(service), Citizen(service, user_id="citizen-0002")
    embedder.gate_queries = True
    asking = asyncio.create_task(asker.says(_spam(entries).question))
    await _until(embedder.waiting)
    await other.says("/start")
    embedder.gate.set()
    await asking
    assert embedder.opened == [True]
    assert "Xin chào" in other.text and _spam(entries).answer in asker.text


async def test_a_question_matched_before_the_faq_changed_is_answered_from_the_new_faq(app):
    entries, embedder = await _entries(app), GatedEmbedder(timeout=5)
    index = FaqIndex(entries, embedder=embedder)
    citizen = Citizen(_service(app, index))
    spam = _spam(entries)
    renewed = replace(spam, answer="Ông/Bà gọi tổng đài 156 (miễn phí) để phản ánh.")
    embedder.gate_queries = True
    asking = asyncio.create_task(citizen.says(spam.question))
    await _until(embedder.waiting)
    index.replace([renewed if entry.id == spam.id else entry for entry in entries])
    embedder.gate.set()
    await asking
    assert renewed.answer in citizen.text and spam.answer not in citizen.text

