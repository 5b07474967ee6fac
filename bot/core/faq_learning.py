"""The FAQ learns from use: a question whose right entry was found (a citizen tapped a
suggestion and did not object, or an officer answered a handed-over question with an entry) is
proposed as a variant of that entry, redacted, and waits for an admin's decision."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.personal_data import KINDS, Redaction, fold, redact

MAX_QUESTION = 1500  # as much as a staff card shows (bot.core.staff.faq)
# More than one kind of personal data, or markers over a quarter of the text: the question is
# about a person rather than a matter, and is never kept, even redacted.
HEAVY_KINDS = 2
HEAVY_SHARE = 0.25


class VariantSource(StrEnum):
    TAP = "tap"  # a citizen tapped a suggestion and did not say «Không đúng»
    OFFICER = "officer"  # an officer answered a handed-over question with the entry


class VariantStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # every citizen who tapped it objected


@dataclass(frozen=True)
class VariantProposal:
    id: int
    question: str  # redacted, the removal markers shown
    entry_id: str
    source: VariantSource
    count: int  # how many times the same question met the same entry
    status: VariantStatus
    proposed_at: datetime
    ticket_id: int | None = None  # the handed-over question it came from
    decided_by: str | None = None  # actor, e.g. officer:<telegram id> or cli
    decided_at: datetime | None = None
    tapped_at: datetime | None = None  # the latest citizen's tap (bot.core.variant_digest)
    announced_at: datetime | None = None  # shown to the admins in a digest


def question_key(text: str) -> str:
    """The same question whatever its case, tone marks and spacing."""
    folded = re.sub(r"[^\w]+", " ", fold(text)).strip()
    return hashlib.sha256(folded.encode()).hexdigest()


def learnable(text: str, marker: Callable[[str], str],
              known: tuple[str | None, ...] = ()) -> Redaction | None:
    """The question redacted for a proposal, or None when the redactor flags it heavily."""
    text = text.strip()[:MAX_QUESTION]
    if not text:
        return None
    cleaned = redact(text, known, marker)
    if len(cleaned.removed) >= HEAVY_KINDS:
        return None
    markers = sum(cleaned.text.count(marker(kind)) * len(marker(kind)) for kind in KINDS)
    removed = len(text) - (len(cleaned.text) - markers)  # characters of the original taken out
    if removed > HEAVY_SHARE * len(text):
        return None
    return cleaned


def unmarked(text: str, marker: Callable[[str], str]) -> str:
    """The question as a citizen would type it: the removal markers left out (for the index)."""
    for kind in KINDS:
        text = text.replace(marker(kind), " ")
    return re.sub(r"\s+", " ", text).strip()
