"""calendars: the stored UID domain, and each feed's version for Last-Modified

Revision ID: c4a1e7d2f9b3
Revises: 8020807251e7
Create Date: 2026-12-02 23:50:00

"""
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = 'c4a1e7d2f9b3'
down_revision = '8020807251e7'
branch_labels = None
depends_on = None


def upgrade():
    site_setting = op.create_table('site_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_setting'))
    )
    op.create_table('calendar_feed_version',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_version_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feed_version'))
    )
    # The UID domain is fixed now, from today's settings: an install upgraded to this
    # release keeps the UIDs its calendars already hold (the host of BOARD_BASE_URL);
    # a new install takes it from the address it is first set up with. (The same rule as
    # board.common.sitesettings.first_uid_domain, written out: a migration stays as it ran.)
    cfg = current_app.config
    domain = (cfg.get('BOARD_CALENDAR_UID_DOMAIN') or '').strip() or urlsplit(cfg['BOARD_BASE_URL']).hostname or 'localhost'
    op.bulk_insert(site_setting, [{'key': 'calendar_uid_domain', 'value': domain}])


def downgrade():
    op.drop_table('calendar_feed_version')
    op.drop_table('site_setting')
