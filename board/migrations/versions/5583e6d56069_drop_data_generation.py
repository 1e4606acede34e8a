"""drop data_generation: the page cache it keyed is gone

Revision ID: 5583e6d56069
Revises: 29fb325fe6c9
Create Date: 2026-12-02 19:30:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5583e6d56069'
down_revision = '29fb325fe6c9'
branch_labels = None
depends_on = None


def upgrade():
    # A whole table goes, so there is nothing to alter and no batch copy is needed on SQLite.
    op.drop_table('data_generation')


def downgrade():
    table = op.create_table('data_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_generation'))
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16)}])
