"""The đơn a khiếu nại or tố cáo is drafted into (two stages): its facts, its layout as blocks of
text in the official order, and the port that writes it as DOCX and PDF (bot/reports). Layouts:
đơn khiếu nại after NĐ 124/2020 Mẫu số 01 (Luật KN Đ8(2)); đơn tố cáo after the elements of
Luật Tố cáo 2018 Đ23(1) (NĐ 31/2019 prescribes no citizen's form)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from bot.core.catalog import Catalog
from bot.core.messages import OutgoingFile
from bot.core.tickets import TicketType

DOTS = "…………………………"


class Style(StrEnum):
    NATIONAL = "national"  # Quốc hiệu, centred, bold
    MOTTO = "motto"  # Tiêu ngữ, centred, bold, underlined
    PLACE_DATE = "place_date"  # right, italic
    TITLE = "title"  # centred, bold, large
    SUBTITLE = "subtitle"  # centred, italic
    LINE = "line"  # a labelled line of the form
    PARAGRAPH = "paragraph"  # the citizen's own text
    SIGNATURE = "signature"  # right, bold: NGƯỜI KHIẾU NẠI
    SIGNATURE_NOTE = "signature_note"  # right, italic
    SIGNATURE_NAME = "signature_name"  # right, bold, after room to sign
    NOTE = "note"  # small, at the foot


@dataclass(frozen=True)
class Block:
    style: Style
    text: str


@dataclass(frozen=True)
class Petition:
    """What the chat collected, as the đơn states it; None leaves a dotted line to fill in."""

    kind: TicketType
    code: str
    agency: str
    drafted_on: date
    name: str | None = None
    address: str | None = None
    phone: str | None = None
    filer: str = "person"  # person | representative | organisation
    organisation: str | None = None
    tax_code: str | None = None
    represented: str | None = None
    respondent: str | None = None
    decision: str | None = None
    learned_on: date | None = None
    request: str | None = None
    content: str = ""
    complaint_round: int = 1
    court_pending: bool | None = None
    attachments: int = 0

    @property
    def file_stem(self) -> str:
        return f"don-{'khieu-nai' if self.kind is TicketType.KHIEU_NAI else 'to-cao'}-{self.code}"


class PetitionWriter(Protocol):
    """Writes a đơn's blocks as files for the citizen (DOCX to edit, PDF to print)."""

    def write(self, petition: Petition, blocks: list[Block]) -> tuple[OutgoingFile, ...]: ...


def blocks(petition: Petition, catalog: Catalog) -> list[Block]:
    """The đơn in the official order; always in Vietnamese (it is filed with the agency)."""
    def t(key: str, **values: object) -> str:
        return catalog.text(f"petition.{key}", "vi", **values)

    def v(value: object) -> str:
        return DOTS if value in (None, "") else str(value)

    kn = petition.kind is TicketType.KHIEU_NAI
    out = [Block(Style.NATIONAL, t("national")), Block(Style.MOTTO, t("motto")),
           Block(Style.PLACE_DATE, t("place_date")),
           Block(Style.TITLE, t("title_kn" if kn else "title_tc"))]
    if kn:
        out.append(Block(Style.SUBTITLE, t(f"round_{petition.complaint_round}")))
    out += [Block(Style.LINE, t("to", agency=petition.agency)),
            Block(Style.LINE, t("name_kn" if kn else "name_tc", name=v(petition.name),
                                code=petition.code))]
    if petition.filer == "organisation":
        out += [Block(Style.LINE, t("organisation", organisation=v(petition.organisation))),
                Block(Style.LINE, t("tax_code", tax_code=v(petition.tax_code)))]
    out += [Block(Style.LINE, t("address", address=v(petition.address))),
            Block(Style.LINE, t("identity", dots=DOTS))]
    if not kn or petition.phone:
        out.append(Block(Style.LINE, t("phone", phone=v(petition.phone))))
    if petition.filer == "representative":
        out.append(Block(Style.LINE, t("represented", represented=v(petition.represented))))
    out += _matter(petition, t, v) if kn else _denounced(petition, t, v)
    out += [Block(Style.LINE, t("attachments", count=petition.attachments)),
            Block(Style.SIGNATURE, t("signer_kn" if kn else "signer_tc")),
            Block(Style.SIGNATURE_NOTE, t("sign_note")),
            Block(Style.SIGNATURE_NAME, v(petition.name)),
            Block(Style.NOTE, t("footer", code=petition.code,
                                date=petition.drafted_on.strftime("%d/%m/%Y")))]
    return out


def _matter(p: Petition, t: Callable[..., str], v: Callable[[object], str]) -> list[Block]:
    learned = p.learned_on.strftime("%d/%m/%Y") if p.learned_on else None
    court = {True: t("court_yes"), False: t("court_no"), None: DOTS}[p.court_pending]
    return [Block(Style.LINE, t("respondent_kn", respondent=v(p.respondent))),
            Block(Style.LINE, t("decision", decision=v(p.decision))),
            Block(Style.LINE, t("learned_on", learned=v(learned))),
            Block(Style.LINE, t("content_kn")), Block(Style.PARAGRAPH, p.content),
            Block(Style.LINE, t("request")), Block(Style.PARAGRAPH, v(p.request)),
            Block(Style.LINE, t("court", court=court))]


def _denounced(p: Petition, t: Callable[..., str],
               v: Callable[[object], str]) -> list[Block]:
    return [Block(Style.LINE, t("respondent_tc", respondent=v(p.respondent))),
            Block(Style.LINE, t("content_tc")), Block(Style.PARAGRAPH, p.content),
            Block(Style.PARAGRAPH, t("commitment"))]
