"""A body's records over time: terms of reference versions, the forward plan, and what a
sub-group reports up to its parent body."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.agendas.models import AgendaItem, Purpose
from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting
from board.minutes.models import Minutes
from board.people.models import Body, Organisation, User


class TermsVersion(db.Model):
    """One saved version of a body's terms of reference (markdown and its sanitised HTML)."""

    __tablename__ = "body_terms_version"
    __table_args__ = (sa.UniqueConstraint("body_id", "number", name="body_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    number: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body] = relationship()
    author: Mapped[User | None] = relationship()


class PlanStatus(enum.StrEnum):
    PROPOSED = "proposed"
    SCHEDULED = "scheduled"
    DEFERRED = "deferred"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Still waiting for a place on an agenda: offered in the agenda builder of the target meeting.
WAITING = (PlanStatus.PROPOSED.value, PlanStatus.DEFERRED.value)


class PlanItem(TimestampMixin, db.Model):
    """A future item on a body's forward plan: what is coming, from whom, to which meeting."""

    __tablename__ = "forward_plan_item"
    __table_args__ = (
        sa.CheckConstraint("status IN ('proposed', 'scheduled', 'deferred', 'done')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.String(12), default=Purpose.INFORMATION.value)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    lead_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    lead_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=PlanStatus.PROPOSED.value, index=True)
    # The agenda item it became, once scheduled.
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"))

    body: Mapped[Body] = relationship()
    lead_organisation: Mapped[Organisation | None] = relationship()
    lead_user: Mapped[User | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    events: Mapped[list["PlanEvent"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PlanEvent.id"
    )

    @property
    def status_label(self) -> str:
        return PlanStatus(self.status).label

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    @property
    def lead_label(self) -> str:
        parts = [
            p
            for p in (
                self.lead_user and self.lead_user.name,
                self.lead_organisation and self.lead_organisation.short_name,
            )
            if p
        ]
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.title


class PlanEvent(db.Model):
    """One step in a forward plan item's history: added, scheduled, deferred, done..."""

    __tablename__ = "forward_plan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("forward_plan_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    what: Mapped[str] = mapped_column(sa.String(30))
    from_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"))
    to_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    item: Mapped[PlanItem] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    from_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[from_meeting_id])
    to_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[to_meeting_id])


class ReportKind(enum.StrEnum):
    MINUTES = "minutes"
    ITEM = "item"
    DECISION = "decision"


class ParentReport(db.Model):
    """Something a sub-group sends up to its parent body: approved minutes (when reported),
    or an agenda item or decision marked "for the Board's attention".

    ``reported_item_id`` is the parent body's agenda item that carried it (the sub-group
    update); the parent's decisions on that item are its answer.
    """

    __tablename__ = "parent_report"
    __table_args__ = (
        sa.CheckConstraint(
            "(CASE WHEN minutes_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agenda_item_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN decision_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_source",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    minutes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"))
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    flagged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting] = relationship()
    minutes: Mapped[Minutes | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[agenda_item_id])
    decision: Mapped[Decision | None] = relationship()
    reported_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[reported_item_id])

    @property
    def title(self) -> str:
        if self.decision is not None:
            return f"Decision {self.decision.reference}: {self.decision.title}"
        if self.agenda_item is not None:
            return f"Item: {self.agenda_item.title}"
        return f"Approved minutes of {self.meeting}"
