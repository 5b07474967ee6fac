"""tickets.urgent_at, .urgent_due_at, .urgent_met_at: the urgent tier's clock in working hours

Revision ID: 0020urgent
Revises: 0020zr
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
down_revision = '0020zr'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of `tickets` on SQLite would drop the table, which the
    # foreign keys of a filled database forbid (as in 0011, 0012).
    for name in ('urgent_at', 'urgent_due_at', 'urgent_met_at'):
        op.add_column('tickets', sa.Column(name, db.types.UtcDateTime(timezone=True),
                                           nullable=True))
    op.create_index(op.f('ix_tickets_urgent_due_at'), 'tickets', ['urgent_due_at'],
                    unique=False)


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+), for the same reason.
    op.drop_index(op.f('ix_tickets_urgent_due_at'), table_name='tickets')
    for name in ('urgent_met_at', 'urgent_due_at', 'urgent_at'):
        op.drop_column('tickets', name)
