"""Minutes of a meeting: markdown text with its safe HTML, revisions, attendance."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import User


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "circulated": "Circulated for comment", "approved": "Approved"}[self.value]


class Presence(enum.StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    IN_ATTENDANCE = "in_attendance"

    @property
    def label(self) -> str:
        return {"present": "Present", "apologies": "Apologies", "absent": "Absent", "in_attendance": "In attendance"}[
            self.value
        ]


class Minutes(TimestampMixin, db.Model):
    """The minutes of one meeting; ``revision`` is the number of the latest revision.

    ``html`` is rendered when the text is saved, never when it is shown; ``public_html``
    (confidential sections withheld) is stored once the minutes leave draft and kept
    current from then on (``services.wider_html`` renders a draft's on request).
    """

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), unique=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=MinutesStatus.DRAFT.value, index=True)
    revision: Mapped[int] = mapped_column(default=1)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text, default="")
    public_html: Mapped[str] = mapped_column(sa.Text, default="")
    declarations: Mapped[str] = mapped_column(sa.Text, default="")
    declarations_html: Mapped[str] = mapped_column(sa.Text, default="")
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"))
    approval_decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    # Who moved the approval at that meeting (optional), and when the secretariat or chair recorded it.
    approval_moved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    approval_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the attendance lines came from: the invitation answers ("answers", when the
    # attendance on the day was not yet marked) or the meeting's attendance record ("record").
    attendance_source: Mapped[str] = mapped_column(sa.String(12), default="answers")

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    approved_at_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[approved_at_meeting_id])
    approval_decision = relationship("Decision")
    approval_moved_by: Mapped[User | None] = relationship(foreign_keys=[approval_moved_by_id])
    revisions: Mapped[list["MinutesRevision"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", order_by="MinutesRevision.number.desc()"
    )
    attendees: Mapped[list["MinutesAttendee"]] = relationship(
        back_populates="minutes",
        cascade="all, delete-orphan",
        order_by="MinutesAttendee.position, MinutesAttendee.id",
    )
    comments: Mapped[list["MinutesComment"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", order_by="MinutesComment.id"
    )

    @property
    def status_label(self) -> str:
        return MinutesStatus(self.status).label

    @property
    def is_draft(self) -> bool:
        return self.status == MinutesStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class MinutesRevision(db.Model):
    """One saved version of the minutes text: who saved it, when, and why (after approval)."""

    __tablename__ = "minutes_revision"
    __table_args__ = (sa.UniqueConstraint("minutes_id", "number", name="uq_minutes_revision_minutes_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(sa.Text, default="")
    declarations: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # required once the minutes are approved

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Revision {self.number}"


class MinutesAttendee(db.Model):
    """One line of the attendance record: a person (with an account or just a name)."""

    __tablename__ = "minutes_attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    presence: Mapped[str] = mapped_column(sa.String(16), default=Presence.PRESENT.value)
    deputising_for: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    minutes: Mapped[Minutes] = relationship(back_populates="attendees")
    user: Mapped[User | None] = relationship()

    @property
    def presence_label(self) -> str:
        return Presence(self.presence).label

    def __str__(self) -> str:
        return self.name


class CommentStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {"open": "Open", "accepted": "Accepted", "answered": "Answered"}[self.value]


class MinutesComment(db.Model):
    """A member's comment on circulated draft minutes: on one paragraph (``anchor``, with the
    paragraph's text as it read then) or on the whole (no anchor).

    The secretariat marks it accepted (``accepted_revision`` is the revision that took it
    in) or answered (``reply``, which the commenter sees). Kept with the record; never in
    the version for wider circulation.
    """

    __tablename__ = "minutes_comment"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'accepted', 'answered')", name="status_known"),
        sa.CheckConstraint("status <> 'accepted' OR accepted_revision IS NOT NULL", name="accepted_has_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    anchor: Mapped[str] = mapped_column(sa.String(40), default="")
    quoted: Mapped[str] = mapped_column(sa.Text, default="")
    revision: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12), default=CommentStatus.OPEN.value)
    accepted_revision: Mapped[int | None] = mapped_column()
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def status_label(self) -> str:
        return CommentStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == CommentStatus.OPEN

    def __str__(self) -> str:
        return f"Comment by {self.author.name}"
