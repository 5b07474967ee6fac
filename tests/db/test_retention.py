"""Retention in the database: raw updates and delivered bodies dropped, keys and hashes kept
for deduplication, the purge idempotent and blind to pending work, and migration 0004 purging
what an older version kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import MetaData, inspect, select, text

from bot.core.messages import Channel, Reply, UserRef
from bot.core.ports import ConversationState
from bot.core.retention import DRAFT_EXPIRED, RetentionJob
from db.engine import create_engine
from db.migrate import alembic_config, upgrade
from db.models import Conversation, InboundUpdate, OutboxMessage

UPDATE = {"update_id": 7, "message": {"from": {"first_name": "Bình"}, "text": "0912468135"}}
CITIZEN = UserRef(Channel.TELEGRAM, "42")


class Row:
    """A plain copy of a row (the unit of work expires its objects when it closes)."""

    def __init__(self, row) -> None:
        self.__dict__.update({k: v for k, v in vars(row).items() if not k.startswith("_")})


async def rows(app, model, key: str) -> dict:
    async with app.uow() as work:
        return {getattr(row, key): Row(row) for row in await work.session.scalars(select(model))}


async def test_a_handled_update_loses_its_payload_but_is_still_recognised(app):
    async with app.uow() as work:
        assert await work.inbound.store("telegram", [("7", UPDATE), ("8", UPDATE)]) == ["7", "8"]
        await work.inbound.mark("telegram", ["7"], "handled")
        await work.commit()
    stored = await rows(app, InboundUpdate, "update_key")
    assert stored["7"].payload is None and stored["7"].status == "handled"
    assert stored["8"].payload == UPDATE  # still pending: kept until handled
    async with app.uow() as work:
        assert await work.inbound.store("telegram", [("7", UPDATE)]) == []
        assert await work.inbound.pending("telegram") == [("8", UPDATE)]


async def test_a_body_is_kept_until_sent_or_refused_then_dropped(app):
    async with app.uow() as work:
        for text_ in ("sent", "refused", "waiting"):
            await work.outbox.add(CITIZEN, Reply(f"Trần Thị Bình: {text_}"), dedupe_key=text_)
        await work.outbox.add(UserRef(Channel.WEB, "w1"), Reply("Trần Thị Bình: web"),
                              dedupe_key="web")
        await work.commit()
    async with app.uow() as work:
        await work.outbox.mark_sent(1)
        await work.outbox.mark_failed(2, "403 blocked")
        taken = await work.outbox.for_recipient(UserRef(Channel.WEB, "w1"))
        await work.commit()
    assert [reply.text for reply in taken] == ["Trần Thị Bình: web"]
    by_key = await rows(app, OutboxMessage, "dedupe_key")
    assert {key: row.body is None for key, row in by_key.items()} == {
        "sent": True, "refused": True, "waiting": False, "web": True}
    async with app.uow() as work:  # the dedupe key still stops a second copy
        await work.outbox.add(CITIZEN, Reply("Trần Thị Bình: sent"), dedupe_key="sent")
        assert await work.outbox.purge_delivered() == 0  # dropped as SQL NULL, not JSON null
        await work.commit()
    assert len(await rows(app, OutboxMessage, "id")) == 4


async def test_the_purge_expires_old_drafts_only_and_runs_twice_harmlessly(app, clock):
    now = clock.now()
    async with app.uow() as work:
        old, fresh = timedelta(hours=25), timedelta(hours=23)
        await work.conversations.save(UserRef(Channel.WEB, "old"), ConversationState(
            "file.phone", {"name": "Trần Thị Bình"}, "en"), now - old)
        await work.conversations.save(UserRef(Channel.WEB, "fresh"), ConversationState(
            "file.phone", {"name": "Lê Văn An"}), now - fresh)
        await work.conversations.save(UserRef(Channel.WEB, "asked"), ConversationState(
            "idle", {"question": "Tôi là Trần Thị Bình, 0912468135, hỏi về thủ tục"}),
            now - old)
        await work.conversations.save(UserRef(Channel.WEB, "just-asked"), ConversationState(
            "idle", {"question": "Thủ tục cấp phép?"}), now - fresh)
        await work.conversations.save(UserRef(Channel.TELEGRAM, "1001"), ConversationState(
            "staff.await:reply:1", {"ticket": 1}), now - old)  # an officer's, not a filing
        await work.inbound.store("telegram", [("1", UPDATE)])
        await work.outbox.add(CITIZEN, Reply("chờ gửi"))
        await work.commit()
    # What an older version left behind: a finished update and a sent message with content.
    async with app.uow() as work:
        await work.session.execute(text(
            "UPDATE inbound_updates SET status = 'handled' WHERE update_key = '1'"))
        await work.outbox.add(CITIZEN, Reply("đã gửi"), dedupe_key="old")
        await work.session.flush()
        await work.session.execute(text(
            "UPDATE outbox SET status = 'sent' WHERE dedupe_key = 'old'"))
        await work.commit()
    job = RetentionJob(app.uow)
    first = await job.run(now)
    assert (first.drafts, first.updates, first.messages) == (2, 1, 1)
    second = await job.run(now)
    assert (second.drafts, second.updates, second.messages) == (0, 0, 0)
    conversations = await rows(app, Conversation, "external_id")
    assert (conversations["old"].state, conversations["old"].data,
            conversations["old"].language) == (DRAFT_EXPIRED, {}, "en")
    assert conversations["fresh"].data == {"name": "Lê Văn An"}
    assert (conversations["asked"].state, conversations["asked"].data) == ("idle", {})
    assert conversations["just-asked"].data == {"question": "Thủ tục cấp phép?"}
    assert conversations["1001"].state == "staff.await:reply:1"
    pending = [row for row in (await rows(app, OutboxMessage, "id")).values()
               if row.status == "pending"]
    assert [row.body["text"] for row in pending] == ["chờ gửi"]


async def test_migration_0004_purges_what_was_kept_and_reverts(database_url):
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0003")
    engine = create_engine(database_url)
    moment = datetime(2026, 3, 10, tzinfo=UTC)
    try:
        async with engine.begin() as connection:
            metadata = MetaData()
            await connection.run_sync(lambda sync: metadata.reflect(sync))
            tables = metadata.tables
            await connection.execute(tables["citizens"].insert().values(
                id=1, display_name="Trần Thị Bình", created_at=moment))
            await connection.execute(tables["inbound_updates"].insert(), [
                {"channel": "telegram", "update_key": "1", "payload": UPDATE,
                 "status": "handled", "received_at": moment},
                {"channel": "telegram", "update_key": "2", "payload": UPDATE,
                 "status": "pending", "received_at": moment}])
            await connection.execute(tables["outbox"].insert(), [
                {"channel": "telegram", "recipient": "42", "body": {"text": "Bình"},
                 "status": status, "attempts": 0, "next_attempt_at": moment,
                 "created_at": moment} for status in ("sent", "failed", "pending")])
        await asyncio.to_thread(upgrade, database_url)
        async with engine.connect() as connection:
            kept = dict((await connection.execute(text(
                "SELECT update_key, payload IS NOT NULL FROM inbound_updates"))).all())
            bodies = dict((await connection.execute(text(
                "SELECT status, body IS NOT NULL FROM outbox"))).all())
            columns = await connection.run_sync(
                lambda sync: [c["name"] for c in inspect(sync).get_columns("citizens")])
        assert {k: bool(v) for k, v in kept.items()} == {"1": False, "2": True}
        assert {k: bool(v) for k, v in bodies.items()} == {
            "sent": False, "failed": False, "pending": True}
        assert "display_name" not in columns
    finally:
        await engine.dispose()
        await asyncio.to_thread(upgrade, database_url)
