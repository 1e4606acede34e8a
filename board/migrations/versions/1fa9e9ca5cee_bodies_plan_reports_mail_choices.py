"""bodies: closing, terms versions, forward plan, reports up, mail choices

Revision ID: 1fa9e9ca5cee
Revises: d4184b9e5ac1
Create Date: 2026-12-02 23:31:06.903667

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1fa9e9ca5cee'
down_revision = 'd4184b9e5ac1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('body_terms_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_body_terms_version_author_id_user')),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_body_terms_version_body_id_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_terms_version')),
    sa.UniqueConstraint('body_id', 'number', name='body_number')
    )
    with op.batch_alter_table('body_terms_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_terms_version_body_id'), ['body_id'], unique=False)

    op.create_table('mail_opt_out',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_mail_opt_out_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_opt_out')),
    sa.UniqueConstraint('user_id', 'kind', name='user_kind')
    )
    with op.batch_alter_table('mail_opt_out', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_opt_out_user_id'), ['user_id'], unique=False)

    op.create_table('forward_plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('lead_organisation_id', sa.Integer(), nullable=True),
    sa.Column('lead_user_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'scheduled', 'deferred', 'done')", name=op.f('ck_forward_plan_item_status_known')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_forward_plan_item_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_forward_plan_item_body_id_body')),
    sa.ForeignKeyConstraint(['lead_organisation_id'], ['organisation.id'], name=op.f('fk_forward_plan_item_lead_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['lead_user_id'], ['user.id'], name=op.f('fk_forward_plan_item_lead_user_id_user')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_forward_plan_item_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forward_plan_item'))
    )
    with op.batch_alter_table('forward_plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forward_plan_item_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forward_plan_item_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forward_plan_item_status'), ['status'], unique=False)

    op.create_table('forward_plan_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('what', sa.String(length=30), nullable=False),
    sa.Column('from_meeting_id', sa.Integer(), nullable=True),
    sa.Column('to_meeting_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_forward_plan_event_actor_id_user')),
    sa.ForeignKeyConstraint(['from_meeting_id'], ['meeting.id'], name=op.f('fk_forward_plan_event_from_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['item_id'], ['forward_plan_item.id'], name=op.f('fk_forward_plan_event_item_id_forward_plan_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_meeting_id'], ['meeting.id'], name=op.f('fk_forward_plan_event_to_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forward_plan_event'))
    )
    with op.batch_alter_table('forward_plan_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forward_plan_event_item_id'), ['item_id'], unique=False)

    op.create_table('parent_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=True),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('flagged_by_id', sa.Integer(), nullable=True),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_item_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(CASE WHEN minutes_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agenda_item_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN decision_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_parent_report_one_source')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_parent_report_agenda_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_parent_report_body_id_body')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_parent_report_decision_id_decision'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flagged_by_id'], ['user.id'], name=op.f('fk_parent_report_flagged_by_id_user')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_parent_report_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_parent_report_minutes_id_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_item_id'], ['agenda_item.id'], name=op.f('fk_parent_report_reported_item_id_agenda_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parent_report'))
    )
    with op.batch_alter_table('parent_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parent_report_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_report_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_report_reported_item_id'), ['reported_item_id'], unique=False)

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_column('closed_on')

    with op.batch_alter_table('parent_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parent_report_reported_item_id'))
        batch_op.drop_index(batch_op.f('ix_parent_report_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_parent_report_body_id'))

    op.drop_table('parent_report')
    with op.batch_alter_table('forward_plan_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forward_plan_event_item_id'))

    op.drop_table('forward_plan_event')
    with op.batch_alter_table('forward_plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forward_plan_item_status'))
        batch_op.drop_index(batch_op.f('ix_forward_plan_item_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_forward_plan_item_body_id'))

    op.drop_table('forward_plan_item')
    with op.batch_alter_table('mail_opt_out', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_opt_out_user_id'))

    op.drop_table('mail_opt_out')
    with op.batch_alter_table('body_terms_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_terms_version_body_id'))

    op.drop_table('body_terms_version')
