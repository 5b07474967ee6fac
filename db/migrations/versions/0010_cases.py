"""cases, tickets.case_id: similar requests handled together as one vụ việc (issue 17)

Revision ID: 0010
Revises: 0009 (re-chained after the column's 0009)
Create Date: 2026-12-03 14:30:00

The official forms count đơn and vụ việc (biểu 01/XLD): several đơn
about one problem make one vụ việc.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'cases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=True),
        sa.Column('lead_ticket_id', sa.Integer(), nullable=False),
        sa.Column('opened_at', db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('card_stale', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
        sa.UniqueConstraint('code', name=op.f('uq_cases_code')),
    )
    op.create_index(op.f('ix_cases_card_stale'), 'cases', ['card_stale'], unique=False)
    # Plain ADD COLUMN (a batch copy of `tickets` on SQLite would drop the table, which the
    # foreign keys of a filled database forbid); SQLite takes the REFERENCES inline only.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE tickets ADD COLUMN case_id INTEGER '
                   'CONSTRAINT fk_tickets_case_id_cases REFERENCES cases (id)')
    else:
        op.add_column('tickets', sa.Column('case_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_tickets_case_id_cases'), 'tickets', 'cases',
                              ['case_id'], ['id'])
    op.create_index(op.f('ix_tickets_case_id'), 'tickets', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_tickets_case_id'), table_name='tickets')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_tickets_case_id_cases'), 'tickets', type_='foreignkey')
    op.drop_column('tickets', 'case_id')
    op.drop_index(op.f('ix_cases_card_stale'), table_name='cases')
    op.drop_table('cases')
