"""Proposing a question as a variant and deciding on it: shared by the citizen's tap, the
officer's choice, the admins' buttons in the staff group (bot.core.variant_digest) and
`pakn faq variants review`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.core.catalog import Catalog
from bot.core.faq_index import FaqIndex
from bot.core.faq_learning import (
    VariantProposal,
    VariantSource,
    VariantStatus,
    learnable,
    unmarked,
)
from bot.core.messages import Button, Reply
from bot.core.ports import UnitOfWork
from faq.entries import FaqEntry

DECISIONS = ("fv_ok", "fv_no")  # «Duyệt», «Bỏ qua»: st:<name>:<proposal id>
NEIGHBOURS = 2
NEIGHBOURS_RANKED = NEIGHBOURS + 1  # the proposal's own entry may be among them


def marker(catalog: Catalog) -> Callable[[str], str]:
    """The visible marker of removed personal data, as the staff group reads it."""
    return lambda kind: catalog.text(f"redacted.{kind}", "vi")


async def propose(uow: UnitOfWork, catalog: Catalog, text: str, entry_id: str,
                  source: VariantSource, at: datetime, ticket_id: int | None = None,
                  known: tuple[str | None, ...] = ()) -> VariantProposal | None:
    """Stores the redacted question as a proposal (counted if it recurs); None when the
    redactor flags it heavily, or it already is the entry's question or a variant."""
    learned = _learned(catalog, text, known)
    entry = await uow.faq.get(entry_id)
    if learned is None or entry is None:
        return None
    stored, plain = learned
    if plain.casefold() in {q.casefold() for q in (entry.question, *entry.variants)}:
        return None
    return await uow.variants.propose(stored, entry_id, source, at, ticket_id)


def _learned(catalog: Catalog, text: str, known: tuple[str | None, ...]) -> tuple[str, str] | None:
    """The question as proposed (personal data marked) and as ranked (markers removed); None
    when the redactor would not let it be proposed."""
    cleaned = learnable(text, marker(catalog), known)
    return (cleaned.text, unmarked(cleaned.text, marker(catalog))) if cleaned else None


async def known(uow: UnitOfWork, ticket_id: int) -> tuple[str | None, ...]:
    """The ticket's contact (name, phone, address): the redactor removes it from the question."""
    contact = await uow.tickets.contact(ticket_id)
    return (contact.name, contact.phone, contact.address) if contact else ()


def ranked_question(catalog: Catalog, text: str, known: tuple[str | None, ...] = ()) -> str | None:
    """What `neighbours` ranks for a proposal of `text`, known before it is stored (ranked
    ahead, bot.core.staff.lookahead); None when the redactor would not let it be proposed."""
    learned = _learned(catalog, text, known)
    return learned[1] if learned else None


async def neighbours(index: FaqIndex, catalog: Catalog,
                     proposal: VariantProposal) -> list[FaqEntry]:
    """The other entries closest to the question: a short, generic question close to them
    would pull their citizens' questions once approved (bench/faq_learning.md)."""
    ranked = await index.arank(unmarked(proposal.question, marker(catalog)), NEIGHBOURS_RANKED)
    return [e for e in ranked if e.id != proposal.entry_id][:NEIGHBOURS]


def view(catalog: Catalog, proposal: VariantProposal, entry: FaqEntry | None,
         close: list[FaqEntry] | None = None) -> Reply:
    """The proposal as admins read it in the staff group, with «Duyệt» and «Bỏ qua»; `close`
    are other entries near the question, named so the admin can judge whether it is generic."""
    text = catalog.text(
        "staff.fv.item", "vi", id=proposal.id, entry=proposal.entry_id,
        entry_question=entry.question if entry else "—", question=proposal.question,
        source=catalog.text(f"staff.fv.source.{proposal.source}", "vi"), count=proposal.count,
        status=catalog.text(f"staff.fv.status.{proposal.status}", "vi"))
    if close:
        text += "\n" + catalog.text("staff.fv.neighbours", "vi",
                                     entries="; ".join(f"«{e.question}»" for e in close))
    if proposal.status is not VariantStatus.PROPOSED:
        return Reply(text)
    buttons = tuple(Button(catalog.text(f"staff.button.{name}", "vi"), f"st:{name}:{proposal.id}")
                    for name in DECISIONS)
    return Reply(text, buttons)


async def approve(uow: UnitOfWork, catalog: Catalog, proposal_id: int, by: str,
                  at: datetime) -> VariantProposal | None:
    """Adds the question (markers left out) to its entry's variants; None when the proposal
    is not waiting or its entry is gone. The caller reloads the live index."""
    proposal = await uow.variants.get(proposal_id)
    entry = await uow.faq.get(proposal.entry_id) if proposal else None
    if proposal is None or entry is None or proposal.status is not VariantStatus.PROPOSED:
        return None
    variant = unmarked(proposal.question, marker(catalog))
    if variant and variant not in entry.variants:
        await uow.faq.upsert([replace(entry, variants=(*entry.variants, variant))])
    return await uow.variants.decide(proposal_id, VariantStatus.APPROVED, by, at)


async def reject(uow: UnitOfWork, proposal_id: int, by: str,
                 at: datetime) -> VariantProposal | None:
    """Bỏ qua: kept as rejected, so the same question is not proposed again."""
    return await uow.variants.decide(proposal_id, VariantStatus.REJECTED, by, at)
