"""speed: indexes for the action log's live view and a meeting's action review

Revision ID: 8020807251e7
Revises: b3c1d2e4f5a6
Create Date: 2026-12-03 00:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "8020807251e7"
down_revision = "b3c1d2e4f5a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index("ix_action_body_status_due", ["body_id", "status", "due_on"], unique=False)
        batch_op.create_index("ix_action_body_closed_at", ["body_id", "closed_at"], unique=False)


def downgrade():
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index("ix_action_body_closed_at")
        batch_op.drop_index("ix_action_body_status_due")
