"""submissions: supporting files attached to partner updates

Revision ID: 4efabc53a6a3
Revises: ae8142d0b0b5
Create Date: 2026-11-28 18:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '4efabc53a6a3'
down_revision = 'ae8142d0b0b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('update_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['update_id'], ['partner_update.id'], name=op.f('fk_update_file_update_id_partner_update')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_update_file_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_update_file'))
    )
    with op.batch_alter_table('update_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_update_file_update_id'), ['update_id'], unique=False)


def downgrade():
    with op.batch_alter_table('update_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_update_file_update_id'))

    op.drop_table('update_file')
