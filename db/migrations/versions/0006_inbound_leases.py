"""inbound_updates: a lease, so that any live instance takes over what a dead one stored

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 11:45:00

A pending update is held by the instance named in `claimed_by` until `lease_until`; the holder
renews the lease while the update waits in its lanes. Once the lease runs out (the holder died)
any instance claims the update (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL). Rows stored
before this revision have no lease: the first instance to look claims them.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('lease_until', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_inbound_updates_claimable',
                              ['channel', 'status', 'lease_until'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inbound_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_updates_claimable')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')
