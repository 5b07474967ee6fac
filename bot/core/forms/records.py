"""What the forms need of one đơn, and how it is classified when nobody recorded a fact (an
imported ticket, or one handled before the facts were recorded): the reading a Thanh tra
officer would make from its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.facts import Handling, Signers, signers_of
from bot.core.tickets import TicketStatus


@dataclass(frozen=True, slots=True)
class FormRecord:
    """One đơn (a ticket of type phản ánh, kiến nghị, khiếu nại or tố cáo) for the forms."""

    case: int  # the vụ việc it belongs to (bot.core.ports: one ticket alone is its own)
    type: str
    status: str
    unit: str | None
    category: str  # official content category (bot.core.facts.field_categories)
    received_at: datetime
    accepted_at: datetime | None
    resolved_at: datetime | None
    due_at: datetime | None
    signers: Signers
    eligible: bool | None
    competent: bool | None
    handling: str | None
    outcome: str | None
    reply_received_at: datetime | None
    complaint_round: int = 1
    first_clock_late: bool = False

    @property
    def processed_at(self) -> datetime | None:
        """When xử lý đơn ended: thụ lý, or the đơn ended (declined, forwarded, closed…)."""
        return self.accepted_at or self.resolved_at

    @property
    def is_eligible(self) -> bool:
        """Đủ điều kiện xử lý: as recorded, else anything but a Không thụ lý."""
        if self.eligible is not None:
            return self.eligible
        return self.status != TicketStatus.DECLINED

    @property
    def is_competent(self) -> bool:
        """Thuộc thẩm quyền: as recorded, else not forwarded nor guided."""
        if self.competent is not None:
            return self.competent
        return self.status != TicketStatus.FORWARDED and self.handling is None

    @property
    def outside_as(self) -> Handling:
        """Outside the agency's competence: guided, forwarded or chased (default forwarded)."""
        if self.handling in set(Handling):
            return Handling(self.handling)
        return Handling.FORWARDED

    @property
    def on_time(self) -> bool:
        if self.first_clock_late:
            return False
        return self.due_at is None or (self.resolved_at is not None
                                       and self.resolved_at <= self.due_at)


def make_signers(recorded: str | None, has_contact: bool) -> Signers:
    return signers_of(recorded, has_contact)
