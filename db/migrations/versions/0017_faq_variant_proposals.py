"""faq_variant_proposals: questions proposed as variants of FAQ entries (issue 12, learn)

Revision ID: 0017fv
Revises: 0011
Create Date: 2026-12-03 17:30:00

A citizen tapped a suggestion and did not object, or an officer answered a handed-over question
with an entry: the question, redacted, waits for an admin's decision. One row per question and
entry, counted when the same question recurs; never linked to the citizen.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0017fv'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'faq_variant_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('question_key', sa.String(64), nullable=False),
        sa.Column('entry_id', sa.String(60), nullable=False),
        sa.Column('source', sa.String(12), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(12), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('proposed_at', db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.String(60), nullable=True),
        sa.Column('decided_at', db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_faq_variant_proposals_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_variant_proposals')),
        sa.UniqueConstraint('question_key', 'entry_id',
                            name=op.f('uq_faq_variant_proposals_question_key')),
    )
    op.create_index(op.f('ix_faq_variant_proposals_entry_id'), 'faq_variant_proposals',
                    ['entry_id'])
    op.create_index(op.f('ix_faq_variant_proposals_status'), 'faq_variant_proposals',
                    ['status'])


def downgrade() -> None:
    op.drop_index(op.f('ix_faq_variant_proposals_status'), table_name='faq_variant_proposals')
    op.drop_index(op.f('ix_faq_variant_proposals_entry_id'), table_name='faq_variant_proposals')
    op.drop_table('faq_variant_proposals')
