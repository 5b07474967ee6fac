"""channel_tokens: a channel's current OAuth token pair, kept across restarts and instances

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 09:00:00

Zalo refresh tokens are single-use: the rotated pair lives here, not only in memory. The table
starts empty; the channel seeds it from ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channel_tokens',
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('access_token', sa.Text(), nullable=True),
    sa.Column('refresh_token', sa.Text(), nullable=True),
    sa.Column('expires_at', db.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('updated_at', db.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', name=op.f('pk_channel_tokens'))
    )


def downgrade() -> None:
    op.drop_table('channel_tokens')
