"""ticket_contacts: a keyed phone hash for finding a person, and when the details were erased

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 11:50:00

phone_hash (HMAC-SHA256 of the normalised phone, bot.core.privacy.phone_digest) and erased_at
are added. Existing rows are converted by computing phone_hash here with the key the
application uses: DATA_KEY from the environment, or else the generated key kept in web_keys
(name "contact_phone", made here if absent). No column is encrypted: the package
`cryptography` is not installed (README "Security", "Personal data"). The downgrade drops the
two columns.
"""
import hashlib
import hmac
import os
import re
import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import db.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

KEY_NAME = 'contact_phone'
_PHONE = re.compile(r"^(?:\+?84|0)(\d{9,10})$")


def _normal(phone):
    # A copy of bot.core.validation.normalise_phone as of this revision: a migration must not
    # change meaning when the application code does.
    match = _PHONE.match(re.sub(r"[\s.\-()]", "", phone or ""))
    return f"0{match.group(1)}" if match else None


def _key(connection) -> bytes:
    configured = os.environ.get('DATA_KEY')
    if configured:
        return configured.encode()
    keys = sa.table('web_keys', sa.column('name', sa.String), sa.column('value', sa.String),
                    sa.column('created_at', sa.DateTime(timezone=True)))
    value = connection.scalar(sa.select(keys.c.value).where(keys.c.name == KEY_NAME))
    if value is None:
        value = secrets.token_hex(32)
        connection.execute(keys.insert().values(name=KEY_NAME, value=value,
                                                created_at=datetime.now(UTC)))
    return value.encode()


def upgrade() -> None:
    with op.batch_alter_table('ticket_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('erased_at', db.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_contacts_phone_hash'), ['phone_hash'],
                              unique=False)
    connection = op.get_bind()
    contacts = sa.table('ticket_contacts', sa.column('ticket_id', sa.Integer),
                        sa.column('phone', sa.String), sa.column('phone_hash', sa.String))
    rows = connection.execute(sa.select(contacts.c.ticket_id, contacts.c.phone)
                              .where(contacts.c.phone.is_not(None))).all()
    if not rows:
        return
    key = _key(connection)
    for ticket_id, phone in rows:
        normal = _normal(phone)
        if normal is None:
            continue
        digest = hmac.new(key, b"phone:" + normal.encode(), hashlib.sha256).hexdigest()
        connection.execute(contacts.update().where(contacts.c.ticket_id == ticket_id)
                           .values(phone_hash=digest))


def downgrade() -> None:
    with op.batch_alter_table('ticket_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_contacts_phone_hash'))
        batch_op.drop_column('erased_at')
        batch_op.drop_column('phone_hash')
