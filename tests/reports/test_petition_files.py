"""The đơn as DOCX and PDF: the text read back from both files is the text laid out, in the
official order, and the PDF's embedded font (shipped with the package, with its licence) has
every Vietnamese letter."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from bot.core.catalog import Catalog
from bot.core.petition import Petition, blocks
from bot.core.tickets import TicketType
from bot.reports.petition_files import FONTS, PetitionFiles

LOWER = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstu"
         "ùủũúụưừửữứựvxyỳỷỹýỵ")
ALPHABET = LOWER + LOWER.upper()


def flat(text: str) -> str:
    return " ".join(text.split())


def written(petition: Petition) -> tuple[list[str], str, str]:
    laid = [b.text for b in blocks(petition, Catalog.load())]
    docx, pdf = PetitionFiles().write(petition, blocks(petition, Catalog.load()))
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert (docx.name, pdf.name) == (f"{petition.file_stem}.docx", f"{petition.file_stem}.pdf")
    return laid, docx_text, pdf_text


def test_the_font_has_every_vietnamese_letter_and_its_licence_is_shipped():
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"):
        cmap = TTFont(FONTS / name).getBestCmap()
        assert not [ch for ch in ALPHABET if ord(ch) not in cmap], name
    assert "Bitstream" in (FONTS / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_every_vietnamese_letter_survives_both_files():
    petition = Petition(TicketType.KHIEU_NAI, "KN-2026-00009", "Sở Khoa học và Công nghệ",
                        date(2026, 3, 10), name="Nguyễn Thị Ánh", content=ALPHABET)
    _, docx_text, pdf_text = written(petition)
    assert ALPHABET in docx_text
    assert ALPHABET in flat(pdf_text).replace(" ", "")


def test_the_khieu_nai_layout_in_order():
    petition = Petition(TicketType.KHIEU_NAI, "KN-2026-00001", "Sở Khoa học và Công nghệ",
                        date(2026, 3, 10), name="Nguyễn Thị Khiếu", address="Số 5 Lê Lợi",
                        respondent="Thanh tra Sở", decision="Quyết định số 12/QĐ-XPHC",
                        learned_on=date(2026, 3, 5), request="Hủy quyết định",
                        content="Xử phạt sai đối tượng.", complaint_round=2,
                        court_pending=False, attachments=2)
    laid, docx_text, pdf_text = written(petition)
    order = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐƠN KHIẾU NẠI", "(Khiếu nại lần hai)",
             "Kính gửi: Sở Khoa học và Công nghệ",
             "Họ và tên người khiếu nại: Nguyễn Thị Khiếu; mã số hồ sơ: KN-2026-00001",
             "Tên cơ quan, tổ chức, cá nhân bị khiếu nại: Thanh tra Sở",
             "Quyết định số 12/QĐ-XPHC", "05/03/2026", "Xử phạt sai đối tượng.",
             "Hủy quyết định", "Tòa án thụ lý, giải quyết: chưa", "2 tệp",
             "NGƯỜI KHIẾU NẠI (Ký, ghi rõ họ tên hoặc điểm chỉ) Nguyễn Thị Khiếu"]
    for text in (flat(docx_text), flat(pdf_text)):
        places = [text.find(part) for part in order]
        assert -1 not in places, [p for p, i in zip(order, places, strict=True) if i < 0]
        assert places == sorted(places)
    assert "Số điện thoại" not in docx_text  # not asked of a khiếu nại (Luật KN Đ8(2))
    assert len(laid) == len(Document(io.BytesIO(PetitionFiles().write(
        petition, blocks(petition, Catalog.load()))[0].content)).paragraphs)


def test_the_to_cao_has_its_commitment_and_blanks_for_what_is_missing():
    petition = Petition(TicketType.TO_CAO, "TC-2026-00001", "Sở", date(2026, 3, 10),
                        name="Hoàng Minh Tố", phone="0987654321", content="Nhận hối lộ.")
    _, docx_text, pdf_text = written(petition)
    for text in (flat(docx_text), flat(pdf_text)):
        assert "ĐƠN TỐ CÁO" in text and "Số điện thoại liên hệ: 0987654321" in text
        assert "Người bị tố cáo (họ tên, chức vụ, cơ quan, đơn vị công tác): …" in text
        assert "chịu trách nhiệm trước pháp luật về nội dung tố cáo" in text
        assert "NGƯỜI TỐ CÁO" in text
