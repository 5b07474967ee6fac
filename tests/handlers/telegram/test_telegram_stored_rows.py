"""Rows queued before envelopes existed (their JSON bodies as the old code wrote them, with
what went out already) are delivered from where they stopped, nothing sent twice."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.messages import CardPlace, Channel
from bot.relay.outbox import OutboxDispatcher
from bot.relay.real_time import real_time
from db.models import OutboxMessage
from handlers.telegram.keyboards import pieces
from tests.fakes.outbox import run_until
from tests.handlers.telegram.test_telegram_cards import FAST, Unpaced
from tests.relay.test_outbox_body import CHART, OLD_CARD, OLD_FILE, OLD_SPLIT

GROUP, LEADER = -100800, 2002
LONG = ("Câu trả lời dài. " * 250 + "\n\n") * 3


async def store(app, recipient: int, body: dict) -> None:
    async with app.uow() as work:
        now = real_time()
        work.session.add(OutboxMessage(channel="telegram", recipient=str(recipient), body=body,
                                       status="pending", attempts=1, next_attempt_at=now,
                                       created_at=now))
        await work.commit()


async def test_old_rows_are_delivered_from_where_they_stopped(app, telegram):
    api, sender = telegram
    await store(app, GROUP, {**OLD_SPLIT, "text": LONG})
    await store(app, GROUP, OLD_CARD)
    await store(app, LEADER, {**OLD_FILE, "text": "Thống kê tháng 03/2026"})
    receipts: list[tuple[str, object, bool]] = []

    async def on_receipt(ref, sent, delivered):
        receipts.append((ref, sent, delivered))

    async def all_sent() -> bool:
        async with app.uow() as work:
            rows = await work.session.scalars(select(OutboxMessage.status))
            return set(rows) == {"sent"}

    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, Unpaced(sender.bot), FAST,
                                  on_receipt=on_receipt)
    await run_until(dispatcher, all_sent)

    texts = api.sent(GROUP)  # the first piece went out before; the card was posted before
    assert len(texts) == len(pieces(LONG, [])) - 1
    assert all(call.params["message_thread_id"] == 77 for call in texts)
    assert texts[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        "cmd:start")
    [copy] = api.files(GROUP)  # the photo was copied before; the document now
    assert copy.method == "sendDocument" and copy.params["message_thread_id"] == 55
    assert copy.params["reply_parameters"]["message_id"] == 901
    assert not api.of("createForumTopic") and not api.of("getChat")
    assert sorted(receipts, key=lambda r: r[0]) == [
        ("card:7", CardPlace(GROUP, 55, 901), True),
        ("prompt:1:ab", texts[-1].params["_message_id"], True)]
    [chart] = api.files(LEADER)
    assert chart.method == "sendPhoto" and chart.params["photo"].content == CHART.content
    assert chart.params["caption"] == CHART.caption
    assert api.sent(LEADER)[0].params["text"] == "Thống kê tháng 03/2026"
