"""channel_identities.reply_to, .unfollowed_at: how a Zalo citizen is reached

Revision ID: 0020zr
Revises: 0019vd
Create Date: 2026-12-04 16:00:00

reply_to: the address a channel answers an identity at when its id alone does not reach it (a
Zalo chat begun without following the OA: its conversation id, refreshed by each message).
unfollowed_at: when the citizen stopped following the Zalo OA (cleared by a new follow); no
proactive notice goes to them meanwhile.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0020zr'
down_revision = '0019vd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('channel_identities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('unfollowed_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('channel_identities', schema=None) as batch_op:
        batch_op.drop_column('unfollowed_at')
        batch_op.drop_column('reply_to')
