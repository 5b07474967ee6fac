"""`pakn report`: the XLSX form (figures, Vietnamese headers, times and satisfaction, by field,
chart, ticket sheet) and the CSV read back; wrong periods and files refused with exit status 2;
no citizen data in any file (though the history's texts hold some)."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from bot.app.bootstrap import opened_app
from bot.app.cli import main as pakn_main
from db.models import TicketRow
from tests.conftest import FixedClock, make_settings
from tests.reports.samples import ADDRESS, CONTENT, NAME, PHONE, local, seed


def main(argv: list[str]) -> int:
    """`pakn ARGV` on a fixed day, whatever day the test runs."""
    return pakn_main(argv, clock=FixedClock(datetime(2026, 4, 15, 3, 0, tzinfo=UTC)))

REPORT_HEADER = ["code", "type", "channel", "field", "received_at", "status", "clock",
                 "accepted_at", "due_at", "resolved_at", "on_time", "extensions_used",
                 "counted_as", "first_answer_at", "rating", "urgent", "urgent_due_at"]
VIETNAMESE_HEADER = ["Mã hồ sơ", "Loại đơn", "Kênh tiếp nhận", "Lĩnh vực", "Ngày tiếp nhận",
                     "Tình trạng", "Thời hạn đang tính", "Ngày thụ lý", "Hạn xử lý",
                     "Ngày kết thúc", "Đúng hạn", "Số lần gia hạn", "Tính vào",
                     "Trả lời lần đầu", "Đánh giá (sao)", "Khẩn", "Hạn trả lời khẩn"]


async def _seed(url: str) -> None:
    async with opened_app(make_settings(url)) as app:
        await seed(app.uow)
        async with app.uow() as work:  # C, received at 23:30 on 31/3, reported as urgent
            await work.session.execute(
                update(TicketRow).where(TicketRow.code == "PA-2026-00002").values(
                    urgent=True, urgent_at=local("2026-03-31 23:30"),
                    urgent_due_at=local("2026-04-01 12:00")))
            await work.commit()


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    asyncio.run(_seed(database_url))
    return tmp_path


def cells(sheet) -> list[str]:
    return [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def table_below(sheet, title: str) -> dict[str, tuple]:
    """The rows of the table under `title`, by the name in column B, from column C on."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == title) + 2
    found = {}
    for row in rows[start:]:
        if row[1] is None:
            break
        found[row[1]] = row[2:9]
    return found


def assert_no_citizen_data(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert not any(secret in joined for secret in (NAME, PHONE, ADDRESS, CONTENT))


def test_xlsx_has_the_form_the_chart_and_the_tickets(cli, capsys):
    assert main(["report", "--month", "2026-03", "--out", "march.xlsx"]) == 0
    assert "2026-03: 2 carried over, 5 received, 4 handled, 3 open" in capsys.readouterr().out
    book = load_workbook(cli / "march.xlsx")
    summary, tickets = book.worksheets
    assert (summary.title, tickets.title) == ("Tổng hợp", "Danh sách hồ sơ")
    texts = cells(summary)
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH MẪU" in texts
    assert "BÁO CÁO KẾT QUẢ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ, KHIẾU NẠI, TỐ CÁO" in texts
    assert "Tháng 3/2026 (từ ngày 01/03/2026 đến hết ngày 31/03/2026)" in texts
    assert "Số liệu tính đến hết ngày 31/03/2026. Đơn vị tính: hồ sơ." in texts
    for header in ("Kỳ trước chuyển sang", "Tiếp nhận trong kỳ", "Zalo",
                   "Đơn gửi qua bưu chính, văn bản", "Trực tiếp",
                   "Điện thoại, thư điện tử, kênh khác",
                   "Đã xử lý trong kỳ", "Đúng hạn", "Quá hạn", "Không thụ lý",
                   "Đang giải quyết cuối kỳ", "Trong hạn", "Tỷ lệ đúng hạn (%)"):
        assert header in texts
    rows = {row[1]: row[2:] for row in summary.iter_rows(min_row=11, max_row=16,
                                                          values_only=True)}
    # carried, received (total, Zalo, Telegram, Web, paper, in person, other), to handle,
    # handled (total, on time, late, resolved, declined, forwarded), open (total, in time,
    # overdue), rate. The terminal's trial ticket J counts as web, not as a channel.
    assert rows["Tổng cộng"] == (2, 5, 1, 2, 2, 0, 0, 0, 7, 4, 3, 1, 2, 1, 1, 3, 2, 1, 60)
    assert rows["Phản ánh"] == (1, 2, 0, 1, 1, 0, 0, 0, 3, 2, 2, 0, 1, 0, 1, 1, 1, 0, 100)
    assert rows["Khiếu nại"][-4:] == (2, 1, 1, 0)
    assert rows["Câu hỏi Hỏi - Đáp chuyển cán bộ (không tính vào tổng cộng)"][:2] == (0, 1)
    times = table_below(summary, "THỜI GIAN TRẢ LỜI, GIẢI QUYẾT VÀ MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN")
    # first answers (count, average working days), handled (count, average working days),
    # ratings, satisfied (4-5 stars), satisfaction rate (%)
    assert times == {
        "Phản ánh": (1, 0, 2, 4.5, 1, 1, 100),
        "Kiến nghị": (1, 2, 1, 17, 1, 0, 0),
        "Khiếu nại": (2, 2.5, 0, "-", 0, 0, "-"),
        "Tố cáo": (1, 2, 1, 2, 0, 0, "-"),
        "Tổng cộng": (5, 1.8, 4, 7, 2, 1, 50),
        "Câu hỏi Hỏi - Đáp chuyển cán bộ (không tính vào tổng cộng)": (1, 0, 1, 1, 1, 1, 100),
    }
    fields = table_below(summary, "KẾT QUẢ THEO LĨNH VỰC (phản ánh, kiến nghị, khiếu nại, tố cáo)")
    # carried over, received, handled (total, on time, late), open (total, past the deadline)
    assert list(fields)[:2] == ["Thủ tục hành chính, dịch vụ công", "Bưu chính"]
    assert fields["Viễn thông, Internet"] == (1, 2, 0, 0, 0, 3, 1)
    assert fields["Công nghệ thông tin, chuyển đổi số"] == (0, 1, 1, 0, 1, 0, 0)
    assert fields["Chưa xác định lĩnh vực"] == (0, 1, 1, 1, 0, 0, 0)
    assert fields["Tổng cộng"] == (2, 5, 4, 3, 1, 3, 1)
    for header in ("Trả lời lần đầu: trung bình (ngày làm việc)", "Tỷ lệ hài lòng (%)",
                   "Đang giải quyết đã quá hạn"):
        assert header in texts
    assert any(text.startswith("Trả lời lần đầu: lần đầu cán bộ trả lời") and
               "không tính vào số trung bình" in text for text in texts)
    assert any("hài lòng là 4 ★ (Hài lòng) hoặc 5 ★ (Rất hài lòng)" in text for text in texts)
    chart = summary._charts[0]  # a native chart of the form's rows of types, editable
    assert [series.tx.v for series in chart.series] == ["Tiếp nhận trong kỳ", "Đã xử lý trong kỳ"]
    assert [series.val.numRef.f for series in chart.series] == ["'Tổng hợp'!$D$11:$D$14",
                                                                "'Tổng hợp'!$L$11:$L$14"]
    assert [summary[f"D{row}"].value for row in range(11, 15)] == [2, 1, 1, 1]
    assert chart.series[0].cat.strRef.f == "'Tổng hợp'!$B$11:$B$14"
    assert summary["B11"].value == "Phản ánh" and summary["L11"].value == 2
    ticket_rows = list(tickets.iter_rows(values_only=True))
    assert list(ticket_rows[0]) == VIETNAMESE_HEADER and len(ticket_rows) == 9
    assert ticket_rows[-1][:3] == ("PA-2026-00002", "Phản ánh", "Telegram")
    assert ticket_rows[-1][4:6] == (datetime(2026, 3, 31, 23, 30),  # local time, as a time
                                    "Đã tiếp nhận, đang chờ phân công")
    assert ticket_rows[-1][-2:] == ("Khẩn", datetime(2026, 4, 1, 12, 0))
    assert ticket_rows[1][-2:] == ("Không", None)
    assert tickets.page_setup.orientation == "landscape" and tickets.print_title_rows == "$1:$1"
    assert_no_citizen_data(texts + cells(tickets))


def test_the_ticket_sheet_says_what_the_csv_for_people_says_with_real_times(cli, capsys):
    assert main(["report", "--quarter", "2026-Q1", "--out", "q1.xlsx"]) == 0
    assert main(["report", "--quarter", "2026-Q1", "--out", "q1.csv", "--labels"]) == 0
    people = list(csv.reader((cli / "q1.csv").read_text(encoding="utf-8-sig").splitlines()))
    book = load_workbook(cli / "q1.xlsx", read_only=True)  # kept open until closed
    try:
        rows = list(book["Danh sách hồ sơ"].iter_rows())
        sheet = [[_as_text(cell.value) for cell in row] + [""] * (len(rows[0]) - len(row))
                 for row in rows]  # a row ends at its last cell written
        times = [cell for row in rows[1:] for cell in row if isinstance(cell.value, datetime)]
        formats = {cell.number_format for cell in times}
    finally:
        book.close()
    assert sheet == people and len(sheet) > 5
    # received, accepted, due, resolved and first answer: sortable times, shown as in the CSV
    assert len(times) >= 3 * (len(sheet) - 1) and formats == {"dd/mm/yyyy hh:mm"}


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else str(value)


def test_the_csv_for_people_speaks_vietnamese(cli, capsys):
    assert main(["report", "--quarter", "2026-Q1", "--out", "q1.csv", "--labels"]) == 0
    rows = list(csv.reader((cli / "q1.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == VIETNAMESE_HEADER
    late = next(r for r in rows if r[0] == "KI-2026-00001")
    assert late[1:4] == ["Kiến nghị", "Web", "Công nghệ thông tin, chuyển đổi số"]
    assert (late[5], late[10], late[12]) == ("Đã giải quyết xong", "Quá hạn",
                                             "Tiếp nhận trong kỳ")
    assert late[-2:] == ["Không", ""]
    urgent = next(r for r in rows if r[0] == "PA-2026-00002")
    assert urgent[-2:] == ["Khẩn", "01/04/2026 12:00"]


def test_csv_codes_has_one_row_per_ticket_with_a_bom(cli, capsys):
    assert main(["report", "--quarter", "2026-Q1", "--out", "q1.csv"]) == 0  # DESIGN §5
    raw = (cli / "q1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == REPORT_HEADER
    assert [r["code"] for r in rows] == [
        "PA-2026-00004", "PA-2026-00001", "KN-2026-00001", "KI-2026-00001", "HD-2026-00001",
        "KN-2026-00002", "TC-2026-00001", "PA-2026-00005", "PA-2026-00002"]
    late = next(r for r in rows if r["code"] == "KI-2026-00001")
    assert (late["status"], late["on_time"], late["counted_as"]) == ("closed", "no", "received")
    assert (late["field"], late["first_answer_at"], late["rating"]) == (
        "chuyen_doi_so", "2026-03-04T10:00:00+07:00", "2")
    assert (late["urgent"], late["urgent_due_at"]) == ("no", "")
    waiting = next(r for r in rows if r["code"] == "PA-2026-00002")
    assert (waiting["first_answer_at"], waiting["rating"]) == ("", "")
    assert (waiting["urgent"], waiting["urgent_due_at"]) == ("yes", "2026-04-01T12:00:00+07:00")
    assert_no_citizen_data([raw.decode("utf-8-sig")])


def test_a_year_report_counts_every_ticket_of_the_year(cli, capsys):
    assert main(["report", "--year", "2026", "--out", "year.csv"]) == 0
    assert "2026: 0 carried over, 9 received" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["--month", "2026-13"], "«2026-13» không phải là tháng hợp lệ"),
    (["--month", "03/2026"], "is not a valid month: expected YYYY-MM"),
    (["--quarter", "2026-Q5"], "không phải là quý hợp lệ: cần dạng YYYY-QN"),
    (["--year", "26"], "không phải là năm hợp lệ"),
    (["--month", "2026-03", "--year", "2026"], "not allowed with argument --month"),
])
def test_a_wrong_period_exits_with_status_2_and_a_clear_message(argv, message, capsys,
                                                                 tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["report", *argv, "--out", str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_no_period_is_refused_with_a_clear_message(capsys, tmp_path):
    assert main(["report", "--out", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "--form tonghop) dùng --month, --quarter, --year" in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unknown_file_kind_is_refused(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--month", "2026-03", "--out", str(tmp_path / "x.pdf")])
    assert exit_.value.code == 2 and "phải có đuôi .xlsx hoặc .csv" in capsys.readouterr().err


def test_an_unwritable_file_is_one_line_and_status_2(cli, capsys):
    assert main(["report", "--month", "2026-03", "--out", str(cli / "no" / "x.csv")]) == 2
    assert capsys.readouterr().err.startswith("pakn: ")
