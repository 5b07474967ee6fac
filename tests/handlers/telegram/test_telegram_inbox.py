"""Stored updates: deduplicated by key, handled once with the turn, and the staff group, other
groups and floods never reaching the citizen conversation."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from bot.core.messages import Channel, Incoming, UserRef
from bot.relay.inbox import Inbox
from db.models import InboundUpdate, OutboxMessage
from tests.handlers.telegram.through_channel import channel_handles

USER = {"id": 42, "is_bot": False, "first_name": "An", "language_code": "vi"}


def update(update_id: int, chat_id: int = 42, text: str = "/start", **extra) -> dict:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    return {"update_id": update_id, "message": {"message_id": update_id, "date": int(time.time()),
                                                "chat": chat, "from": USER, "text": text,
                                                **extra}}


class Row:
    def __init__(self, row) -> None:
        self.__dict__.update({k: v for k, v in vars(row).items() if not k.startswith("_")})


async def rows(app, model):
    """Plain copies of a table's rows (the session is gone once the unit of work closes)."""
    async with app.uow() as work:
        return [Row(row) for row in await work.session.scalars(select(model))]


async def test_store_keeps_each_update_once_and_lists_pending_in_order(app):
    inbox = Inbox(Channel.TELEGRAM, app.uow, app.conversation)
    assert await inbox.store([("10", update(10)), ("9", update(9))]) == ["10", "9"]
    assert await inbox.store([("10", update(10)), ("11", update(11))]) == ["11"]
    assert [key for key, _ in await inbox.pending()] == ["9", "10", "11"]


async def test_a_turn_marks_its_update_and_queues_its_replies_together(app):
    inbox = Inbox(Channel.TELEGRAM, app.uow, app.conversation)
    await inbox.store([("1", update(1))])
    replies = await inbox.turn(["1"]).handle(Incoming(UserRef(Channel.TELEGRAM, "42"),
                                                      text="/start"))
    assert await inbox.pending() == []
    queued = await rows(app, OutboxMessage)
    assert [(m.recipient, m.body["text"]) for m in queued] == [("42", replies[0].text)]
    assert queued[0].dedupe_key == "telegram:in:1:0"


async def test_a_message_refused_before_the_turn_is_still_answered_once(app):
    inbox = Inbox(Channel.TELEGRAM, app.uow, app.conversation)
    await inbox.store([("2", update(2))])
    await inbox.turn(["2"]).handle(Incoming(UserRef(Channel.TELEGRAM, "42"), text="a" * 5000))
    texts = [m.body["text"] for m in await rows(app, OutboxMessage)]
    assert len(texts) == 1 and texts[0].startswith("Tin nhắn dài quá")
    assert [u.status for u in await rows(app, InboundUpdate)] == ["handled"]


async def test_staff_and_other_groups_are_set_aside(app):
    await channel_handles(app, update(1, chat_id=-100777), update(2, chat_id=-100888),
                          update(3))
    statuses = {u.update_key: u.status for u in await rows(app, InboundUpdate)}
    assert statuses == {"1": "staff", "2": "ignored", "3": "handled"}
    assert {m.recipient for m in await rows(app, OutboxMessage)} == {"42"}


async def test_a_flood_gets_one_slow_down_notice(app):
    await channel_handles(app, *(update(n, text="/help") for n in range(1, 7)))
    texts = [m.body["text"] for m in await rows(app, OutboxMessage)]
    assert len(texts) == 4 and re.search(r"đợi \d+ giây", texts[-1])
    statuses = [u.status for u in await rows(app, InboundUpdate)]
    assert statuses.count("throttled") == 2


async def test_an_album_is_one_event(app):
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    await channel_handles(app, update(1, text="/phananh"),
                          *(update(n, text=None, media_group_id="g", photo=photo)
                            for n in (2, 3, 4)))
    texts = [m.body["text"] for m in await rows(app, OutboxMessage)]
    assert len(texts) == 2  # the prompt, then one answer for the three photos
    assert {u.status for u in await rows(app, InboundUpdate)} == {"handled"}
