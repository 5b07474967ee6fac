"""tickets.urgent_at, .urgent_due_at, .urgent_met_at: the urgent tier's clock in working hours

Revision ID: 0020urgent
Revises: 0019vd
Create Date: 2026-12-04 16:00:00

`tickets.urgent` has been in the schema since the start, always false. An urgent request
(danger to life, health or property; bot.core.urgency) now records when it was flagged, the
moment its first answer is due (working hours, beside the legal `due_at`) and when it came.
The index finds the running urgent clocks for the reminder job.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0020urgent'
down_revision = '0019vd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('urgent_due_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('urgent_met_at', db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_urgent_due_at'), ['urgent_due_at'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_urgent_due_at'))
        batch_op.drop_column('urgent_met_at')
        batch_op.drop_column('urgent_due_at')
        batch_op.drop_column('urgent_at')
