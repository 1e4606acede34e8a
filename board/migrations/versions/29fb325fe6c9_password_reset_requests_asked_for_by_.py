"""password reset requests: asked for by anyone, answered by the mail worker

The forgot-password page records the request the same way for every e-mail; the mail
worker looks the e-mail up and sends a link only to an active user.

Revision ID: 29fb325fe6c9
Revises: 1b3127d6ad82
Create Date: 2026-12-02 19:29:33.773241

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '29fb325fe6c9'
down_revision = '1b3127d6ad82'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_reset_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('client_address', sa.String(length=100), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_request'))
    )
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_request_client_address'), ['client_address'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_reset_request_requested_at'), ['requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('password_reset_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_request_requested_at'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_email'))
        batch_op.drop_index(batch_op.f('ix_password_reset_request_client_address'))

    op.drop_table('password_reset_request')
