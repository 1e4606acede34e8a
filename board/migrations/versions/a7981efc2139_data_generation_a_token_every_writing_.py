"""data generation: a token every writing transaction replaces (the page cache's key)

Revision ID: a7981efc2139
Revises: 5a70ceff479f
Create Date: 2026-11-28 20:40:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7981efc2139'
down_revision = '5a70ceff479f'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('data_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_generation'))
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16)}])


def downgrade():
    op.drop_table('data_generation')
