"""The decisions register: what a body decided, when, why, and what followed."""

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.actions.models import Action
from board.agendas.models import AgendaItem
from board.common.models import TimestampMixin
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body


class DecisionStatus(enum.StrEnum):
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"
    RESCINDED = "rescinded"

    @property
    def label(self) -> str:
        return {"in_force": "In force", "superseded": "Superseded", "rescinded": "Rescinded"}[self.value]


decision_action = sa.Table(
    "decision_action",
    db.metadata,
    sa.Column("decision_id", sa.ForeignKey("decision.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("action_id", sa.ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)


class Decision(TimestampMixin, db.Model):
    """One decision of a body; the markdown source and its sanitised HTML are both kept."""

    __tablename__ = "decision"
    __table_args__ = (sa.UniqueConstraint("body_id", "year", "sequence", name="uq_decision_body_year_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(24), unique=True)
    year: Mapped[int] = mapped_column()
    sequence: Mapped[int] = mapped_column()
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    text_html: Mapped[str] = mapped_column(sa.Text, default="")
    rationale: Mapped[str] = mapped_column(sa.Text, default="")
    decided_on: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=DecisionStatus.IN_FORCE.value, index=True)
    superseded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    is_confidential: Mapped[bool] = mapped_column(default=False)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    superseded_by: Mapped["Decision | None"] = relationship(remote_side="Decision.id")
    actions: Mapped[list[Action]] = relationship(secondary=decision_action, order_by=Action.id)

    @property
    def status_label(self) -> str:
        return DecisionStatus(self.status).label

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
