"""minutes comments on circulated drafts; attendance marked on the day

Comments on a paragraph (anchor + the text quoted) or the whole, marked accepted (with the
revision that took them in) or answered. Who actually attended: a flag on each invitation
and a table for people there who were not invited. Minutes say where their attendance came from.

Revision ID: 61836ae5f1e8
Revises: c4d5e6f7a8b9
Create Date: 2026-12-02 23:35:26.072885

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '61836ae5f1e8'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_day_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('presence', sa.String(length=16), nullable=False),
    sa.Column('deputising_for', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("presence IN ('present', 'in_attendance')", name=op.f('ck_meeting_day_attendee_presence_known')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_day_attendee_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_day_attendee'))
    )
    with op.batch_alter_table('meeting_day_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_day_attendee_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('anchor', sa.String(length=40), nullable=False),
    sa.Column('quoted', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('accepted_revision', sa.Integer(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'accepted' OR accepted_revision IS NOT NULL", name=op.f('ck_minutes_comment_accepted_has_revision')),
    sa.CheckConstraint("status IN ('open', 'accepted', 'answered')", name=op.f('ck_minutes_comment_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_minutes_comment_author_id_user')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_comment_minutes_id_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_minutes_comment_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_comment'))
    )
    with op.batch_alter_table('minutes_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_comment_minutes_id'), ['minutes_id'], unique=False)

    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attended', sa.Boolean(), nullable=True))

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_source', sa.String(length=12), nullable=False, server_default='answers'))



def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ has it), not a batch copy: the copy would drop tables
    # that other rows still point at, which SQLite's foreign keys refuse.
    op.drop_column('minutes', 'attendance_source')
    op.drop_column('meeting_attendance', 'attended')

    with op.batch_alter_table('minutes_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_comment_minutes_id'))

    op.drop_table('minutes_comment')
    with op.batch_alter_table('meeting_day_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_day_attendee_meeting_id'))

    op.drop_table('meeting_day_attendee')
