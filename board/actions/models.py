"""The action log: actions, their progress notes, and the reference counters."""

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.agendas.models import AgendaItem
from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User

NOTE_MAX_CHARS = 2000
AMBER_DAYS = 14


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done – proposed for closure",
    ActionStatus.CLOSED: "Closed",
    ActionStatus.CANCELLED: "Cancelled",
}
# Still on the log, reviewed at each meeting until the secretariat closes them.
LIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)
FINISHED_STATUSES = (ActionStatus.CLOSED, ActionStatus.CANCELLED)
# Still owed by the owner: what reminders and the overdue filter look at.
OWED_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def rag_status(status: str, due_on: date, today: date) -> str:
    """The status colour: grey finished, green done or on track, amber due soon, red overdue."""
    if status in FINISHED_STATUSES:
        return "grey"
    if status == ActionStatus.DONE:
        return "green"
    if due_on < today:
        return "red"
    if due_on <= today + timedelta(days=AMBER_DAYS):
        return "amber"
    return "green"


RAG_LABELS = {"red": "Overdue", "amber": "Due soon", "green": "On track", "grey": "Finished"}


class ReferenceCounter(db.Model):
    """The last sequence number used per body, kind (action/decision) and year.

    Incremented with one UPDATE … RETURNING inside the creating transaction, so two
    concurrent creations queue on the row lock and never get the same number.
    """

    __tablename__ = "reference_counter"
    __table_args__ = (sa.UniqueConstraint("body_id", "kind", "year", name="uq_reference_counter_body_kind_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    year: Mapped[int] = mapped_column()
    last_value: Mapped[int] = mapped_column(default=0)


class Action(TimestampMixin, db.Model):
    """Who owes what by when, raised at a meeting of a body."""

    __tablename__ = "action"
    __table_args__ = (
        sa.UniqueConstraint("body_id", "year", "sequence", name="uq_action_body_year_sequence"),
        # The log's default view (a body's live actions by due date) and a meeting's review
        # (live ones, and those closed since the last meeting) find their few rows among
        # years of closed actions without reading the rest.
        sa.Index("ix_action_body_status_due", "body_id", "status", "due_on"),
        sa.Index("ix_action_body_closed_at", "body_id", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(24), unique=True)
    year: Mapped[int] = mapped_column()
    sequence: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(sa.Text)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    due_on: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=ActionStatus.OPEN.value, index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    body: Mapped[Body] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    notes: Mapped[list["ActionNote"]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionNote.created_at.desc()"
    )

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[ActionStatus(self.status)]

    def rag(self, today: date) -> str:
        return rag_status(self.status, self.due_on, today)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def __str__(self) -> str:
        return self.reference


class ActionNote(db.Model):
    """A dated progress note on an action, by its author."""

    __tablename__ = "action_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("action.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Note on {self.action.reference}"
