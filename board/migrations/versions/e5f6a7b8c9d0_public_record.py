"""public record: bodies that publish, and the records they made public

Revision ID: e5f6a7b8c9d0
Revises: 3959f539ca61
Create Date: 2026-12-02 23:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = '3959f539ca61'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'public_body',
        sa.Column('body_id', sa.Integer(), nullable=False),
        sa.Column('shows_venue', sa.Boolean(), nullable=False),
        sa.Column('since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_public_body_body_id_body'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_public_body_by_id_user')),
        sa.PrimaryKeyConstraint('body_id', name=op.f('pk_public_body')),
    )
    op.create_table(
        'public_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('body_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('item', 'paper', 'minutes', 'decision', 'cover_paper')", name=op.f('ck_public_entry_kind')),
        sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_public_entry_body_id_body'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_public_entry_published_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_entry')),
        sa.UniqueConstraint('kind', 'object_id', name='uq_public_entry_kind_object'),
    )
    with op.batch_alter_table('public_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_entry_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_public_entry_published_at'), ['published_at'], unique=False)


def downgrade():
    with op.batch_alter_table('public_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_entry_published_at'))
        batch_op.drop_index(batch_op.f('ix_public_entry_body_id'))
    op.drop_table('public_entry')
    op.drop_table('public_body')
