"""Raw Bot API updates run through a real TelegramChannel (inbox, routers, worker, outbox) on
the test app, with no Bot API server: what it queues is read from the outbox."""

from __future__ import annotations

from handlers.telegram.channel import TelegramChannel, TelegramConfig
from tests.fakes.bot_process import TOKEN


async def channel_handles(app, *updates: dict, staff: int | None = -100777) -> TelegramChannel:
    """Stores the updates as the webhook or poller would, handles the new ones, waits."""
    channel = TelegramChannel(TelegramConfig(TOKEN, "http://127.0.0.1:9", staff_chat_id=staff,
                                             messages_per_minute=3),
                              app.conversation, app.uow, app.staff)
    items = [(str(u["update_id"]), u) for u in updates]
    new = set(await channel.inbox.store(items))
    channel.worker.submit([item for item in items if item[0] in new])
    await channel.worker.idle()
    await channel.bot.session.close()
    return channel
