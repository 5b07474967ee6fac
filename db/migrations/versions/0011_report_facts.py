"""tickets: the facts the Thanh tra forms count; reception_sessions (issue 15, reports)

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-03 13:50:00

Biểu 01-04/XLD, 01-03/KQGQ and 01/TCD of Thông tư 02/2021/TT-TTCP count facts pakn did not
record: who signed a đơn, đủ điều kiện xử lý, thuộc thẩm quyền, guided or forwarded, the
official content category, the outcome class, the reply to a forwarded đơn, and the sessions of
tiếp công dân.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0011'
down_revision = '0012'
branch_labels = None
depends_on = None

COLUMNS = (
    ('intake', sa.String(12)), ('signers', sa.String(10)), ('eligible', sa.Boolean()),
    ('competent', sa.Boolean()), ('handling', sa.String(12)),
    ('content_category', sa.String(30)), ('outcome', sa.String(20)),
    ('reply_document', sa.String(200)),
    ('reply_received_at', db.types.UtcDateTime(timezone=True)),
)


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): a batch copy of `tickets` on SQLite would drop the table,
    # which the foreign keys of a filled database forbid (see 0008).
    for name, kind in COLUMNS:
        op.add_column('tickets', sa.Column(name, kind, nullable=True))
    op.create_table(
        'reception_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('receiver', sa.String(200), nullable=False),
        sa.Column('unit', sa.String(60), nullable=True),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.Column('repeat', sa.Boolean(), nullable=False),
        sa.Column('delegation', sa.Boolean(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('ticket_codes', sa.String(500), nullable=False),
        sa.Column('created_by', sa.String(60), nullable=False),
        sa.Column('created_at', db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_sessions')),
    )
    op.create_index(op.f('ix_reception_sessions_held_on'), 'reception_sessions', ['held_on'])


def downgrade() -> None:
    op.drop_index(op.f('ix_reception_sessions_held_on'), table_name='reception_sessions')
    op.drop_table('reception_sessions')
    for name, _kind in reversed(COLUMNS):
        op.drop_column('tickets', name)
