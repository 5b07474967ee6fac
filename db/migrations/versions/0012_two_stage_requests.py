"""tickets: drafted_at, details; ticket_contacts: details (issue 14, two stages)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 13:40:00

A khiếu nại or tố cáo is drafted in the chat and received only with its signed đơn (Luật
Khiếu nại 2011 Đ8, Luật Tố cáo 2018 Đ22-23): `drafted_at` keeps the chat's moment while
`received_at` becomes the đơn's. `details` hold the required elements of the request; the
contact's `details` who files (an organisation's tax code and representative, or the person a
representative acts for).
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of `tickets` on SQLite would drop the table, which the
    # foreign keys of a filled database forbid.
    op.add_column('tickets', sa.Column('drafted_at', db.types.UtcDateTime(timezone=True),
                                       nullable=True))
    op.add_column('tickets', sa.Column('details', sa.JSON(), nullable=True))
    op.add_column('ticket_contacts', sa.Column('details', sa.JSON(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+), for the same reason.
    op.drop_column('ticket_contacts', 'details')
    op.drop_column('tickets', 'details')
    op.drop_column('tickets', 'drafted_at')
