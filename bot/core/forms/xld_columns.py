"""The columns of Biểu 01/XLD-04/XLD (Thông tư 02/2021/TT-TTCP, tổng hợp kết quả xử lý đơn),
in their order and numbering, with the checksums of their "Mã số" row.

Sources: the form's published text (Biểu 01/XLD: tailieu.vn, garbled PDF extraction) and the
report module of a provincial complaint-handling system on GitHub that reproduces the forms
(header labels and Mã số rows of 01-04/XLD). Where the two disagree or only one shows a detail,
the comment beside the column says so (README "Report forms" lists them)."""

from __future__ import annotations

from bot.core.forms.spec import Checksum, Column, FormSpec, parse_checksums

SIGNED = ("Đơn có nhiều người đứng tên", "Đơn một người đứng tên")
ALL_SIGNED = (*SIGNED, "Đơn khác")
THEN, NOW = "Kỳ trước chuyển sang", "Tiếp nhận trong kỳ"
OUTSIDE = "Đơn không thuộc thẩm quyền"
NOT_RECORDED = ("Cột «Đã có bản án của Tòa» và «Đôn đốc giải quyết» chỉ có số liệu khi được "
                "ghi khi nhập đơn (pakn tickets import).")


def _columns(rows: list[tuple[int, tuple[str, ...], str]]) -> tuple[Column, ...]:
    return tuple(Column(n, path, formula) for n, path, formula in rows)


def _spec(code: str, title: str, rows: list[tuple[int, tuple[str, ...], str]],
          extra: tuple[Checksum, ...] = (), note: str = "") -> FormSpec:
    columns = _columns(rows)
    return FormSpec(code, title, columns, (*parse_checksums(columns), *extra), note=note,
                    notes_column=columns[-1].number)


# The order of "nhiều người" before "một người" follows the system's headers; the PDF
# extraction of 01/XLD lists them the other way round (not confirmed).
XLD01 = _spec("01/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", [
    (1, ("Tổng số đơn",), "1=2+..+7"),
    *[(2 + i, (THEN, label), "") for i, label in enumerate(ALL_SIGNED)],
    *[(5 + i, (NOW, label), "") for i, label in enumerate(ALL_SIGNED)],
    (8, ("Số đơn đã xử lý",), ""),
    (9, ("Đủ điều kiện xử lý", "Số đơn"), "9=11+12+13=14+15+16+17=18+22"),
    (10, ("Đủ điều kiện xử lý", "Số vụ việc"), ""),
    (11, ("Phân loại đơn theo nội dung", "Khiếu nại"), ""),
    (12, ("Phân loại đơn theo nội dung", "Tố cáo"), ""),
    (13, ("Phân loại đơn theo nội dung", "Kiến nghị, phản ánh"), ""),
    (14, ("Phân loại đơn theo tình trạng giải quyết", "Đã giải quyết", "Lần đầu"), ""),
    (15, ("Phân loại đơn theo tình trạng giải quyết", "Đã giải quyết", "Nhiều lần"), ""),
    (16, ("Phân loại đơn theo tình trạng giải quyết", "Đang giải quyết"), ""),
    (17, ("Phân loại đơn theo tình trạng giải quyết", "Chưa giải quyết"), ""),
    (18, ("Kết quả xử lý đơn", "Đơn thuộc thẩm quyền", "Tổng số"), "18=19+20+21"),
    (19, ("Kết quả xử lý đơn", "Đơn thuộc thẩm quyền", "Khiếu nại"), ""),
    (20, ("Kết quả xử lý đơn", "Đơn thuộc thẩm quyền", "Tố cáo"), ""),
    (21, ("Kết quả xử lý đơn", "Đơn thuộc thẩm quyền", "Kiến nghị, phản ánh"), ""),
    (22, ("Kết quả xử lý đơn", OUTSIDE, "Tổng số"), "22=23+24+25"),
    (23, ("Kết quả xử lý đơn", OUTSIDE, "Hướng dẫn"), ""),
    (24, ("Kết quả xử lý đơn", OUTSIDE, "Chuyển đơn"), ""),
    (25, ("Kết quả xử lý đơn", OUTSIDE, "Đôn đốc giải quyết"), ""),
    (26, ("Số văn bản phúc đáp nhận được do chuyển đơn",), ""),
    (27, ("Ghi chú",), ""),
])

_KN_CONTENT = "Phân loại vụ việc theo nội dung"
_STATE = "Phân loại vụ việc theo tình trạng giải quyết"
_HC = "Lĩnh vực hành chính"
# Khiếu nại must be signed (Luật KN Đ8): no "Đơn khác" columns. The Ghi chú column's number
# (31) is not printed in the source, which stops at 30.
XLD02 = _spec("02/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KHIẾU NẠI", [
    (1, ("Tổng số đơn",), "1=2+..+5"),
    *[(2 + i, ("Đơn kỳ trước chuyển sang", label), "") for i, label in enumerate(SIGNED)],
    *[(4 + i, ("Đơn tiếp nhận trong kỳ", label), "") for i, label in enumerate(SIGNED)],
    (6, ("Đơn đã xử lý", "Tổng"), "6=7+8"),
    (7, ("Đơn đã xử lý", "Đơn kỳ trước chuyển sang"), ""),
    (8, ("Đơn đã xử lý", "Đơn tiếp nhận trong kỳ"), ""),
    (9, ("Đủ điều kiện xử lý", "Số đơn"), ""),
    (10, ("Đủ điều kiện xử lý", "Số vụ việc"), "10=11+15+16+17=18+..+22=23+26"),
    (11, (_KN_CONTENT, _HC, "Tổng"), ""),
    (12, (_KN_CONTENT, _HC, "Chế độ, chính sách"), ""),
    (13, (_KN_CONTENT, _HC, "Đất đai, nhà cửa"), ""),
    (14, (_KN_CONTENT, _HC, "Khác"), ""),
    (15, (_KN_CONTENT, "Lĩnh vực tư pháp"), ""),
    (16, (_KN_CONTENT, "Lĩnh vực Đảng, đoàn thể"), ""),
    (17, (_KN_CONTENT, "Lĩnh vực khác"), ""),
    (18, (_STATE, "Đã giải quyết", "Lần đầu"), ""),
    (19, (_STATE, "Đã giải quyết", "Lần 2"), ""),
    (20, (_STATE, "Đã giải quyết", "Đã có bản án của Tòa"), ""),
    (21, (_STATE, "Đang giải quyết"), ""),
    (22, (_STATE, "Chưa giải quyết"), ""),
    (23, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Tổng"), "23=24+25"),
    (24, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Lần đầu"), ""),
    (25, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Lần 2"), ""),
    (26, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Tổng"), "26=27+28+29"),
    (27, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Hướng dẫn"), ""),
    (28, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Chuyển đơn"), ""),
    (29, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Đôn đốc giải quyết"), ""),
    (30, ("Số văn bản phúc đáp nhận được do chuyển đơn",), ""),
    (31, ("Ghi chú",), ""),
], extra=(Checksum(11, ((12, 13, 14),)),), note=NOT_RECORDED)

# The labels of columns 22-25 are the system's ("Chưa giải quyết, trong hạn"; "Tố cáo tiếp":
# "Quá thời hạn chưa giải quyết", "Đã có kết luận giải quyết"); not confirmed in the text.
XLD03 = _spec("03/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN TỐ CÁO", [
    (1, ("Tổng số đơn",), "1=2+..+7"),
    *[(2 + i, ("Đơn kỳ trước chuyển sang", label), "") for i, label in enumerate(ALL_SIGNED)],
    *[(5 + i, ("Đơn tiếp nhận trong kỳ", label), "") for i, label in enumerate(ALL_SIGNED)],
    (8, ("Đơn đã xử lý", "Tổng"), "8=9+10"),
    (9, ("Đơn đã xử lý", "Đơn kỳ trước chuyển sang"), ""),
    (10, ("Đơn đã xử lý", "Đơn tiếp nhận trong kỳ"), ""),
    (11, ("Đủ điều kiện xử lý", "Số đơn"), ""),
    (12, ("Đủ điều kiện xử lý", "Số vụ việc"), "12=13+18+..+21=22+..+25=26+29"),
    (13, (_KN_CONTENT, _HC, "Tổng cộng"), ""),
    (14, (_KN_CONTENT, _HC, "Chế độ, chính sách"), ""),
    (15, (_KN_CONTENT, _HC, "Đất đai, nhà cửa"), ""),
    (16, (_KN_CONTENT, _HC, "Công chức, công vụ"), ""),
    (17, (_KN_CONTENT, _HC, "Khác"), ""),
    (18, (_KN_CONTENT, "Tham nhũng"), ""),
    (19, (_KN_CONTENT, "Lĩnh vực tư pháp"), ""),
    (20, (_KN_CONTENT, "Lĩnh vực Đảng, đoàn thể"), ""),
    (21, (_KN_CONTENT, "Lĩnh vực khác"), ""),
    (22, (_STATE, "Chưa giải quyết, trong hạn"), ""),
    (23, (_STATE, "Đang giải quyết"), ""),
    (24, (_STATE, "Tố cáo tiếp", "Quá thời hạn chưa giải quyết"), ""),
    (25, (_STATE, "Tố cáo tiếp", "Đã có kết luận giải quyết"), ""),
    (26, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Tổng số"), "26=27+28"),
    (27, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Tố cáo lần đầu"), ""),
    (28, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền", "Tố cáo tiếp"), ""),
    (29, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Tổng số"), "29=30+31+32"),
    (30, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Hướng dẫn"), ""),
    (31, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Chuyển đơn"), ""),
    (32, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Đôn đốc giải quyết"), ""),
    (33, ("Số văn bản phúc đáp nhận được do chuyển đơn",), ""),
    (34, ("Ghi chú",), ""),
], extra=(Checksum(13, ((14, 15, 16, 17),)),), note=NOT_RECORDED)

# No "Hướng dẫn" column: a kiến nghị or phản ánh outside the agency's competence is sent on to
# the competent body (Luật Tiếp công dân 2013 Đ28), so a guided one counts as chuyển đơn.
XLD04 = _spec("04/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KIẾN NGHỊ, PHẢN ÁNH", [
    (1, ("Tổng số đơn",), "1=2+..+7"),
    *[(2 + i, ("Đơn kỳ trước chuyển sang", label), "") for i, label in enumerate(ALL_SIGNED)],
    *[(5 + i, ("Đơn tiếp nhận trong kỳ", label), "") for i, label in enumerate(ALL_SIGNED)],
    (8, ("Đã xử lý trong kỳ", "Tổng số"), "8=9+10"),
    (9, ("Đã xử lý trong kỳ", "Đơn kỳ trước chuyển sang"), ""),
    (10, ("Đã xử lý trong kỳ", "Đơn tiếp nhận trong kỳ"), ""),
    (11, ("Đủ điều kiện xử lý", "Số đơn"), ""),
    (12, ("Đủ điều kiện xử lý", "Số vụ việc"), "12=13+..+16=17+..+19=20+21"),
    (13, (_KN_CONTENT, "Chế độ, chính sách"), ""),
    (14, (_KN_CONTENT, "Đất đai"), ""),
    (15, (_KN_CONTENT, "Tư pháp"), ""),
    (16, (_KN_CONTENT, "Khác"), ""),
    (17, (_STATE, "Đã được giải quyết"), ""),
    (18, (_STATE, "Đang giải quyết"), ""),
    (19, (_STATE, "Chưa được giải quyết"), ""),
    (20, ("Kết quả xử lý", "Vụ việc thuộc thẩm quyền"), ""),
    (21, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Tổng số"), "21=22+23"),
    (22, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Chuyển đơn"), ""),
    (23, ("Kết quả xử lý", "Vụ việc không thuộc thẩm quyền", "Đôn đốc giải quyết"), ""),
    (24, ("Số văn bản phúc đáp nhận được do chuyển đơn",), ""),
    (25, ("Ghi chú",), ""),
])
