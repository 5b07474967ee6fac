"""tickets: complaint_round, first_clock_late, suspended_at (issue 14, legal clocks)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 11:45:00

Khiếu nại lần hai has its own clock (Luật Khiếu nại 2011 Đ37); a thụ lý after the first clock's
deadline stays late after acceptance; a tạm đình chỉ (Đ11a) pauses the clock.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (constant defaults): a batch copy of `tickets` on SQLite would drop the
    # table, which the foreign keys of a filled database forbid.
    op.add_column('tickets', sa.Column('complaint_round', sa.Integer(), server_default='1',
                                       nullable=False))
    op.add_column('tickets', sa.Column('first_clock_late', sa.Boolean(),
                                       server_default=sa.false(), nullable=False))
    op.add_column('tickets', sa.Column('suspended_at', db.types.UtcDateTime(timezone=True),
                                       nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch copy would drop and recreate
    # `tickets`, which the foreign keys of its events and contacts forbid.
    for column in ('suspended_at', 'first_clock_late', 'complaint_round'):
        op.drop_column('tickets', column)
