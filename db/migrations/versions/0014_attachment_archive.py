"""ticket_attachments: the archived copy (stored_ref, sha256, archived_at) and the archiving's
attempts (issue 14)

Revision ID: 0014
Revises: 0016w
Create Date: 2026-12-03 14:10:00

Files citizens send on Telegram and Zalo are downloaded into the agency's storage (STORAGE_DIR)
by each channel's archive worker (bot/relay/archive.py); these columns record the copy and, for
a file not (yet) fetched, the attempts, the next one and the last error.
"""
from alembic import op
import sqlalchemy as sa

import db.types

revision = '0014'
down_revision = '0016w'
branch_labels = None
depends_on = None

COLUMNS = ('stored_ref', 'sha256', 'archived_at', 'archive_attempts', 'archive_error',
           'archive_next_at', 'archive_failed')


def upgrade() -> None:
    # Plain ADD COLUMN: nothing to copy, and SQLite keeps the table as it is.
    op.add_column('ticket_attachments', sa.Column('stored_ref', sa.String(120), nullable=True))
    op.add_column('ticket_attachments', sa.Column('sha256', sa.String(64), nullable=True))
    op.add_column('ticket_attachments', sa.Column('archived_at', db.types.UtcDateTime(timezone=True),
                                                  nullable=True))
    op.add_column('ticket_attachments', sa.Column('archive_attempts', sa.Integer(),
                                                  server_default='0', nullable=False))
    op.add_column('ticket_attachments', sa.Column('archive_error', sa.String(200), nullable=True))
    op.add_column('ticket_attachments', sa.Column('archive_next_at',
                                                  db.types.UtcDateTime(timezone=True),
                                                  nullable=True))
    op.add_column('ticket_attachments', sa.Column('archive_failed', sa.Boolean(),
                                                  server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column('ticket_attachments', column)
