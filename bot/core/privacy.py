"""A person's rights over the data held about them, and what the law lets the agency keep.

Rights: Luật Bảo vệ dữ liệu cá nhân 2025 and Nghị định 13/2023/NĐ-CP Đ9 (to know, see, correct,
erase, withdraw consent), Đ14 (access), Đ15 (correction), Đ16 (erasure on withdrawn consent,
1(b), and its exceptions, 2(a), (b)). Contact details of a question, phản ánh or kiến nghị rest
on the citizen's consent (Nghị định 13/2023 Đ11) and may be erased; a đơn khiếu nại or tố cáo is
handled because the law requires it (Luật Khiếu nại 2011, Luật Tố cáo 2018; Nghị định 13/2023
Đ17(5): no consent needed for a state body's duty set by a law), and its dossier is kept under
Luật Lưu trữ 2024, so its contact is neither erased on request nor anonymised by the retention
job. A chat identity (and the Zalo conversation its answers go to) is erased unless a ticket
still to be answered is delivered through it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.ports import UnitOfWorkFactory
from bot.core.tickets import PENDING_STATUSES, TicketStatus, TicketType
from bot.core.validation import normalise_phone

RETENTION_DAYS = 1825  # five years after a consent-based request is closed
# Consent-based: erasable on request, anonymised after the retention period.
CONSENT_BASED = frozenset({TicketType.HOI, TicketType.PHAN_ANH, TicketType.KIEN_NGHI})
# Handled under a law and archived: kept (Luật Lưu trữ 2024; Nghị định 13/2023 Đ16(2)(a), (b),
# Đ17(5)).
ARCHIVED = frozenset({TicketType.KHIEU_NAI, TicketType.TO_CAO})
# Still to be answered in the chat it came from: open, waiting for its đơn, or suspended until
# it resumes. The chat identity that answer goes through is kept until then (for a khiếu nại
# or tố cáo, a state body's duty under its law: Nghị định 13/2023 Đ16(2)(b)).
ANSWER_OWED = PENDING_STATUSES | {TicketStatus.SUSPENDED}
ACTOR = "privacy"  # the actor of the audit events, which never carry the data itself


def phone_digest(key: bytes, phone: str | None) -> str | None:
    """The keyed hash (HMAC-SHA256) of a phone number in its normal spelling, so a person is
    found by phone however the number was typed, without a readable number in the index."""
    normal = normalise_phone(phone or "")
    if normal is None:
        return None
    return hmac.new(key, b"phone:" + normal.encode(), hashlib.sha256).hexdigest()


def erasable(ticket_type: TicketType | str) -> bool:
    return TicketType(ticket_type) in CONSENT_BASED


@dataclass(frozen=True)
class AnonymiseReport:
    contacts: int  # contacts of closed, consent-based tickets emptied

    def __str__(self) -> str:
        return (f"{self.contacts} contact(s) of tickets closed longer than the retention "
                f"period anonymised")


class ContactRetentionJob:
    """Empties the contact details of consent-based tickets closed more than `keep` ago, and
    takes off their map locations (sensitive: Nghị định 13/2023 Đ2(4); bot.core.places)
    (Nghị định 13/2023 Đ3(4): kept only as long as the purpose needs). Idempotent: an emptied
    contact is not counted again. Each ticket gets an audit event without the data."""

    def __init__(self, uow: UnitOfWorkFactory, keep: timedelta = timedelta(days=RETENTION_DAYS)):
        self._uow = uow
        self.keep = keep

    async def run(self, now: datetime) -> AnonymiseReport:
        async with self._uow() as work:
            ids = await work.tickets.anonymise_contacts(
                closed_before=now - self.keep, types=[str(t) for t in CONSENT_BASED], at=now)
            await work.tickets.record_events(ids, "contact_anonymised", ACTOR,
                                             reason="retention", days=self.keep.days)
            await work.commit()
        return AnonymiseReport(len(ids))
