"""`pakn privacy show|correct|erase|rotate-key` and the retention anonymising, as an officer at
the desk uses them, on each database. Alice filed in the chat (a phản ánh, whose contact rests on
her consent) and on paper (a khiếu nại, handled under the law and archived); Bob asked a
question. Phone numbers are typed in other spellings than they were stored in."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.app.bootstrap import build_app
from bot.app.cli import main as pakn_main
from bot.core.messages import Location
from bot.core.privacy import phone_digest
from db.engine import create_engine
from db.models import ChannelIdentity, Conversation, TicketContact, TicketEvent, TicketRow
from tests.conftest import FixedClock, make_settings
from tests.contacts import contacts
from tests.identity_scan import Identity, places_holding
from tests.transcript import Citizen

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
ALICE = Identity("Lê Thị Hoa", "0912 345 678", "Số 9 phố Hàng Bài")
BOB = Identity("Đỗ Văn Nam", "0987654321", "Thôn 2, xã Yên Lạc")
HEADER = "received_at,type,channel,content,name,phone,address,field,status,accepted_at,resolved_at"
PAPER = "\n".join([
    HEADER,
    "2026-03-02,khieu nai,paper,Khiếu nại quyết định thu hồi đất số 7,Lê Thị Hoa,"
    "+84 912 345 678,Số 9 phố Hàng Bài,,closed,,2026-03-10 15:00",
    "2026-03-03,hoi,phone,Hỏi thủ tục cấp phép,Đỗ Văn Nam,0987.654.321,"
    '"Thôn 2, xã Yên Lạc",,closed,,2026-03-04 10:00', ""])


def main(argv: list[str]) -> int:
    return pakn_main(argv, clock=FixedClock(NOW))


async def _query(url: str, query):
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(query)
            return list(result) if result.returns_rows else None
    finally:
        await engine.dispose()


def rows(url, query):
    return asyncio.run(_query(url, query))


async def _scan(url: str, identity: Identity) -> set[str]:
    engine = create_engine(url)
    try:
        return await places_holding(engine, identity)
    finally:
        await engine.dispose()


async def _file_in_chat(url: str) -> None:
    """Alice files a phản ánh with her contact in the web chat, then starts a second one."""
    app = await build_app(make_settings(url), clock=FixedClock(NOW), migrate=False)
    try:
        alice = Citizen(app.conversation, user_id="alice-web-01")
        await alice.says("/phananh")
        await alice.says("Đèn đường ngõ 5 phố Hàng Bài bị hỏng đã một tuần.")
        await alice.shares_location(Location(21.0245612, 105.8532391))
        await alice.presses("Viễn thông")
        await alice.presses("Tôi đồng ý")
        await alice.says(ALICE.name)
        await alice.says("0912.345.678")
        await alice.says(ALICE.address)
        await alice.presses("Không công khai")
        await alice.presses("Xác nhận gửi")
        assert "PA-2026-00001" in alice.text
        await alice.says("/phananh")
        await alice.says("Nhà Lê Thị Hoa ở Số 9 phố Hàng Bài bị ngập nước.")  # a draft
    finally:
        await app.close()


@pytest.fixture
def desk(database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    for name in ("DATA_KEY", "DATA_KEY_OLD", "RETENTION_DAYS", "TELEGRAM_STAFF_CHAT_ID"):
        monkeypatch.delenv(name, raising=False)
    asyncio.run(_file_in_chat(database_url))
    (tmp_path / "paper.csv").write_text(PAPER, encoding="utf-8")
    assert main(["tickets", "import", "paper.csv"]) == 0
    return tmp_path


def privacy_events(url: str) -> list[tuple[str, str, dict]]:
    query = (select(TicketRow.code, TicketEvent.kind, TicketEvent.data)
             .join(TicketRow, TicketRow.id == TicketEvent.ticket_id)
             .where(TicketEvent.actor == "privacy").order_by(TicketEvent.id))
    return [tuple(row) for row in rows(url, query)]


def test_show_writes_everything_held_about_the_person_and_audits_it(desk, database_url, capsys):
    assert main(["privacy", "show", "--phone", "(+84) 912-345-678", "--out", "alice.json"]) == 0
    assert "2 ticket(s), 1 conversation(s)" in capsys.readouterr().out
    held = json.loads((desk / "alice.json").read_text(encoding="utf-8"))
    assert [t["code"] for t in held["tickets"]] == ["PA-2026-00001", "KN-2026-00001"]
    assert held["tickets"][0]["content"].startswith("Đèn đường ngõ 5")
    assert held["tickets"][0]["location"] == {"lat": 21.02456, "lon": 105.85324}
    assert held["tickets"][1]["contact"] == {"name": ALICE.name, "phone": "0912345678",
                                             "address": ALICE.address}
    assert "imported" in [e["kind"] for e in held["tickets"][1]["events"]]
    assert held["conversations"][0]["data"]["content"].startswith("Nhà Lê Thị Hoa")
    assert "Điều 14" in held["notice"]
    assert BOB.name not in json.dumps(held, ensure_ascii=False)
    # The audit names the action, never the data.
    assert privacy_events(database_url) == [("PA-2026-00001", "privacy_shown", {}),
                                            ("KN-2026-00001", "privacy_shown", {})]


def test_show_without_a_file_prints_the_json_alone_on_stdout(desk, database_url, capsys):
    # DESIGN §5: `pakn privacy show --phone N`; the count goes to stderr, out of a pipe's way.
    assert main(["privacy", "show", "--phone", "0987 654 321"]) == 0
    printed = capsys.readouterr()
    held = json.loads(printed.out)
    assert [t["code"] for t in held["tickets"]] == ["HD-2026-00001"]
    assert held["tickets"][0]["contact"]["name"] == BOB.name
    assert "1 ticket(s)" in printed.err
    assert not list(desk.glob("*.json"))


def test_correct_changes_every_ticket_and_the_new_phone_finds_them(desk, database_url, capsys):
    assert main(["privacy", "correct", "--phone", "0912345678", "--new-phone", "0913 000 111",
                 "--address", "Số 11 phố Hàng Bài"]) == 0
    assert "corrected address, phone on PA-2026-00001, KN-2026-00001" in capsys.readouterr().out
    found = [(c.phone, c.address) for c in contacts(database_url).values()
             if c.name == ALICE.name]
    assert found == [("0913000111", "Số 11 phố Hàng Bài")] * 2
    assert main(["privacy", "show", "--phone", "+84913000111", "--out", "a.json"]) == 0
    assert "2 ticket(s)" in capsys.readouterr().out
    assert main(["privacy", "show", "--phone", "0912345678", "--out", "b.json"]) == 0
    assert "0 ticket(s)" in capsys.readouterr().out
    audit = privacy_events(database_url)
    assert ("KN-2026-00001", "privacy_corrected", {"fields": ["address", "phone"]}) in audit
    assert "0913" not in json.dumps([data for *_, data in audit])


def test_bad_input_is_refused_and_changes_nothing(desk, database_url, capsys):
    assert main(["privacy", "correct", "--phone", "12345", "--name", "Lê Hoa"]) == 2
    assert main(["privacy", "correct", "--phone", "0912345678", "--name", "x1"]) == 2
    assert main(["privacy", "correct", "--phone", "0912345678"]) == 2
    assert main(["privacy", "erase", "--phone", "abc"]) == 2
    err = capsys.readouterr().err
    assert "'12345' is not a Vietnamese phone number" in err and "Traceback" not in err
    assert "nothing to correct" in err
    assert privacy_events(database_url) == []


def test_erase_takes_consent_based_data_keeps_the_archived_don_and_says_why(
        desk, database_url, capsys):
    assert main(["privacy", "erase", "--phone", "0912 345 678"]) == 0
    out = capsys.readouterr().out
    erased, kept = out.split("Được giữ lại và lý do:")
    assert ("PA-2026-00001 (phản ánh): họ tên, số điện thoại, địa chỉ, vị trí sự việc đã gửi "
            "trên bản đồ và liên kết với tài khoản") in erased
    assert "Trạng thái trò chuyện trên kênh web" in erased
    assert located(database_url) == {"PA-2026-00001": None}  # sensitive (NĐ 13/2023 Đ2(4))
    assert "Luật Bảo vệ dữ liệu cá nhân 2025" in erased and "Điều 16" in erased
    assert "KN-2026-00001" in kept and "Luật Lưu trữ 2024" in kept and "Điều 17" in kept
    assert "KN-2026-00001" not in erased
    names = {code: c.name for code, c in contacts(database_url).items()}
    assert names == {"PA-2026-00001": None, "KN-2026-00001": ALICE.name,
                     "HD-2026-00001": BOB.name}
    assert rows(database_url, select(TicketRow.citizen_id).where(
        TicketRow.code == "PA-2026-00001")) == [(None,)]
    assert rows(database_url, select(Conversation.state, Conversation.data)) == [("idle", {})]
    # What is left of Alice is the archived khiếu nại's contact (read above), encrypted: no
    # column holds her in clear.
    assert asyncio.run(_scan(database_url, ALICE)) == set()
    kinds = [(code, kind) for code, kind, _ in privacy_events(database_url)]
    assert kinds == [("PA-2026-00001", "privacy_erased"), ("KN-2026-00001",
                                                         "privacy_erase_refused"),
                     ("PA-2026-00001", "privacy_erased")]
    assert main(["privacy", "erase", "--phone", "0912345678"]) == 0  # again: only the đơn
    assert "PA-2026-00001" not in capsys.readouterr().out.split("Được giữ lại")[0]


def _alice_on_zalo_with_an_open_khieu_nai(url: str) -> None:
    """Alice wrote from Zalo's chat-now entry (an anonymous id answered in its conversation),
    stopped following the OA, and her khiếu nại came from that chat and is being handled."""
    (citizen,) = rows(url, select(TicketRow.citizen_id).where(TicketRow.code == "PA-2026-00001"))
    rows(url, update(ChannelIdentity).values(channel="zalo", external_id="anon:8f3a2c",
                                             reply_to="conv-4411", unfollowed_at=NOW))
    rows(url, update(Conversation).values(channel="zalo", external_id="anon:8f3a2c"))
    rows(url, update(TicketRow).where(TicketRow.code == "PA-2026-00001").values(channel="zalo"))
    rows(url, update(TicketRow).where(TicketRow.code == "KN-2026-00001").values(
        channel="zalo", citizen_id=citizen[0], status="accepted", resolved_at=None))


def test_show_lists_the_chat_accounts_and_whether_a_zalo_conversation_is_kept(
        desk, database_url, capsys):
    assert main(["privacy", "show", "--phone", "0912345678", "--out", "alice.json"]) == 0
    assert "1 chat identity(ies)" in capsys.readouterr().out
    held = json.loads((desk / "alice.json").read_text(encoding="utf-8"))
    assert held["chat_identities"] == [{"channel": "web", "external_id": "alice-web-01",
                                        "reply_to_stored": False, "unfollowed_at": None}]
    _alice_on_zalo_with_an_open_khieu_nai(database_url)
    assert main(["privacy", "show", "--phone", "0912345678", "--out", "zalo.json"]) == 0
    held = json.loads((desk / "zalo.json").read_text(encoding="utf-8"))
    assert held["chat_identities"] == [{"channel": "zalo", "external_id": "anon:8f3a2c",
                                        "reply_to_stored": True,
                                        "unfollowed_at": NOW.isoformat()}]
    assert "conv-4411" not in json.dumps(held)  # whether one is kept, not the address
    assert "tài khoản trò chuyện" in held["notice"]
    main(["privacy", "show", "--phone", "0987654321", "--out", "bob.json"])
    assert json.loads((desk / "bob.json").read_text(encoding="utf-8"))["chat_identities"] == []


def test_erase_deletes_the_chat_account_no_open_request_is_answered_through(
        desk, database_url, capsys):
    assert main(["privacy", "erase", "--phone", "0912345678"]) == 0
    erased = capsys.readouterr().out.split("Được giữ lại và lý do:")[0]
    assert "Tài khoản trò chuyện trên kênh web (mã định danh của kênh)." in erased
    assert rows(database_url, select(ChannelIdentity.external_id)) == []
    assert ("PA-2026-00001", "privacy_erased", {"what": ["chat_identity"], "channel": "web"}) \
        in privacy_events(database_url)


def test_erase_keeps_the_zalo_chat_an_open_khieu_nai_is_answered_in_and_says_so(
        desk, database_url, capsys):
    _alice_on_zalo_with_an_open_khieu_nai(database_url)
    assert main(["privacy", "erase", "--phone", "0912 345 678"]) == 0
    erased, kept = capsys.readouterr().out.split("Được giữ lại và lý do:")
    assert "Tài khoản trò chuyện" not in erased
    assert ("Tài khoản trò chuyện trên kênh zalo (mã định danh của kênh và mã cuộc trò chuyện "
            "Zalo để gửi trả lời): cần để gửi trả lời KN-2026-00001 đang được giải quyết") in kept
    assert rows(database_url, select(ChannelIdentity.external_id, ChannelIdentity.reply_to)) \
        == [("anon:8f3a2c", "conv-4411")]
    assert ("KN-2026-00001", "privacy_erase_refused",
            {"reason": "answer_owed", "what": ["chat_identity"], "channel": "zalo"}) \
        in privacy_events(database_url)
    # Once the khiếu nại is settled, asking again erases the account and its conversation id.
    rows(database_url, update(TicketRow).where(TicketRow.code == "KN-2026-00001")
         .values(status="closed", resolved_at=NOW))
    assert main(["privacy", "erase", "--phone", "0912345678"]) == 0
    erased = capsys.readouterr().out.split("Được giữ lại và lý do:")[0]
    assert ("Tài khoản trò chuyện trên kênh zalo (mã định danh của kênh và mã cuộc trò chuyện "
            "Zalo dùng để gửi trả lời).") in erased
    assert rows(database_url, select(ChannelIdentity.external_id)) == []


def located(url: str) -> dict[str, object]:
    """Each ticket's map location, where its details could hold one."""
    return {code: (details or {}).get("location") for code, details in rows(
        url, select(TicketRow.code, TicketRow.details).where(TicketRow.type == "phan_anh"))}


def test_retention_takes_the_map_location_off_with_the_contact(desk, database_url, capsys,
                                                               monkeypatch):
    assert located(database_url)["PA-2026-00001"] == {"lat": 21.02456, "lon": 105.85324}
    rows(database_url, update(TicketRow).where(TicketRow.code == "PA-2026-00001")
         .values(status="closed", resolved_at=NOW - timedelta(days=300)))
    monkeypatch.setenv("RETENTION_DAYS", "200")
    assert main(["db", "purge"]) == 0
    assert "2 contact(s) of tickets closed" in capsys.readouterr().out
    assert located(database_url) == {"PA-2026-00001": None}
    assert main(["db", "purge"]) == 0  # idempotent
    assert "0 contact(s)" in capsys.readouterr().out


def test_retention_anonymises_long_closed_consent_based_contacts_once(
        desk, database_url, capsys, monkeypatch):
    rows(database_url, update(TicketRow).where(TicketRow.code == "PA-2026-00001")
         .values(status="closed", resolved_at=NOW - timedelta(days=30)))
    monkeypatch.setenv("RETENTION_DAYS", "200")  # the question and the khiếu nại: 8 months ago
    assert main(["db", "purge"]) == 0
    assert "1 contact(s) of tickets closed" in capsys.readouterr().out
    phones = {code: c.phone for code, c in contacts(database_url).items()}
    assert phones == {"PA-2026-00001": "0912345678", "KN-2026-00001": "0912345678",
                      "HD-2026-00001": None}
    assert main(["db", "purge"]) == 0  # idempotent
    assert "0 contact(s)" in capsys.readouterr().out
    events = rows(database_url, select(TicketEvent.ticket_id, TicketEvent.data)
                  .where(TicketEvent.kind == "contact_anonymised"))
    assert len(events) == 1 and events[0][1] == {"reason": "retention", "days": 200}
    assert asyncio.run(_scan(database_url, BOB)) == set()


def test_rotate_key_moves_the_phone_index_to_data_key(desk, database_url, capsys, monkeypatch):
    monkeypatch.setenv("DATA_KEY", "new-key-0123456789abcdef")
    hashes = rows(database_url, select(TicketContact.phone_hash))
    assert all(h and len(h) == 64 for (h,) in hashes)
    assert main(["privacy", "rotate-key"]) == 0
    assert "3 contact(s) re-keyed" in capsys.readouterr().out
    expected = phone_digest(b"new-key-0123456789abcdef", "0987654321")
    assert (expected,) in rows(database_url, select(TicketContact.phone_hash))
    assert main(["privacy", "show", "--phone", "0987 654 321", "--out", "bob.json"]) == 0
    assert "1 ticket(s)" in capsys.readouterr().out
    assert main(["privacy", "rotate-key"]) == 0  # again: what DATA_KEY made is kept
    assert "3 contact(s) re-keyed" in capsys.readouterr().out
    assert (expected,) in rows(database_url, select(TicketContact.phone_hash))
    # A wrong old key is refused and changes nothing.
    monkeypatch.setenv("DATA_KEY_OLD", "not-the-key-it-was-hashed-with")
    monkeypatch.setenv("DATA_KEY", "third-key-0123456789abcdef")
    assert main(["privacy", "rotate-key"]) == 2
    assert "sealed with neither key" in capsys.readouterr().err
    assert (expected,) in rows(database_url, select(TicketContact.phone_hash))
    # The contacts are sealed with DATA_KEY now, and only it opens them.
    assert contacts(database_url, "new-key-0123456789abcdef")["HD-2026-00001"].name == BOB.name
