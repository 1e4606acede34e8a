"""Meetings of a body, and who is invited to each and what they answered."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.extensions import db
from board.people.models import Body, User


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"


class Meeting(TimestampMixin, db.Model):
    """One meeting of the Board or the Sub-group; times are stored in UTC."""

    __tablename__ = "meeting"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    join_url: Mapped[str] = mapped_column(sa.String(500), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(12), default=MeetingStatus.SCHEDULED.value, index=True)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # iCalendar SEQUENCE: rises with every change sent to calendars, and on cancellation.
    sequence: Mapped[int] = mapped_column(default=0)
    # The SEQUENCE of the last invitation that asked everyone to answer (made, or moved):
    # a calendar reply to an older one answers a time that no longer holds.
    answers_sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    body: Mapped[Body] = relationship()
    created_by: Mapped[User | None] = relationship()
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    def attendance_of(self, user) -> "Attendance | None":
        """The user's invitation to this meeting, if any (uses the loaded list)."""
        uid = getattr(user, "id", None)
        return next((a for a in self.attendances if a.user_id == uid), None)

    def __str__(self) -> str:
        return self.label(self.title, self.body.short_name)

    @staticmethod
    def label(title: str, body_short_name: str) -> str:
        """How a meeting is named on screen, from its title and its body's short name
        (for list pages that read rows, not objects)."""
        if title.startswith(body_short_name):
            return title  # "Strategic Board", not "Strategic Board, Strategic Board"
        return f"{body_short_name}, {title}"


class Response(enum.StrEnum):
    NO_ANSWER = "no_answer"
    ATTENDING = "attending"
    APOLOGIES = "apologies"
    DEPUTY = "deputy"
    TENTATIVE = "tentative"  # only from a calendar's "Tentative" button

    @property
    def label(self) -> str:
        return {
            "no_answer": "Not answered",
            "attending": "Attending",
            "apologies": "Apologies",
            "deputy": "Sending a deputy",
            "tentative": "Tentative",
        }[self.value]


class AnswerSource(enum.StrEnum):
    WEBSITE = "website"
    CALENDAR = "calendar"


class Attendance(TimestampMixin, db.Model):
    """One person's invitation to a meeting and their answer.

    Members of the body are invited when the meeting is made; the secretariat adds
    guests; a member who sends a named deputy causes the deputy to be invited too
    (``deputy_for`` points back at the member's row).
    """

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id", name="meeting_user"),
        sa.CheckConstraint(
            "response IN ('no_answer', 'attending', 'apologies', 'deputy', 'tentative')", name="response_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    is_guest: Mapped[bool] = mapped_column(default=False)
    response: Mapped[str] = mapped_column(sa.String(12), default=Response.NO_ANSWER.value)
    deputy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    deputy_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting_attendance.id"))
    # When the answer was given: the website's clock, or a calendar reply's DTSTAMP.
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_via: Mapped[str] = mapped_column(sa.String(12), default="")
    comment: Mapped[str] = mapped_column(sa.String(500), default="")
    # Who actually attended on the day, marked by the secretariat (None: not marked yet);
    # distinct from ``response``, which is what the person said they would do.
    attended: Mapped[bool | None] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    deputy: Mapped[User | None] = relationship(foreign_keys=[deputy_id])
    deputy_for: Mapped["Attendance | None"] = relationship(remote_side="Attendance.id")

    @property
    def response_label(self) -> str:
        return Response(self.response).label

    @property
    def has_answered(self) -> bool:
        return self.response != Response.NO_ANSWER

    @property
    def by_calendar_reply(self) -> bool:
        return self.has_answered and self.answered_via == AnswerSource.CALENDAR

    def __str__(self) -> str:
        return f"{self.user.name} at {self.meeting}"


class DayAttendee(db.Model):
    """Someone at the meeting on the day who was not invited: an officer in attendance, or a
    deputy standing in for a member (``deputising_for``). Part of the attendance record."""

    __tablename__ = "meeting_day_attendee"
    __table_args__ = (sa.CheckConstraint("presence IN ('present', 'in_attendance')", name="presence_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    presence: Mapped[str] = mapped_column(sa.String(16), default="in_attendance")
    deputising_for: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()

    def __str__(self) -> str:
        return self.name


class ReadMessage(db.Model):
    """A message read from the secretariat's mailbox by ``read-replies``: never read twice.

    ``key`` is a SHA-256 of the Message-ID (or of the whole message when it has none);
    ``outcome`` says what became of it, for whoever wonders why a reply changed nothing.
    """

    __tablename__ = "read_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    message_id: Mapped[str] = mapped_column(sa.String(300), default="")
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(sa.String(20))
    detail: Mapped[str] = mapped_column(sa.String(500), default="")


class CalendarFeedVersion(db.Model):
    """The version of a person's feed a calendar app last fetched: its ETag and since when.

    ``Last-Modified`` cannot be the newest row's time: an action reassigned or a meeting
    falling out of the window changes the feed without any row in it being newer. So the
    feed's own fingerprint is kept, and ``changed_at`` moves when the fingerprint does.
    """

    __tablename__ = "calendar_feed_version"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    etag: Mapped[str] = mapped_column(sa.String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
