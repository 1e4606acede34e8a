"""Meetings of a body. Attendance and calendar state build on this."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime
from board.extensions import db
from board.people.models import Body


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
    # iCalendar SEQUENCE: rises when the time or place changes, and on cancellation.
    sequence: Mapped[int] = mapped_column(default=0)

    body: Mapped[Body] = relationship()

    def __str__(self) -> str:
        return f"{self.body.short_name}, {self.title}"
