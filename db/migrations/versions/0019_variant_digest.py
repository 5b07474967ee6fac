"""faq_variant_proposals.tapped_at, .announced_at: proposals go to admins in a daily digest

Revision ID: 0019vd
Revises: 0018fe
Create Date: 2026-12-03 21:00:00

A tapped proposal waits until the citizen has had the time to say «Không đúng câu hỏi của tôi»
(tapped_at), and is shown once in the day's digest (announced_at). Proposals stored before
this revision were posted to the staff group when made: they count as announced.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0019vd'
down_revision = '0018fe'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('faq_variant_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tapped_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('announced_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_faq_variant_proposals_announced_at'),
                              ['announced_at'], unique=False)
    proposals = sa.table('faq_variant_proposals', sa.column('proposed_at'),
                         sa.column('announced_at'))
    op.execute(proposals.update().values(announced_at=proposals.c.proposed_at))


def downgrade() -> None:
    with op.batch_alter_table('faq_variant_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_variant_proposals_announced_at'))
        batch_op.drop_column('announced_at')
        batch_op.drop_column('tapped_at')
