"""A vụ việc as the core sees it, and which requests may be part of one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.tickets import TicketType

# Phản ánh, kiến nghị and khiếu nại about one problem make one vụ việc (the forms count đơn
# and vụ việc, biểu 01/XLD). A tố cáo never joins one: the denouncer is
# protected (Luật Tố cáo 2018 Đ8(3), Đ47) and a case is seen, and answered, with others.
GROUPED = frozenset({TicketType.PHAN_ANH, TicketType.KIEN_NGHI, TicketType.KHIEU_NAI})
CANDIDATE_LIMIT = 500  # the most recent open tickets compared with a new one


@dataclass(frozen=True)
class Case:
    id: int
    code: str  # its first ticket's code
    type: TicketType
    lead_ticket_id: int  # the ticket whose card is the case's card


@dataclass(frozen=True)
class CaseCandidate:
    """An open ticket a new request may join (its content only: no identity)."""

    ticket_id: int
    case_id: int | None
    content: str


@dataclass(frozen=True)
class CaseCount:
    """Đơn and vụ việc of one type received in a period (a ticket without a case is one)."""

    type: str
    don: int
    vu_viec: int
