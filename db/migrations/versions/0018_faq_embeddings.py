"""faq_embeddings: FAQ texts' vectors kept in the database (issue 12)

Revision ID: 0018fe
Revises: 0017fv
Create Date: 2026-12-03 20:45:00

Embedding a text costs ~25 ms: 10,000 entries with variants would take minutes at every start
of every instance. The vector of each text is stored when it is first embedded, by model.
"""
from alembic import op
import sqlalchemy as sa

revision = '0018fe'
down_revision = '0017fv'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'faq_embeddings',
        sa.Column('key', sa.String(40), nullable=False),
        sa.Column('model', sa.String(100), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_faq_embeddings')),
    )
    op.create_index(op.f('ix_faq_embeddings_model'), 'faq_embeddings', ['model'])


def downgrade() -> None:
    op.drop_index(op.f('ix_faq_embeddings_model'), table_name='faq_embeddings')
    op.drop_table('faq_embeddings')
