"""minutes: minutes of a meeting (markdown and safe HTML), their revisions, attendance

Revision ID: 5a70ceff479f
Revises: 4efabc53a6a3
Create Date: 2026-11-28 18:08:05.522996

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a70ceff479f'
down_revision = '4efabc53a6a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('public_html', sa.Text(), nullable=False),
    sa.Column('declarations', sa.Text(), nullable=False),
    sa.Column('declarations_html', sa.Text(), nullable=False),
    sa.Column('circulated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at_meeting_id', sa.Integer(), nullable=True),
    sa.Column('approval_decision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approval_decision_id'], ['decision.id'], name=op.f('fk_minutes_approval_decision_id_decision')),
    sa.ForeignKeyConstraint(['approved_at_meeting_id'], ['meeting.id'], name=op.f('fk_minutes_approved_at_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_meeting_id'))
    )
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_status'), ['status'], unique=False)

    op.create_table('minutes_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('presence', sa.String(length=16), nullable=False),
    sa.Column('deputising_for', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_attendee_minutes_id_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_minutes_attendee_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_attendee'))
    )
    with op.batch_alter_table('minutes_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_attendee_minutes_id'), ['minutes_id'], unique=False)

    op.create_table('minutes_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('declarations', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_minutes_revision_author_id_user')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_revision_minutes_id_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_revision')),
    sa.UniqueConstraint('minutes_id', 'number', name='uq_minutes_revision_minutes_number')
    )
    with op.batch_alter_table('minutes_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_revision_minutes_id'), ['minutes_id'], unique=False)



def downgrade():
    with op.batch_alter_table('minutes_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_revision_minutes_id'))

    op.drop_table('minutes_revision')
    with op.batch_alter_table('minutes_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_attendee_minutes_id'))

    op.drop_table('minutes_attendee')
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_status'))

    op.drop_table('minutes')
