"""retention: raw updates and sent messages purged after use, no display names, draft expiry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:40:00

inbound_updates.payload and outbox.body become nullable, and what is already handled (or sent,
or refused) is purged now; the keys stay for deduplication. No content hash is added: message
texts are templates, so an unkeyed hash could be searched back to the name or phone it held. citizens loses
display_name (a chat display name is an identity). conversations.updated_at gets an index for
the draft-expiry job. The downgrade restores the columns, not the purged values.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_updates', schema=None) as batch_op:
        batch_op.alter_column('payload', existing_type=sa.JSON(), nullable=True)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.JSON(), nullable=True)
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('display_name')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_updated_at'), ['updated_at'], unique=False)

    inbound = sa.table('inbound_updates', sa.column('status', sa.String),
                       sa.column('payload', sa.JSON))
    op.execute(inbound.update().where(inbound.c.status != 'pending').values(payload=sa.null()))
    outbox = sa.table('outbox', sa.column('status', sa.String), sa.column('body', sa.JSON))
    op.execute(outbox.update().where(outbox.c.status != 'pending').values(body=sa.null()))


def downgrade() -> None:
    inbound = sa.table('inbound_updates', sa.column('payload', sa.JSON))
    op.execute(inbound.update().where(inbound.c.payload.is_(None)).values(payload={}))
    outbox = sa.table('outbox', sa.column('body', sa.JSON))
    op.execute(outbox.update().where(outbox.c.body.is_(None)).values(body={'text': ''}))
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_updated_at'))
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=200), nullable=True))
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table('inbound_updates', schema=None) as batch_op:
        batch_op.alter_column('payload', existing_type=sa.JSON(), nullable=False)
