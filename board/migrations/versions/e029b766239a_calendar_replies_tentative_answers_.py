"""calendar replies: tentative answers, where an answer came from, messages read

Revision ID: e029b766239a
Revises: 763030c761ed
Create Date: 2026-12-02 19:49:14.990243

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e029b766239a'
down_revision = '763030c761ed'
branch_labels = None
depends_on = None

RESPONSES = "response IN ('no_answer', 'attending', 'apologies', 'deputy', 'tentative')"


def upgrade():
    op.create_table('read_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('message_id', sa.String(length=300), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_read_message')),
    sa.UniqueConstraint('key', name=op.f('uq_read_message_key'))
    )
    # Invitations sent so far asked for answers at the meeting's current SEQUENCE.
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers_sequence', sa.Integer(), nullable=False, server_default='0'))
    op.execute("UPDATE meeting SET answers_sequence = sequence")

    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_via', sa.String(length=12), nullable=False, server_default=''))
        batch_op.create_check_constraint(op.f('ck_meeting_attendance_response_known'), RESPONSES)
    # Every answer held so far was given on the website.
    op.execute("UPDATE meeting_attendance SET answered_via = 'website' WHERE response != 'no_answer'")


def downgrade():
    op.execute("UPDATE meeting_attendance SET response = 'no_answer' WHERE response = 'tentative'")
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_attendance_response_known'), type_='check')
        batch_op.drop_column('answered_via')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('answers_sequence')

    op.drop_table('read_message')
