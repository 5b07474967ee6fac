"""The public Hỏi - Đáp column: which tickets may ever be published, the states of a proposal,
and the published item as the portal reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.tickets import SEALED_IDENTITY, Ticket, TicketStatus, TicketType

# Luật Tố cáo 2018 Đ8(3), Đ47: nothing about a tố cáo is ever published.
NEVER_PUBLISHED = SEALED_IDENTITY
# A question handed to staff is published only as the officer's paraphrase, as an FAQ entry
# is; a request only when its citizen agreed at filing (`publish_allowed`).
WITHOUT_CONSENT = frozenset({TicketType.HOI})


class PublicationStatus(StrEnum):
    DRAFT = "draft"  # being edited by the officer
    PROPOSED = "proposed"  # waiting for a leader
    PUBLISHED = "published"  # served on /hoi-dap
    REJECTED = "rejected"  # a leader said no (with a reason in the ticket's history)
    WITHDRAWN = "withdrawn"  # a leader took it down


@dataclass(frozen=True)
class PublishedAnswer:
    """A question (paraphrased, no personal data) and its answer, in whatever state."""

    id: int
    ticket_id: int
    status: PublicationStatus
    question: str
    answer: str
    field: str | None
    published_at: datetime | None
    updated_at: datetime

    @property
    def faq_id(self) -> str:
        """Its entry in the live FAQ once approved (the matcher answers the paraphrase)."""
        return f"CK{self.id}"


def may_publish(ticket: Ticket) -> bool:
    """Whether the ticket's answer may be proposed at all: closed, never a tố cáo, and with
    the citizen's consent unless it is a question. The repository's query says the same."""
    if ticket.type in NEVER_PUBLISHED or ticket.status is not TicketStatus.CLOSED:
        return False
    return ticket.type in WITHOUT_CONSENT or ticket.publish_allowed
