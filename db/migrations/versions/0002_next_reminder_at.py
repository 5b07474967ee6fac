"""tickets.next_reminder_at: when the reminder job should next look at a ticket

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00

Open tickets with a due date start at their receipt, so the job's next run picks each one up
and sets its real value (it sends nothing already recorded in sent_reminders).
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

OPEN = ('received', 'in_progress', 'accepted')


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_reminder_at', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_tickets_next_reminder_at'), ['next_reminder_at'], unique=False)
    tickets = sa.table('tickets', sa.column('status', sa.String), sa.column('due_at'),
                       sa.column('received_at'), sa.column('next_reminder_at'))
    op.execute(
        tickets.update()
        .where(tickets.c.status.in_(OPEN), tickets.c.due_at.is_not(None))
        .values(next_reminder_at=tickets.c.received_at)
    )


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tickets_next_reminder_at'))
        batch_op.drop_column('next_reminder_at')
