"""`pakn tickets import|export` and `pakn calendar`: as an admin uses them, on each database.

Hand-worked due dates (2026): a phản ánh received Mon 2/3 is due 16/3 (10 working days:
3-6, 9-13, 16); a tố cáo accepted Mon 9/3 runs its second clock, 30 days: Wed 8/4; a khiếu nại
received Mon 2/3 (old rule, 10 working days) is due 16/3; a câu hỏi of Wed 29/4 waits out
30/4-3/5: 4, 5, 6, 7, 8/5 (5 working days).
"""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.app.cli import main as pakn_main
from bot.core.calendar import WorkingCalendar
from bot.core.calendar_overrides import as_flags, bundled_overrides
from bot.core.deadlines import DeadlinePolicy, load_rules
from bot.core.reminders.times import next_reminder_at
from db.engine import create_engine
from db.models import TicketContact, TicketEvent, TicketRow
from tests.conftest import FixedClock
from tests.contacts import contacts

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The day every command here runs on: 26/11/2026, 10:00 in Hà Nội.
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
HEADER = "received_at,type,channel,content,name,phone,address,field,status,accepted_at,resolved_at"
GOOD = f"""{HEADER}
2026-03-02,Phản ánh,điện thoại,Đèn đường hỏng ở ngõ 5,,,,,,,
2026-03-02 08:30,tố cáo,paper,Tố cáo X,Nguyễn Văn Tố,0912 345 678,12 Lý Thường Kiệt,,,2026-03-09,
2026-03-02,khieu nai,email,Khiếu nại quyết định 12,Trần Thị B,,5 Trần Phú,,closed,,2026-03-10 15:00
2026-04-29T10:00+07:00,hoi,in person,Giờ làm việc?,,,,,,,
"""


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    return tmp_path


async def _rows(url: str, query):
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return list(await connection.execute(query))
    finally:
        await engine.dispose()


def rows(url, query):
    return asyncio.run(_rows(url, query))


async def _change(url: str, statement) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(statement)
    finally:
        await engine.dispose()


def main(argv: list[str]) -> int:
    return pakn_main(argv, clock=FixedClock(NOW))


def test_import_numbers_in_order_with_due_dates_and_states(cli, database_url, capsys):
    (cli / "in.csv").write_text(GOOD, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    codes = capsys.readouterr().out.split()
    assert codes == ["PA-2026-00001", "TC-2026-00001", "KN-2026-00001", "HD-2026-00001"]
    found = rows(database_url, select(TicketRow.code, TicketRow.status, TicketRow.clock,
                                      TicketRow.due_at, TicketRow.channel).order_by(TicketRow.id))
    assert [(c, s, k, d.date().isoformat(), ch) for c, s, k, d, ch in found] == [
        ("PA-2026-00001", "received", "first", "2026-03-16", "offline"),
        ("TC-2026-00001", "accepted", "second", "2026-04-08", "offline"),
        ("KN-2026-00001", "closed", "first", "2026-03-16", "offline"),
        ("HD-2026-00001", "received", "first", "2026-05-08", "offline"),
    ]
    sealed = rows(database_url, select(TicketContact.sealed).order_by(TicketContact.ticket_id))
    assert [(c.name, c.phone) for c in contacts(database_url).values()] == [
        ("Nguyễn Văn Tố", "0912345678"), ("Trần Thị B", None)]
    assert sealed == [(True,), (False,)]
    sources = rows(database_url, select(TicketEvent.data).where(TicketEvent.kind == "imported"))
    assert [d["source"] for (d,) in sources] == ["phone", "paper", "email", "in_person"]


def test_a_file_imported_before_is_refused_unless_asked_again(cli, database_url, capsys):
    # Run twice by mistake, every request would be counted twice in the Thanh tra forms.
    (cli / "in.csv").write_text(GOOD, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    capsys.readouterr()
    (cli / "copy.csv").write_bytes((cli / "in.csv").read_bytes())
    assert main(["tickets", "import", "copy.csv"]) == 2
    err = capsys.readouterr().err
    assert "imported before (4 ticket(s), PA-2026-00001 to HD-2026-00001)" in err
    assert "nothing imported" in err and "--again" in err
    assert len(rows(database_url, select(TicketRow.id))) == 4
    assert main(["tickets", "import", "copy.csv", "--again"]) == 0
    assert capsys.readouterr().out.split()[0] == "PA-2026-00002"
    assert len(rows(database_url, select(TicketRow.id))) == 8
    (cli / "more.csv").write_text(GOOD.replace("2026-03-02", "2026-03-03", 1), encoding="utf-8")
    assert main(["tickets", "import", "more.csv"]) == 0  # another file, though alike


def test_imported_open_tickets_wait_for_their_next_reminder(cli, database_url, capsys):
    day = (NOW.astimezone(VN) - timedelta(days=1)).date().isoformat()
    (cli / "in.csv").write_text(f"""{HEADER}
{day},Phản ánh,điện thoại,Đèn đường hỏng ở ngõ 5,,,,,,,
{day},hoi,phone,Hỏi giờ làm việc,,,,,closed,,{day} 15:00
2026-03-02,hoi,phone,Hỏi giờ làm việc,,,,,,,
""", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    found = rows(database_url, select(TicketRow.received_at, TicketRow.due_at,
                                      TicketRow.next_reminder_at).order_by(TicketRow.id))
    (received, due, moment), closed, long_overdue = found
    policy = DeadlinePolicy(WorkingCalendar(as_flags(bundled_overrides())), load_rules(), VN)
    assert moment == next_reminder_at(received, due, (), policy, received) > received
    assert closed[2] is None and long_overdue[2] is None  # 2/3: past the overdue look-back


def test_a_calendar_edit_has_the_clocks_it_touches_rechecked(cli, database_url, capsys):
    day = NOW.astimezone(VN).date() - timedelta(days=1)
    (cli / "in.csv").write_text(f"""{HEADER}
{day},Phản ánh,điện thoại,Đèn đường hỏng ở ngõ 5,,,,,,,
""", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    query = select(TicketRow.received_at, TicketRow.next_reminder_at)
    [(received, moment)] = rows(database_url, query)
    assert moment > received
    assert main(["calendar", "set", (day + timedelta(days=60)).isoformat(), "--off",
                 "--source", "QĐ 1/UBND"]) == 0
    assert rows(database_url, query) == [(received, moment)]  # due before that day
    assert main(["calendar", "set", (day + timedelta(days=3)).isoformat(), "--off",
                 "--source", "QĐ 2/UBND"]) == 0
    assert rows(database_url, query) == [(received, received)]  # for the next run


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line(cli, database_url, capsys):
    bad = GOOD.replace("2026-03-02,khieu nai", "2026-02-30,khieu nai").replace(
        "Phản ánh,điện thoại", "Phản ánh,fax")
    (cli / "bad.csv").write_text(bad, encoding="utf-8")
    assert main(["tickets", "import", "bad.csv"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2: unknown channel 'fax'" in err and "bad.csv:4: received_at" in err
    assert "bad.csv:3" not in err and "nothing imported" in err
    assert rows(database_url, select(TicketRow.id)) == []


def test_each_kind_of_bad_row_is_explained(cli, capsys):
    cases = [
        ("2026-03-02,to_cao,phone,Tố cáo,,,,,,,", "name and address are required"),
        ("2099-01-01,hoi,phone,Hỏi,,,,,,,", "received_at '2099-01-01' is in the future"),
        ("2026-03-02,kiện,phone,Hỏi,,,,,,,", "unknown type 'kiện'"),
        ("2026-03-02,hoi,phone,Hỏi,,,,,closed,,", "status closed needs resolved_at"),
        ("2026-03-02,hoi,phone,Hỏi,,,,,,2026-03-01,", "accepted_at '2026-03-01' is before"),
        ("2026-03-02,hoi,phone,Hỏi,,abc,,,,,", "phone is not a Vietnamese phone number"),
        # A year typed short: no code PA-26-00001, no crash on year 1 stored in UTC.
        ("02/03/0026,hoi,phone,Hỏi,,,,,,,", "received_at '02/03/0026' is before 2000"),
        ("0001-01-01,hoi,phone,Hỏi,,,,,,,", "received_at '0001-01-01' is before 2000"),
        ("0001-01-01T00:00+14:00,hoi,phone,Hỏi,,,,,,,",
         "received_at '0001-01-01T00:00+14:00' is before 2000"),
    ]
    (cli / "one.csv").write_text("\n".join([HEADER, *(row for row, _ in cases)]), "utf-8")
    assert main(["tickets", "import", "one.csv"]) == 2
    err = capsys.readouterr().err
    for line, (_, problem) in enumerate(cases, start=2):
        assert f"one.csv:{line}: {problem}" in err


def test_a_comma_left_unquoted_is_refused_not_cut(cli, database_url, capsys):
    # The content would be cut at the comma and its rest taken for the citizen's name.
    (cli / "in.csv").write_text(
        "received_at,type,channel,content,name,phone,address\n"
        "2026-03-02,phan_anh,paper,Đèn đường hỏng ở ngõ 5,,,\n"
        "2026-03-02,phan_anh,paper,Đèn đường hỏng, cần thay gấp,,,\n", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 2
    err = capsys.readouterr().err
    assert "in.csv:3: more values than the header's 7 columns" in err
    assert "a value with a comma needs quotes" in err and "nothing imported" in err
    assert rows(database_url, select(TicketRow.id)) == []


def test_a_header_naming_a_column_twice_is_refused(cli, database_url, capsys):
    # Read as it was, the second «content» silently replaced the first.
    (cli / "in.csv").write_text(
        "received_at,type,channel,content,name,phone,content\n"
        "2026-03-02,phan_anh,paper,Đèn đường hỏng ở ngõ 5,,,Ghi chú của cán bộ\n",
        encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 2
    assert "in.csv:1: the header names content twice" in capsys.readouterr().err
    assert rows(database_url, select(TicketRow.id)) == []


@pytest.mark.parametrize("pasted", ["\u2028", "\x0b", "\x85"])
def test_a_line_break_pasted_into_a_cell_keeps_the_row_whole(cli, database_url, capsys, pasted):
    # A line separator or Word's line break (vertical tab) inside an unquoted cell is not the
    # end of a row: read as one, the rest of the content became a row of its own ("ở ngõ 5"
    # refused as a date, on a line the file does not have).
    (cli / "in.csv").write_text(
        "received_at,type,channel,content,name,phone,address\n"
        f"2026-03-02,phan_anh,paper,Đèn đường hỏng{pasted}ở ngõ 5,,,\n", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0, capsys.readouterr().err
    [(content,)] = rows(database_url, select(TicketRow.content))
    assert content.startswith("Đèn đường hỏng") and content.endswith("ở ngõ 5")


def test_export_has_the_columns_the_range_and_on_time_but_no_contact(cli, capsys):
    open_now = "2026-11-25,hoi,phone,Hỏi giờ làm việc,,,,,,,"
    (cli / "in.csv").write_text(GOOD + open_now + "\n", encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    assert main(["tickets", "export", "--out", "all.csv", "--codes"]) == 0
    assert main(["tickets", "export", "--out", "march.csv", "--from", "2026-03-01",
                 "--to", "2026-03-31", "--codes"]) == 0
    raw = (cli / "all.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert set(table[0]) >= {"code", "type", "channel", "received_at", "status", "due_at",
                             "resolved_at", "on_time", "field", "clock", "accepted_at",
                             "assignee", "extensions_used"}
    on_time = {row["code"]: row["on_time"] for row in table}
    assert on_time == {"PA-2026-00001": "no", "TC-2026-00001": "no", "KN-2026-00001": "yes",
                       "HD-2026-00001": "no", "HD-2026-00002": ""}
    assert table[0]["received_at"] == "2026-03-02T00:00:00+07:00"
    text = raw.decode("utf-8-sig")
    assert not any(word in text for word in ("Nguyễn", "0912", "Lý Thường", "Trần"))
    march = (cli / "march.csv").read_text(encoding="utf-8-sig")
    assert [line.split(",")[0] for line in march.splitlines()[1:]] == [
        "PA-2026-00001", "KN-2026-00001", "TC-2026-00001"]  # by time of receipt


def test_export_for_people_is_vietnamese_csv_or_real_xlsx(cli, capsys):
    (cli / "in.csv").write_text(GOOD, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    assert main(["tickets", "export", "--out", "all.csv", "--labels"]) == 0
    rows = list(csv.reader((cli / "all.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:6] == ["Mã hồ sơ", "Loại đơn", "Kênh tiếp nhận", "Lĩnh vực",
                           "Ngày tiếp nhận", "Tình trạng"]
    assert rows[1][:2] == ["PA-2026-00001", "Phản ánh"] and rows[1][4] == "02/03/2026 00:00"
    assert main(["tickets", "export", "--out", "all.xlsx"]) == 0
    assert (cli / "all.xlsx").read_bytes()[:2] == b"PK"  # a real workbook, not CSV text
    # Without --labels the CSV keeps the codes other tools read (DESIGN §5).
    assert main(["tickets", "export", "--out", "tools.csv"]) == 0
    header = (cli / "tools.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("code,type,channel")
    sheet = load_workbook(cli / "all.xlsx").active
    assert [c.value for c in sheet[1]][:2] == ["Mã hồ sơ", "Loại đơn"]
    received = sheet["E2"]  # a time Excel sorts and filters, shown as in the CSV
    assert received.value == datetime(2026, 3, 2, 0, 0)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert sheet.page_setup.orientation == "landscape"
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(["tickets", "export", "--out", "all.pdf"])
    assert exit_.value.code == 2 and "phải có đuôi .csv hoặc .xlsx" in capsys.readouterr().err


def test_export_shows_urgency_after_the_columns_tools_already_read(cli, database_url, capsys):
    (cli / "in.csv").write_text(GOOD, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    due = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 15:00 in Hà Nội
    asyncio.run(_change(database_url, update(TicketRow).where(TicketRow.code == "PA-2026-00001")
                        .values(urgent=True, urgent_at=due - timedelta(hours=4),
                                urgent_due_at=due)))
    assert main(["tickets", "export", "--out", "tools.csv", "--codes"]) == 0
    table = list(csv.reader((cli / "tools.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert table[0] == ["code", "type", "channel", "field", "received_at", "status", "clock",
                        "accepted_at", "due_at", "resolved_at", "on_time", "assignee",
                        "extensions_used", "urgent", "urgent_due_at"]
    urgent = {row[0]: row[-2:] for row in table[1:]}
    assert urgent["PA-2026-00001"] == ["yes", "2026-03-02T15:00:00+07:00"]
    assert urgent["KN-2026-00001"] == ["no", ""]
    assert main(["tickets", "export", "--out", "all.xlsx"]) == 0
    sheet = load_workbook(cli / "all.xlsx").active
    assert [c.value for c in sheet[1]][-2:] == ["Khẩn", "Hạn trả lời khẩn"]
    assert [c.value for c in sheet[2]][-2:] == ["Khẩn", datetime(2026, 3, 2, 15, 0)]


def test_calendar_edits_change_check_and_deadlines(cli, capsys):
    assert main(["calendar", "check", "2026-03-03"]) == 0
    assert "working day" in capsys.readouterr().out
    assert main(["calendar", "set", "2026-03-03", "--off", "--note", "QĐ 99/UBND"]) == 0
    assert main(["calendar", "check", "2026-03-03"]) == 0
    assert "day off, override (database): QĐ 99/UBND" in capsys.readouterr().out
    (cli / "in.csv").write_text(f"{HEADER}\n2026-03-02,hoi,phone,Hỏi,,,,,,,\n", "utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    assert main(["tickets", "export", "--out", "x.csv", "--codes"]) == 0  # 3/3 off: 4-6, 9, 10/3
    assert ",2026-03-10T23:59:59+07:00," in (cli / "x.csv").read_text("utf-8-sig")
    (cli / "days.csv").write_text(
        "date,working,note\n2026-03-07,true,bù\n2026-03-08,1,QĐ 3/UBND\n")
    assert main(["calendar", "import", "days.csv"]) == 0
    assert main(["calendar", "unset", "2026-03-03"]) == 0
    capsys.readouterr()
    assert main(["calendar", "list", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "2026-03-07\tworking\tdatabase\tbù" in out and "2026-03-03" not in out
    assert main(["calendar", "check", "2026-03-08"]) == 0
    assert "working day, override" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["calendar", "check", "2026-02-30"],
                                  ["calendar", "unset", "2026-03-03"],
                                  ["tickets", "export", "--out", "x.csv", "--from", "03/2026"]])
def test_invalid_dates_and_unknown_overrides_exit_2(cli, argv, capsys):
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2 and capsys.readouterr().err


def test_an_officer_reads_the_queue_and_a_ticket_from_the_terminal(cli, capsys):
    (cli / "in.csv").write_text(GOOD, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    capsys.readouterr()
    assert main(["tickets", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # KN-2026-00001 is closed; the rest are open, the nearest deadline first (16/3, 8/4, 8/5).
    assert [line.split("\t")[0] for line in lines] == ["PA-2026-00001", "TC-2026-00001",
                                                       "HD-2026-00001"]
    assert "quá hạn" in lines[0]
    assert main(["tickets", "show", "tc 2026 1"]) == 0
    shown = capsys.readouterr().out
    assert "TC-2026-00001" in shown and "Tố cáo X" in shown
    assert "Nguyễn Văn Tố" not in shown and "345" not in shown and "Lý Thường Kiệt" not in shown
    assert "Lịch sử" in shown
    assert main(["tickets", "show", "PA-2026-00099"]) == 2
    assert "no ticket PA-2026-00099" in capsys.readouterr().err
def test_calendar_list_prints_no_formula(cli, capsys):
    assert main(["calendar", "set", "2026-03-03", "--off", "--note", "=HYPERLINK(\"x\")"]) == 0
    capsys.readouterr()
    assert main(["calendar", "list", "--year", "2026"]) == 0
    assert "2026-03-03\toff\tdatabase\t'=HYPERLINK(\"x\")" in capsys.readouterr().out


def test_an_unconfirmed_library_day_is_worked_until_an_admin_confirms_it(cli, capsys):
    assert main(["calendar", "check", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "working day" in out and "chưa xác nhận" in out
    assert main(["calendar", "set", "2026-11-24", "--off",
                 "--source", "Nghị quyết 30/NQ-CP"]) == 0
    assert main(["calendar", "check", "2026-11-24"]) == 0
    assert "day off, override (database): Nghị quyết 30/NQ-CP" in capsys.readouterr().out


def test_a_day_is_set_only_with_its_source(cli, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calendar", "set", "2026-03-03", "--off"])
    assert exit_.value.code == 2 and "--source" in capsys.readouterr().err
    assert main(["calendar", "set", "2026-03-03", "--off", "--source", " "]) == 2
    (cli / "days.csv").write_text("date,working,note\n2026-03-07,true,\n")
    assert main(["calendar", "import", "days.csv"]) == 2
    assert "days.csv:2: note must name the decision" in capsys.readouterr().err


def test_a_2027_tet_swap_entered_by_an_admin_moves_the_deadlines(cli, capsys):
    # Tết Đinh Mùi: the statutory days 4-5/2 and 8-10/2/2027 are off without any row. Say the
    # decision (hypothetical here) adds Thu 11/2 and Fri 12/2, worked back on Sat 30/1 and 20/2.
    #   câu hỏi of Wed 3/2/27, 5 wd: before 11, 12, 15, 16, 17/2; after 15-19/2.
    #   câu hỏi of Thu 28/1/27, 5 wd: before 29/1, 1, 2, 3, 11/2; after 29/1, Sat 30/1, 1-3/2.
    #   khiếu nại of Wed 3/2/27, 7 wd: before 11, 12, 15-19/2; after 15-19, Sat 20, 22/2.
    def dues() -> list[date]:
        capsys.readouterr()
        assert main(["calendar", "list", "--year", "2027"]) == 0
        stored = {date.fromisoformat(line.split("\t")[0]): line.split("\t")[1] == "working"
                  for line in capsys.readouterr().out.splitlines()}
        policy = DeadlinePolicy(WorkingCalendar(stored), load_rules(), VN)
        at = [datetime(2027, 2, 3, 9, tzinfo=VN), datetime(2027, 1, 28, 9, tzinfo=VN)]
        return [policy.first_due(kind, moment).astimezone(VN).date()
                for kind, moment in (("hoi", at[0]), ("hoi", at[1]), ("khieu_nai", at[0]))]

    assert dues() == [date(2027, 2, 17), date(2027, 2, 11), date(2027, 2, 19)]
    source = ["--source", "Thông báo của Bộ Nội vụ về lịch nghỉ Tết 2027 (giả định)"]
    for argv in (["2027-02-11", "--off"], ["2027-02-12", "--off"], ["2027-01-30", "--working"],
                 ["2027-02-20", "--working"]):
        assert main(["calendar", "set", *argv, *source]) == 0
    assert dues() == [date(2027, 2, 19), date(2027, 2, 3), date(2027, 2, 22)]
    assert main(["calendar", "check", "2027-02-12"]) == 0
    assert "day off, override (database): Thông báo của Bộ Nội vụ" in capsys.readouterr().out
