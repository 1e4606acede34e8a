"""Who is who: organisations, people, the two bodies, memberships, update contacts."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime
from board.extensions import db


class OrganisationKind(enum.StrEnum):
    DISTRICT = "district"
    HMPPS = "hmpps"
    POLICE = "police"
    COMBINED_AUTHORITY = "combined_authority"
    HEALTH = "health"
    OTHER = "other"

    @property
    def label(self) -> str:
        """As the domain spells it: 'HMPPS', 'Combined Authority', 'District partnership'."""
        return KIND_LABELS[self.value]


KIND_LABELS = {
    "district": "District partnership",
    "hmpps": "HMPPS",
    "police": "Police",
    "combined_authority": "Combined Authority",
    "health": "Health",
    "other": "Other",
}


class Organisation(TimestampMixin, db.Model):
    """A partner organisation: a district partnership, HMPPS, the police and so on."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(40), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(30), default=OrganisationKind.OTHER.value)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")
    update_contacts: Mapped[list["UpdateContact"]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_district(self) -> bool:
        return self.kind == OrganisationKind.DISTRICT

    def __str__(self) -> str:
        return self.name


class User(UserMixin, TimestampMixin, db.Model):
    """A person who can sign in (or has been invited to)."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    job_title: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    is_secretariat: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    calendar_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    memberships: Mapped[list["Membership"]] = relationship(back_populates="user", foreign_keys="Membership.user_id")
    # The organisations whose partner updates this person writes (read with the user on
    # every page, for the navigation and the permission rules; changed through UpdateContact).
    update_contacts: Mapped[list["UpdateContact"]] = relationship(viewonly=True)
    # The optional e-mails this person has turned off (board/people/mail_choices.py).
    mail_opt_outs: Mapped[list["MailOptOut"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="MailOptOut.kind"
    )

    # The random id of the sign-in (board/auth/sessions.py) this object was loaded for or
    # began; Flask-Login keeps it in the session cookie. Not a column: only its hash is kept.
    session_key = None

    def get_id(self) -> str | None:
        """Flask-Login's id for the session cookie: the sign-in's id, never the user's."""
        return self.session_key

    # Flask-Login's UserMixin compares users by get_id(), which is now the sign-in's id
    # (None for anyone not signed in on this request): compare the rows instead.
    def __eq__(self, other):
        if isinstance(other, User):
            return self is other or (self.id is not None and self.id == other.id)
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def __str__(self) -> str:
        return self.name


class Body(TimestampMixin, db.Model):
    """The Board or a sub-group of it."""

    __tablename__ = "body"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60))
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    # The prefix of action references: CDP-26-07, SOG-26-03.
    reference_prefix: Mapped[str] = mapped_column(sa.String(8), unique=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("body.id"))
    cadence_weeks: Mapped[int] = mapped_column(default=26)
    terms_of_reference: Mapped[str] = mapped_column(sa.Text, default="")
    terms_of_reference_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Quorum: at least this many voting members present, and the chair or vice-chair.
    quorum_members: Mapped[int] = mapped_column(default=1)
    quorum_needs_chair: Mapped[bool] = mapped_column(default=False)
    # A task-and-finish group is closed when its work is done: its page and history stay,
    # it gets no new meetings and its seats end that day.
    closed_on: Mapped[date | None] = mapped_column(sa.Date)

    parent: Mapped["Body | None"] = relationship(remote_side="Body.id")
    memberships: Mapped[list["Membership"]] = relationship(back_populates="body", cascade="all, delete-orphan")

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def __str__(self) -> str:
        return self.name


class Role(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"
    ADVISER = "adviser"
    SECRETARIAT = "secretariat"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()


VOTING_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER}


class Membership(TimestampMixin, db.Model):
    """A person's seat on a body, for a period, with an optional named deputy."""

    __tablename__ = "membership"
    __table_args__ = (sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.MEMBER.value)
    deputy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    body: Mapped[Body] = relationship(back_populates="memberships")
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])

    def is_current(self, on: date) -> bool:
        """Whether the seat is held on the given day."""
        return (self.starts_on is None or self.starts_on <= on) and (self.ends_on is None or self.ends_on >= on)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class UpdateContact(db.Model):
    """A person who writes their organisation's updates for the Board (a district lead)."""

    __tablename__ = "update_contact"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "user_id", name="organisation_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="update_contacts")
    user: Mapped[User] = relationship()


class MailOptOut(db.Model):
    """One kind of optional e-mail (reminders, digests, chases) a person has turned off."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))

    user: Mapped[User] = relationship(back_populates="mail_opt_outs")
