"""ticket_contacts: name, phone and address as TEXT, to hold their sealed form (issue 15)

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-03 13:45:00

Contacts are encrypted at rest (db/contact_cipher.py): a sealed value is longer than the clear
one. The rows themselves are sealed by `pakn run` and `pakn db upgrade` once the key is known
(DATA_KEY, or the generated one), since a migration has no key.
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0008'
branch_labels = None
depends_on = None

WIDTHS = {'name': 200, 'phone': 20, 'address': 300}


def upgrade() -> None:
    # Nothing refers to ticket_contacts, so SQLite's batch copy of it is safe.
    with op.batch_alter_table('ticket_contacts') as batch:
        for column, width in WIDTHS.items():
            batch.alter_column(column, type_=sa.Text(), existing_type=sa.String(width),
                               existing_nullable=True)


def downgrade() -> None:
    # On PostgreSQL this fails while sealed values are longer than the old widths.
    with op.batch_alter_table('ticket_contacts') as batch:
        for column, width in WIDTHS.items():
            batch.alter_column(column, type_=sa.String(width), existing_type=sa.Text(),
                               existing_nullable=True)
