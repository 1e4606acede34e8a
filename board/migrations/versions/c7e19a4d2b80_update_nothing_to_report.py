"""partner updates: sections explicitly marked "Nothing to report"

A submitted update is complete: each written section has text or is marked as having
nothing to report. The marks are a list of section names, like priorities and themes.

Revision ID: c7e19a4d2b80
Revises: c4a1e7d2f9b3
Create Date: 2026-12-02 23:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e19a4d2b80'
down_revision = 'c4a1e7d2f9b3'
branch_labels = None
depends_on = None


# Not in batch mode: on SQLite that copies and drops "partner_update", which the foreign
# keys (on) of its figures, revisions and files refuse; SQLite (3.35+) adds and drops a
# plain column in place.
def upgrade():
    op.add_column('partner_update', sa.Column('nothing_to_report', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    op.drop_column('partner_update', 'nothing_to_report')
