"""web_sessions, web_keys, filing_log: server-issued web chat sessions and filing limits

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:40:00

Web chat sessions are issued by the server (the table holds a hash of each token); filings from
the web chat are counted per client address (a keyed hash) and per day across instances.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions'))
    )
    op.create_table('web_keys',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_web_keys'))
    )
    op.create_table('filing_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_log'))
    )
    with op.batch_alter_table('filing_log', schema=None) as batch_op:
        batch_op.create_index('ix_filing_log_origin_created_at', ['origin', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_filing_log_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('filing_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filing_log_created_at'))
        batch_op.drop_index('ix_filing_log_origin_created_at')
    op.drop_table('filing_log')
    op.drop_table('web_keys')
    op.drop_table('web_sessions')
