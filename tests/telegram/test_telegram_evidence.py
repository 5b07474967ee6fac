"""A tố cáo's evidence: archived files go to the private chat of a leader or the assignee who
asks, never to the staff group, and every sending is in the ticket's history."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.core.messages import Attachment, Channel
from bot.core.tickets import NewTicket, TicketType
from bot.relay.outbox import OutboxDispatcher
from db.models import OutboxMessage, TicketAttachment
from handlers.file_store import FileStore
from tests.core.test_staff_desk import LEADER, OFFICER, press, with_officers
from tests.fakes.outbox import run_until
from tests.telegram.test_telegram_cards import FAST, Unpaced

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
SCAN = b"%PDF-1.7\n" + b"bien ban, anh chup " * 300


async def denunciation(app, store: FileStore) -> None:
    """A tố cáo filed on Telegram with a photo, archived; a phản ánh beside it."""
    async with app.uow() as work:
        for kind in (TicketType.TO_CAO, TicketType.PHAN_ANH):
            await work.tickets.add(NewTicket(
                kind, Channel.TELEGRAM, "Cán bộ thu tiền ngoài quy định.", NOW, None,
                attachments=(Attachment("document", f"BQAC-{kind}", name="bien-ban.pdf"),)),
                None)
        ref, digest = store.keep(SCAN, "pdf")
        await work.archive.kept(1, ref, digest, len(SCAN), NOW)
        await work.commit()


async def private_files(app, officer: int) -> list[dict]:
    async with app.uow() as work:
        rows = await work.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == str(officer)))
        return [row.body["file"] for row in rows if row.body and "file" in row.body]


async def test_the_evidence_goes_to_a_leaders_private_chat_only_and_is_logged(
        app, telegram, tmp_path):
    store = FileStore(tmp_path / "files")
    desk = await with_officers(app)
    await denunciation(app, store)
    card = await desk.card_for(1)
    assert "st:evidence:1" in [b.payload for b in card.reply.buttons]
    assert "st:evidence:2" not in [b.payload for b in (await desk.card_for(2)).reply.buttons]

    refused = await press(desk, OFFICER, "st:evidence:1")  # not assigned: nothing sent
    assert "Chỉ cán bộ được phân công" in refused.alert
    assert await private_files(app, OFFICER) == []

    sent = await press(desk, LEADER, "st:evidence:1")
    assert "Đã gửi 1 tệp" in sent.alert and not sent.replies  # nothing said in the group
    [file] = await private_files(app, LEADER)
    assert file["stored_ref"].endswith(".pdf") and file["content"] == ""
    async with app.uow() as work:
        assert "evidence_sent" in [e.kind for e in await work.tickets.history(1)]

    api, sender = telegram  # delivered from the storage, as a document in the private chat
    dispatcher = OutboxDispatcher(Channel.TELEGRAM, app.uow, Unpaced(sender.bot, store), FAST)

    async def delivered() -> bool:
        return bool(api.files(LEADER))

    await run_until(dispatcher, delivered)
    assert api.files(LEADER)[0].params["document"].content == SCAN


async def test_a_file_not_archived_yet_is_said_plainly(app, tmp_path):
    desk = await with_officers(app)
    await denunciation(app, FileStore(tmp_path / "files"))
    async with app.uow() as work:
        row = await work.session.get(TicketAttachment, 1)
        row.stored_ref = None
        await work.commit()
    assert "st:evidence:1" not in [b.payload for b in (await desk.card_for(1)).reply.buttons]
    pressed = await press(desk, LEADER, "st:evidence:1")
    assert "chưa có tệp nào trong kho" in pressed.alert
