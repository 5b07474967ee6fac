"""The columns of Biểu 01/KQGQ-03/KQGQ (Thông tư 02/2021/TT-TTCP, kết quả giải quyết khiếu
nại, thi hành quyết định giải quyết khiếu nại, giải quyết tố cáo).

Sources as for xld_columns: the forms' text (03/KQGQ: tailieu.vn) and a complaint-handling
system's headers. Not confirmed, and said in README: 01/KQGQ's "Chuyển cơ quan điều tra" has
two columns (số vụ, số đối tượng) in the only numbering that puts the analysis at 20-24 as its
Mã số row "5=20+..+24" requires; 03/KQGQ's Mã số row "6=7+..+10=24+26+28=30+31" cannot hold
when a tố cáo is withdrawn or dismissed (9, 10 have no đúng/sai), so pakn verifies
6=7+..+10 and 7+8=24+26+28=30+31."""

from __future__ import annotations

from bot.core.forms.spec import Checksum, Column, FormSpec, parse_checksums

MONEY = ("Tiền (Trđ)", "Đất (m²)")
NOT_RECORDED = ("Các cột về tiền, đất, số tổ chức, cá nhân, người bị kiến nghị xử lý và chuyển "
                "cơ quan điều tra không được ghi trong pakn: để trống, đơn vị tự điền.")


def _cols(rows: list[tuple[int, tuple[str, ...], str]]) -> tuple[Column, ...]:
    return tuple(Column(n, p, f) for n, p, f in rows)


def _results(first: int) -> list[tuple[int, tuple[str, ...], str]]:
    """Kết quả giải quyết: recovered, returned, people proposed for sanctions, investigation."""
    head = "Kết quả giải quyết"
    back = (head, "Trả lại cho tổ chức, cá nhân")
    return [
        (first, (head, "Kiến nghị thu hồi cho Nhà nước", MONEY[0]), ""),
        (first + 1, (head, "Kiến nghị thu hồi cho Nhà nước", MONEY[1]), ""),
        (first + 2, (*back, "Tổ chức", MONEY[0]), ""),
        (first + 3, (*back, "Tổ chức", MONEY[1]), ""),
        (first + 4, (*back, "Cá nhân", MONEY[0]), ""),
        (first + 5, (*back, "Cá nhân", MONEY[1]), ""),
        (first + 6, (*back, "Số tổ chức được trả lại quyền lợi"), ""),
        (first + 7, (*back, "Số cá nhân được trả lại quyền lợi"), ""),
        (first + 8, (head, "Kiến nghị xử lý hành chính", "Tổng số người bị kiến nghị xử lý"), ""),
        (first + 9, (head, "Kiến nghị xử lý hành chính", "Trong đó số cán bộ, công chức, "
                     "viên chức"), ""),
        (first + 10, (head, "Chuyển cơ quan điều tra", "Số vụ"), ""),
        (first + 11, (head, "Chuyển cơ quan điều tra", "Số đối tượng"), ""),
    ]


_KN_OWN = "Đơn khiếu nại thuộc thẩm quyền"
_KN_RES = ("Kết quả giải quyết", "Đã giải quyết")
_ANALYSIS = "Phân tích kết quả giải quyết (vụ việc)"
_KQGQ01_COLUMNS = _cols([
    (1, (_KN_OWN, "Tổng số"), "1=2+3"),
    (2, (_KN_OWN, "Đơn kỳ trước chuyển sang"), ""),
    (3, (_KN_OWN, "Đơn tiếp nhận trong kỳ"), ""),
    (4, ("Tổng số vụ việc khiếu nại thuộc thẩm quyền",), ""),
    (5, (*_KN_RES, "Tổng số"), "5=20+..+24"),
    (6, (*_KN_RES, "Số vụ việc giải quyết bằng quyết định hành chính"), ""),
    (7, (*_KN_RES, "Số vụ việc rút đơn thông qua giải thích, thuyết phục"), ""),
    *_results(8),
    (20, (_ANALYSIS, "Giải quyết lần đầu", "Khiếu nại đúng"), ""),
    (21, (_ANALYSIS, "Giải quyết lần đầu", "Khiếu nại sai"), ""),
    (22, (_ANALYSIS, "Giải quyết lần đầu", "Khiếu nại đúng một phần"), ""),
    (23, (_ANALYSIS, "Giải quyết lần 2", "Công nhận quyết định giải quyết lần đầu"), ""),
    (24, (_ANALYSIS, "Giải quyết lần 2", "Hủy, sửa quyết định giải quyết lần đầu"), ""),
    (25, ("Chấp hành thời hạn giải quyết", "Đúng quy định"), ""),
    (26, ("Chấp hành thời hạn giải quyết", "Không đúng quy định"), ""),
    (27, ("Ghi chú",), ""),
])
KQGQ01 = FormSpec("01/KQGQ", "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI THUỘC THẨM QUYỀN",
                  _KQGQ01_COLUMNS,
                  (*parse_checksums(_KQGQ01_COLUMNS), Checksum(5, ((6,), (25, 26)))),
                  note=NOT_RECORDED, notes_column=27)

_DONE, _PAY, _PAID = "Số quyết định đã thực hiện xong", "Phải", "Đã"
_KQGQ02_COLUMNS = _cols([
    (1, ("Tổng số quyết định phải thực hiện trong kỳ",), ""),
    (2, (_DONE,), ""),
    (3, ("Thu hồi cho Nhà nước", "Phải thu", MONEY[0]), ""),
    (4, ("Thu hồi cho Nhà nước", "Phải thu", MONEY[1]), ""),
    (5, ("Thu hồi cho Nhà nước", "Đã thu", MONEY[0]), ""),
    (6, ("Thu hồi cho Nhà nước", "Đã thu", MONEY[1]), ""),
    *[(7 + 4 * i + 2 * j + k, ("Trả lại cho tổ chức, cá nhân", f"{when} trả", who, MONEY[k]), "")
      for i, when in enumerate((_PAY, _PAID)) for j, who in enumerate(("Tổ chức", "Cá nhân"))
      for k in range(2)],
    (15, ("Đã xử lý hành chính", "Tổng số người bị xử lý"), ""),
    (16, ("Đã xử lý hành chính", "Trong đó số cán bộ, công chức, viên chức"), ""),
    (17, ("Đã khởi tố", "Số vụ"), ""),
    (18, ("Đã khởi tố", "Số người"), ""),
    (19, ("Đã khởi tố", "Trong đó số cán bộ, công chức, viên chức"), ""),
    (20, ("Ghi chú",), ""),
])
KQGQ02 = FormSpec(
    "02/KQGQ", "TỔNG HỢP KẾT QUẢ THI HÀNH QUYẾT ĐỊNH GIẢI QUYẾT KHIẾU NẠI", _KQGQ02_COLUMNS,
    note=("Cột (1): quyết định giải quyết khiếu nại ban hành đến hết kỳ báo cáo mà pakn ghi "
          "nhận; việc thi hành (cột 2 trở đi) không được ghi trong pakn: để trống, đơn vị tự "
          "điền."), notes_column=20)

_TC_OWN = "Đơn tố cáo thuộc thẩm quyền"
_TC_RES = ("Kết quả giải quyết", "Đã giải quyết")
_KQGQ03_COLUMNS = _cols([
    (1, (_TC_OWN, "Tổng số"), "1=2+3"),
    (2, (_TC_OWN, "Kỳ trước chuyển sang"), ""),
    (3, (_TC_OWN, "Tiếp nhận trong kỳ"), ""),
    (4, ("Tổng số vụ việc tố cáo thuộc thẩm quyền",), ""),
    (5, ("Trong đó số vụ việc tố cáo tiếp",), ""),
    (6, (*_TC_RES, "Tổng số"), "6=7+..+10=24+26+28=30+31"),
    (7, (*_TC_RES, "Số vụ việc lần đầu"), ""),
    (8, (*_TC_RES, "Số vụ việc tố cáo tiếp"), "8=25+27+29"),
    (9, (*_TC_RES, "Số vụ việc rút toàn bộ nội dung tố cáo"), ""),
    (10, (*_TC_RES, "Số vụ việc đình chỉ không do rút tố cáo"), ""),
    (11, ("Kết quả giải quyết", "Kiến nghị thu hồi cho Nhà nước", MONEY[0]), ""),
    (12, ("Kết quả giải quyết", "Kiến nghị thu hồi cho Nhà nước", MONEY[1]), ""),
    (13, ("Kết quả giải quyết", "Trả lại cho tổ chức, cá nhân", "Tổ chức", MONEY[0]), ""),
    (14, ("Kết quả giải quyết", "Trả lại cho tổ chức, cá nhân", "Tổ chức", MONEY[1]), ""),
    (15, ("Kết quả giải quyết", "Trả lại cho tổ chức, cá nhân", "Cá nhân", MONEY[0]), ""),
    (16, ("Kết quả giải quyết", "Trả lại cho tổ chức, cá nhân", "Cá nhân", MONEY[1]), ""),
    (17, ("Kết quả giải quyết", "Số tổ chức được trả lại quyền lợi"), ""),
    (18, ("Kết quả giải quyết", "Số cá nhân được trả lại quyền lợi"), ""),
    (19, ("Kết quả giải quyết", "Kiến nghị xử lý hành chính", "Số người bị kiến nghị xử lý"),
     ""),
    (20, ("Kết quả giải quyết", "Kiến nghị xử lý hành chính",
          "Trong đó số cán bộ, công chức, viên chức"), ""),
    (21, ("Kết quả giải quyết", "Chuyển cơ quan điều tra", "Số vụ"), ""),
    (22, ("Kết quả giải quyết", "Chuyển cơ quan điều tra", "Số đối tượng"), ""),
    (23, ("Kết quả giải quyết", "Chuyển cơ quan điều tra",
          "Trong đó số cán bộ, công chức, viên chức"), ""),
    (24, (_ANALYSIS, "Tố cáo đúng"), ""),
    (25, (_ANALYSIS, "Trong đó tố cáo tiếp đúng"), ""),
    (26, (_ANALYSIS, "Tố cáo sai"), ""),
    (27, (_ANALYSIS, "Trong đó tố cáo tiếp sai"), ""),
    (28, (_ANALYSIS, "Tố cáo có đúng, có sai"), ""),
    (29, (_ANALYSIS, "Trong đó tố cáo tiếp có đúng, có sai"), ""),
    (30, ("Chấp hành thời hạn giải quyết", "Đúng quy định"), ""),
    (31, ("Chấp hành thời hạn giải quyết", "Không đúng quy định"), ""),
    (32, ("Ghi chú",), ""),
])
# Verified: 1=2+3, 6=7+..+10, 8=25+27+29 as printed; 7+8=24+26+28=30+31 (see the docstring).
KQGQ03 = FormSpec("03/KQGQ", "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TỐ CÁO THUỘC THẨM QUYỀN",
                  _KQGQ03_COLUMNS, (
                      Checksum(1, ((2, 3),)), Checksum(6, ((7, 8, 9, 10),)),
                      Checksum(8, ((25, 27, 29),)),
                      Checksum((7, 8), ((24, 26, 28), (30, 31)))),
                  note=NOT_RECORDED, notes_column=32)
