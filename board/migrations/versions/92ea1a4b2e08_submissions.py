"""submissions: update rounds, figures asked for, partner updates with figures and revisions

Revision ID: 92ea1a4b2e08
Revises: fded2be22eb3
Create Date: 2026-11-28 18:01:07.376169

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '92ea1a4b2e08'
down_revision = 'fded2be22eb3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('update_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('is_locked', sa.Boolean(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('period_to >= period_from', name=op.f('ck_update_round_period_order')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_update_round_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_update_round_opened_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_update_round')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_update_round_meeting_id'))
    )
    op.create_table('partner_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('progress_html', sa.Text(), nullable=False),
    sa.Column('risks', sa.Text(), nullable=False),
    sa.Column('risks_html', sa.Text(), nullable=False),
    sa.Column('asks', sa.Text(), nullable=False),
    sa.Column('asks_html', sa.Text(), nullable=False),
    sa.Column('good_practice', sa.Text(), nullable=False),
    sa.Column('good_practice_html', sa.Text(), nullable=False),
    sa.Column('priorities', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('first_submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_late', sa.Boolean(), nullable=False),
    sa.Column('return_comment', sa.Text(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_changed_by_id', sa.Integer(), nullable=True),
    sa.Column('last_chased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['last_changed_by_id'], ['user.id'], name=op.f('fk_partner_update_last_changed_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_partner_update_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['round_id'], ['update_round.id'], name=op.f('fk_partner_update_round_id_update_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_update')),
    sa.UniqueConstraint('round_id', 'organisation_id', name='uq_partner_update_round_organisation')
    )
    with op.batch_alter_table('partner_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_update_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_update_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_update_status'), ['status'], unique=False)

    op.create_table('round_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['update_round.id'], name=op.f('fk_round_figure_round_id_update_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_figure')),
    sa.UniqueConstraint('round_id', 'key', name='uq_round_figure_round_key')
    )
    with op.batch_alter_table('round_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_figure_round_id'), ['round_id'], unique=False)

    op.create_table('update_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('round_figure_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('is_not_available', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint('value IS NULL OR value >= 0', name=op.f('ck_update_figure_value_not_negative')),
    sa.ForeignKeyConstraint(['round_figure_id'], ['round_figure.id'], name=op.f('fk_update_figure_round_figure_id_round_figure')),
    sa.ForeignKeyConstraint(['update_id'], ['partner_update.id'], name=op.f('fk_update_figure_update_id_partner_update')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_update_figure')),
    sa.UniqueConstraint('update_id', 'round_figure_id', name='uq_update_figure_update_round_figure')
    )
    with op.batch_alter_table('update_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_update_figure_round_figure_id'), ['round_figure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_update_figure_update_id'), ['update_id'], unique=False)

    op.create_table('update_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user.id'], name=op.f('fk_update_revision_saved_by_id_user')),
    sa.ForeignKeyConstraint(['update_id'], ['partner_update.id'], name=op.f('fk_update_revision_update_id_partner_update')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_update_revision')),
    sa.UniqueConstraint('update_id', 'number', name='uq_update_revision_update_number')
    )
    with op.batch_alter_table('update_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_update_revision_update_id'), ['update_id'], unique=False)



def downgrade():
    with op.batch_alter_table('update_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_update_revision_update_id'))

    op.drop_table('update_revision')
    with op.batch_alter_table('update_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_update_figure_update_id'))
        batch_op.drop_index(batch_op.f('ix_update_figure_round_figure_id'))

    op.drop_table('update_figure')
    with op.batch_alter_table('round_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_figure_round_id'))

    op.drop_table('round_figure')
    with op.batch_alter_table('partner_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_update_status'))
        batch_op.drop_index(batch_op.f('ix_partner_update_round_id'))
        batch_op.drop_index(batch_op.f('ix_partner_update_organisation_id'))

    op.drop_table('partner_update')
    op.drop_table('update_round')
