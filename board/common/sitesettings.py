"""Facts about the site that are fixed once and must outlive any change of configuration.

The calendar UID domain is one: every invitation, feed and download names its event
``meeting-42@<domain>``, and calendars match updates and cancellations by that UID. It
is taken from ``BOARD_BASE_URL`` when the database is first made (the migration that
brought this table stores today's value, so existing UIDs stay as they were) and kept
in the database, so moving the site to a new address changes no UID.
"""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column

from board.extensions import db

UID_DOMAIN_KEY = "calendar_uid_domain"


class SiteSetting(db.Model):
    """One stored fact about the site (key, value), written once."""

    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(500))


def domain_of(base_url: str) -> str:
    """The host of an address: the UID domain a site gets on its first run."""
    return urlsplit(base_url).hostname or "localhost"


def first_uid_domain(config) -> str:
    """The domain to store on the first run: the setting if given, else BOARD_BASE_URL's host."""
    return (config.get("BOARD_CALENDAR_UID_DOMAIN") or "").strip() or domain_of(config["BOARD_BASE_URL"])


def calendar_uid_domain() -> str:
    """The domain of every calendar UID: the setting, else the stored value (read once per app)."""
    cfg = current_app.config
    if (cfg.get("BOARD_CALENDAR_UID_DOMAIN") or "").strip():
        return cfg["BOARD_CALENDAR_UID_DOMAIN"].strip()
    cache = current_app.extensions.setdefault("board.site_settings", {})
    if UID_DOMAIN_KEY not in cache:
        stored = db.session.scalar(sa.select(SiteSetting.value).where(SiteSetting.key == UID_DOMAIN_KEY))
        if stored is None:
            # A database made before this setting existed and not yet migrated: today's rule.
            return domain_of(cfg["BOARD_BASE_URL"])
        cache[UID_DOMAIN_KEY] = stored
    return cache[UID_DOMAIN_KEY]
