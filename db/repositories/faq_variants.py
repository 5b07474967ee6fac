"""Questions proposed as FAQ variants, counted when they recur, decided by an admin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update

from bot.core.faq_learning import VariantProposal, VariantSource, VariantStatus, question_key
from db.models import FaqVariantProposalRow
from db.repositories.base import SqlRepository


def _proposal(row: FaqVariantProposalRow) -> VariantProposal:
    return VariantProposal(row.id, row.question, row.entry_id, VariantSource(row.source),
                           row.count, VariantStatus(row.status), row.proposed_at, row.ticket_id,
                           row.decided_by, row.decided_at, row.tapped_at, row.announced_at)


class SqlVariantProposalRepository(SqlRepository):
    async def propose(self, question: str, entry_id: str, source: VariantSource, at: datetime,
                      ticket_id: int | None = None) -> VariantProposal:
        """A new proposal, or the same question's one counted once more (a withdrawn one is
        proposed again; a decided one keeps its decision). A tap is remembered: the digest
        waits for the citizen's objection window to close."""
        key = question_key(question)
        row = await self.session.scalar(select(FaqVariantProposalRow).where(
            FaqVariantProposalRow.question_key == key,
            FaqVariantProposalRow.entry_id == entry_id))
        if row is None:
            row = FaqVariantProposalRow(
                question=question, question_key=key, entry_id=entry_id, source=source.value,
                count=1, status=VariantStatus.PROPOSED.value, ticket_id=ticket_id,
                proposed_at=at, updated_at=at)
            self.session.add(row)
        elif row.status == VariantStatus.WITHDRAWN:
            row.count, row.status, row.updated_at = 1, VariantStatus.PROPOSED.value, at
        else:
            row.count, row.updated_at = row.count + 1, at
            if source is VariantSource.OFFICER:  # an officer's choice outweighs a tap
                row.source, row.ticket_id = source.value, ticket_id or row.ticket_id
        if source is VariantSource.TAP:
            row.tapped_at = at
        await self.session.flush()
        return _proposal(row)

    async def withdraw(self, proposal_id: int, at: datetime) -> VariantProposal | None:
        """One citizen objected: counted once less; withdrawn when nobody else tapped it."""
        row = await self.session.get(FaqVariantProposalRow, proposal_id)
        if row is None or row.status != VariantStatus.PROPOSED:
            return None
        row.count, row.updated_at = max(0, row.count - 1), at
        if row.count == 0:
            row.status = VariantStatus.WITHDRAWN.value
        await self.session.flush()
        return _proposal(row)

    async def get(self, proposal_id: int) -> VariantProposal | None:
        row = await self.session.get(FaqVariantProposalRow, proposal_id)
        return _proposal(row) if row else None

    async def listed(self, status: VariantStatus | None = None,
                     limit: int = 200) -> list[VariantProposal]:
        """Most asked first, then oldest first."""
        query = select(FaqVariantProposalRow)
        if status is not None:
            query = query.where(FaqVariantProposalRow.status == status.value)
        query = query.order_by(FaqVariantProposalRow.count.desc(),
                               FaqVariantProposalRow.id).limit(limit)
        return [_proposal(row) for row in await self.session.scalars(query)]

    async def decide(self, proposal_id: int, status: VariantStatus, by: str,
                     at: datetime) -> VariantProposal | None:
        """Approved or rejected by `by`, once: None when it is no longer proposed."""
        row = await self.session.get(FaqVariantProposalRow, proposal_id)
        if row is None or row.status != VariantStatus.PROPOSED:
            return None
        row.status, row.decided_by, row.decided_at, row.updated_at = status.value, by, at, at
        await self.session.flush()
        return _proposal(row)

    async def unannounced(self, tapped_before: datetime,
                          limit: int = 200) -> list[VariantProposal]:
        """Waiting, never shown in a digest, and not tapped since `tapped_before`: most asked
        first, then oldest first."""
        row = FaqVariantProposalRow
        query = select(row).where(
            row.status == VariantStatus.PROPOSED.value, row.announced_at.is_(None),
            or_(row.tapped_at.is_(None), row.tapped_at <= tapped_before),
        ).order_by(row.count.desc(), row.id).limit(limit)
        return [_proposal(found) for found in await self.session.scalars(query)]

    async def announce(self, proposal_ids: list[int], at: datetime) -> None:
        """Shown to the admins at `at`: never shown again."""
        if proposal_ids:
            await self.session.execute(
                update(FaqVariantProposalRow)
                .where(FaqVariantProposalRow.id.in_(proposal_ids),
                       FaqVariantProposalRow.announced_at.is_(None))
                .values(announced_at=at))
