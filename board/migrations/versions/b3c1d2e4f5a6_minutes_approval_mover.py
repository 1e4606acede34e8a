"""minutes approval: who moved it and when it was recorded

Revision ID: b3c1d2e4f5a6
Revises: e029b766239a
Create Date: 2026-12-02 20:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = 'e029b766239a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_moved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approval_recorded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_minutes_approval_moved_by_id_user'), 'user',
                                    ['approval_moved_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_minutes_approval_moved_by_id_user'), type_='foreignkey')
        batch_op.drop_column('approval_recorded_at')
        batch_op.drop_column('approval_moved_by_id')
