"""agenda pack: the PDF rendered when an agenda is published, stored with its fingerprint

Revision ID: c4d5e6f7a8b9
Revises: c7e19a4d2b80
Create Date: 2026-12-02 23:59:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4d5e6f7a8b9'
down_revision = 'c7e19a4d2b80'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_pack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('included_update_ids', sa.JSON(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rendered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['publication_id'], ['agenda_publication.id'], name=op.f('fk_agenda_pack_publication_id_agenda_publication'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rendered_by_id'], ['user.id'], name=op.f('fk_agenda_pack_rendered_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_pack')),
    sa.UniqueConstraint('publication_id', name=op.f('uq_agenda_pack_publication_id'))
    )


def downgrade():
    op.drop_table('agenda_pack')
