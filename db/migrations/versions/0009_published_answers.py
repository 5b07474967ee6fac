"""published_answers: the public Hỏi - Đáp column

Revision ID: 0009
Revises: 0014
Create Date: 2026-12-03 13:40:00

Questions and answers an officer proposes for the portal's Hỏi - Đáp column and a leader
approves (one row per ticket; only `published` rows of consenting, non-tố cáo tickets are served).
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0009'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('published_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=True),
    sa.Column('proposed_by', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('published_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['officers.id'], name=op.f('fk_published_answers_decided_by_officers')),
    sa.ForeignKeyConstraint(['proposed_by'], ['officers.id'], name=op.f('fk_published_answers_proposed_by_officers')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_published_answers_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_answers')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_published_answers_ticket_id'))
    )
    with op.batch_alter_table('published_answers', schema=None) as batch_op:
        batch_op.create_index('ix_published_answers_status_published_at', ['status', 'published_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('published_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_published_answers_status_published_at')
    op.drop_table('published_answers')
