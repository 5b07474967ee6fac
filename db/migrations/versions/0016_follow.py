"""follow_links, follow_attempts: following a request from any device (issue 16)

Revision ID: 0016w
Revises: 0013
Create Date: 2026-12-03 13:30:00

A request's personal follow link is kept as the SHA-256 of its token only; attempts to open a
request by its code and the phone's last four digits are counted per client address (a keyed
hash) and per code, so that the four digits cannot be guessed.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0016w'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('follow_links',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_follow_links_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_follow_links'))
    )
    with op.batch_alter_table('follow_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_links_token_hash'), ['token_hash'], unique=True)
    op.create_table('follow_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_attempts'))
    )
    with op.batch_alter_table('follow_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_follow_attempts_scope_key_created_at', ['scope', 'key', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_attempts_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('follow_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_attempts_created_at'))
        batch_op.drop_index('ix_follow_attempts_scope_key_created_at')
    op.drop_table('follow_attempts')
    with op.batch_alter_table('follow_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_links_token_hash'))
    op.drop_table('follow_links')
