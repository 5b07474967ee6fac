"""A tố cáo filed over Telegram's stored-update path leaves the denouncer's identity only in the
sealed contacts once its updates are handled and its replies sent: the raw updates (display
name, username, what was typed) and the sent bodies are purged, and deduplication still works."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from sqlalchemy import func, select

from bot.core.messages import Channel
from bot.relay.outbox import OutboxDispatcher, Policy
from db.models import InboundUpdate, OutboxMessage
from handlers.telegram.channel import TelegramChannel, TelegramConfig
from tests.fakes.bot_process import TOKEN
from tests.identity_scan import Identity, places_holding

DENOUNCER = Identity("Trần Thị Bình", "0912.468.135", "Thôn 3, xã Đông Sơn",
                     handles=("binh_dongson_1980",))
USER = {"id": 4242, "is_bot": False, "first_name": "Trần Thị", "last_name": "Bình",
        "username": "binh_dongson_1980", "language_code": "vi"}
CHAT = {"id": 4242, "type": "private", "first_name": "Trần Thị", "last_name": "Bình",
        "username": "binh_dongson_1980"}
FAST = Policy(base_delay=0.01, max_delay=0.05, poll=0.02, max_attempts=3,
              lease=timedelta(seconds=5))


def says(update_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "chat": CHAT, "from": USER,
        "text": text}}


def presses(update_id: int, data: str) -> dict:
    return {"update_id": update_id, "callback_query": {
        "id": f"q{update_id}", "from": USER, "chat_instance": "c", "data": data,
        "message": {"message_id": 1, "date": int(time.time()), "chat": CHAT, "text": "…"}}}


FILING = [
    says(1, "/tocao"),
    says(2, "Cán bộ X nhận tiền để cấp phép sai quy định tại bộ phận một cửa."),
    says(3, "Ông Nguyễn Văn X, chuyên viên bộ phận một cửa"),  # who is denounced
    presses(4, "file:field:thu_tuc"),
    presses(5, "file:skip"),  # no attachments
    presses(6, "file:consent:yes"),
    says(7, DENOUNCER.name),
    says(8, DENOUNCER.phone),
    says(9, DENOUNCER.address),
    presses(10, "file:confirm"),
]


async def count(app, model, *where) -> int:
    async with app.uow() as work:
        return await work.session.scalar(select(func.count()).select_from(model).where(*where))


async def test_a_denouncer_on_telegram_is_left_only_in_the_sealed_contacts(app, telegram):
    api, sender = telegram
    channel = TelegramChannel(TelegramConfig(TOKEN, api.base), app.conversation, app.uow,
                              app.staff)
    items = [(str(u["update_id"]), u) for u in FILING]
    new = set(await channel.inbox.store(items))
    channel.worker.submit([item for item in items if item[0] in new])
    await channel.worker.idle()
    await channel.bot.session.close()
    assert await count(app, InboundUpdate, InboundUpdate.status == "handled") == len(FILING)
    assert await count(app, InboundUpdate, InboundUpdate.payload.is_not(None)) == 0
    # Only the replies still waiting to go out hold the identity (the summary to confirm).
    assert await places_holding(app.engine, DENOUNCER) == {"outbox.body"}

    task = asyncio.create_task(OutboxDispatcher(Channel.TELEGRAM, app.uow, sender, FAST).run())
    try:
        async with asyncio.timeout(20):  # ~12 messages at Telegram's 1 a second in a chat
            while await count(app, OutboxMessage, OutboxMessage.status == "pending"):
                await asyncio.sleep(0.02)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    texts = [call.params["text"] for call in api.sent(4242)]
    assert any("TC-2026-00001" in text for text in texts)
    assert await places_holding(app.engine, DENOUNCER) == set()  # sealed: in no column in clear

    # Telegram delivering the same updates again is still recognised, payload or not.
    assert await channel.inbox.store(items) == []
    assert await count(app, InboundUpdate) == len(FILING)
