"""outbox: when a message was claimed, and the server's answer

A worker that dies while sending leaves its messages 'sending'; claimed_at lets the next
one put them back after a timeout (rows claimed before this revision have none, and
count as stuck). smtp_reply is what the server answered when it took the message.

Revision ID: 1b3127d6ad82
Revises: a7981efc2139
Create Date: 2026-12-02 19:19:50.380972

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b3127d6ad82'
down_revision = 'a7981efc2139'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('smtp_reply', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('smtp_reply')
        batch_op.drop_column('claimed_at')
