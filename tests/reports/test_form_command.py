"""`pakn report --form … --period … [--cutoff]` and `pakn tiepdan` as an officer uses them:
đơn imported with their facts, a reception session, each form written as a workbook with its
furniture, its figures and its print setup (A4 landscape, one page wide, repeated header
rows), the CSV for people and for tools, and clear refusals."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from bot.app.cli import main as pakn_main
from bot.core.forms.build import FORMS
from tests.conftest import FixedClock

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
TICKETS = """received_at,type,channel,content,name,phone,address,field,status,accepted_at,\
resolved_at,unit,signers,eligible,competence,category,handling,outcome,reply_document,\
reply_received_at
2026-10-20 09:00,khieu_nai,paper,Khiếu nại quyết định xử phạt,Nguyễn Văn An,0912345678,Số 1 \
đường A xã B,vien_thong,,2026-10-25 09:00,2026-11-20 09:00,bcvt,nhiều người,đủ,thuộc,đất \
đai,,đúng một phần,,
2026-11-02 09:00,tố cáo,trực tiếp,Tố cáo cán bộ,Trần Thị Bình,0912345679,Số 2 đường A xã B,\
thu_tuc,forwarded,,2026-11-03 09:00,thanh_tra,,,,,chuyển đơn,,Công văn 12/UBND,2026-11-25
2026-11-05 09:00,phan_anh,phone,Sóng yếu,,,,vien_thong,,,2026-11-10 09:00,,,,,,,,,
"""
SESSIONS = """date,kind,receiver,people,content,delegation,codes
2026-11-20,dinh_ky,Giám đốc Sở,12,Đoàn hộ dân phản ánh trạm BTS,1,KN-2026-00001
"""
# 01/XLD's total, counted by hand: three đơn received (several signers, one, anonymous), all
# handled and eligible; the khiếu nại and the phản ánh the agency's, the tố cáo forwarded and
# its reply received.
XLD01_TOTAL = [3, 0, 0, 0, 1, 1, 1, 3, 3, 3, 1, 1, 1, 0, 0, 0, 3, 2, 1, 0, 1, 1, 0, 1, 0, 1,
               None]


def main(argv: list[str]) -> int:
    return pakn_main(argv, clock=FixedClock(NOW))


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    (tmp_path / "in.csv").write_text(TICKETS, encoding="utf-8")
    (tmp_path / "tiepdan.csv").write_text(SESSIONS, encoding="utf-8")
    assert main(["tickets", "import", "in.csv"]) == 0
    assert main(["tiepdan", "import", "tiepdan.csv"]) == 0
    return tmp_path


def texts(sheet) -> list[str]:
    return [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]


@pytest.mark.parametrize("code", FORMS)
def test_each_form_is_written_with_its_furniture_and_print_setup(cli, capsys, code):
    out = f"bieu-{code.replace('/', '-')}.xlsx"
    assert main(["report", "--form", code, "--period", "2026-Q4", "--out", out]) == 0
    sheet = load_workbook(cli / out).active
    words = texts(sheet)
    assert f"Biểu số: {code}" in words
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH MẪU"  # the superior body, above
    assert sheet["A2"].value == "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH MẪU"
    assert "Kỳ báo cáo: từ ngày 01/10/2026 đến ngày 31/12/2026" in words
    assert {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Mã số", "Tổng cộng"} <= set(words)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows.startswith("$8:$")  # the header rows, on every page


def test_the_figures_in_the_sheet_are_the_hand_count(cli, capsys):
    assert main(["report", "--form", "01/XLD", "--period", "2026-Q4", "--out", "x.xlsx"]) == 0
    rows = {row[0]: list(row[1:]) for row in load_workbook(cli / "x.xlsx").active.iter_rows(
        values_only=True) if row and row[0] in ("Tổng cộng", "Mã số")}
    assert rows["Tổng cộng"] == XLD01_TOTAL
    assert rows["Mã số"][0] == "1=2+..+7" and rows["Mã số"][8] == "9=11+12+13=14+15+16+17=18+22"
    assert main(["report", "--form", "01/TCD", "--period", "2026-Q4", "--out", "t.csv"]) == 0
    table = list(csv.reader((cli / "t.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert table[0][:2] == ["Đơn vị", "(1) Tổng số lượt tiếp"]
    total = dict((row[0], row[1:]) for row in table[1:])["Tổng cộng"]
    # one lượt of the Thủ trưởng (định kỳ): 12 people, a đoàn đông người, one vụ việc
    assert total[:3] == ["1", "12", "1"] and total[11:20] == ["1", "1", "12", "1", "0", "1",
                                                               "12", "1", "0"]


def test_a_cutoff_moves_the_period_and_codes_give_the_tools_csv(cli, capsys):
    assert main(["report", "--form", "01/XLD", "--period", "2026-11", "--cutoff", "15",
                 "--out", "c.csv", "--codes"]) == 0
    assert "15/10/2026-14/11/2026" in capsys.readouterr().out
    table = list(csv.reader((cli / "c.csv").read_text(encoding="utf-8").splitlines()))
    assert table[0][:3] == ["unit", "c1", "c2"]
    total = dict((row[0], row[1:]) for row in table[1:])["total"]
    assert total[:8] == ["3", "0", "0", "0", "1", "1", "1", "3"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--form", "05/XLD", "--period", "2026"], "Không có biểu «05/XLD»"),
    (["--form", "01/XLD", "--period", "2026-13"], "không phải là kỳ báo cáo hợp lệ"),
    (["--form", "01/XLD"], "Biểu 01/XLD cần --period"),
    (["--form", "01/XLD", "--period", "2026", "--cutoff", "40"], "--cutoff từ 2 đến 28"),
])
def test_wrong_arguments_get_a_clear_message_and_no_file(cli, capsys, argv, message):
    try:
        status = main(["report", *argv, "--out", "x.xlsx"])
    except SystemExit as exit_:
        status = exit_.code
    err = capsys.readouterr().err
    assert status == 2 and message in err and "Traceback" not in err
    assert not (cli / "x.xlsx").exists()


def test_tiepdan_add_checks_its_values_and_records_the_session_on_the_don(cli, capsys):
    assert main(["tiepdan", "add", "--date", "2026-11-30", "--kind", "uy_quyen", "--receiver",
                 "Phó Giám đốc", "--people", "0", "--content", "Hỏi"]) == 2
    assert "people '0' is not a number from 1" in capsys.readouterr().err
    assert main(["tiepdan", "add", "--date", "2026-11-30", "--kind", "thuong_xuyen",
                 "--receiver", "Cán bộ tiếp dân", "--people", "2", "--content",
                 "Hỏi về kết quả", "--codes", "TC-2026-00099"]) == 2
    assert "unknown ticket code(s) TC-2026-00099; nothing added" in capsys.readouterr().err
    assert main(["tickets", "show", "KN-2026-00001"]) == 0
    assert "được nêu tại buổi tiếp công dân" in capsys.readouterr().out


def test_a_session_recorded_already_is_refused_unless_it_took_place_twice(cli, capsys):
    # The fixture imported tiepdan.csv: a second run would count its sessions twice in 01/TCD.
    capsys.readouterr()
    assert main(["tiepdan", "import", "tiepdan.csv"]) == 2
    err = capsys.readouterr().err
    assert "line 2: recorded already (2026-11-" in err and "nothing added" in err
    assert "--again" in err
    one = ["tiepdan", "add", "--date", "2026-11-30", "--kind", "thuong_xuyen", "--receiver",
           "Cán bộ tiếp dân", "--people", "2", "--content", "Hỏi về kết quả"]
    assert main(one) == 0
    assert main(one) == 2
    assert "this session: recorded already (2026-11-30, Cán bộ tiếp dân)" in (
        capsys.readouterr().err)
    assert main([*one, "--again"]) == 0
    assert main(["tiepdan", "import", "tiepdan.csv", "--again"]) == 0
