"""Which bodies publish, and which of their records are public."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import UTCDateTime, utcnow
from board.extensions import db
from board.people.models import Body, User


class PublicKind(enum.StrEnum):
    ITEM = "item"  # an agenda item (its title and description, as published)
    PAPER = "paper"  # a paper of a public item (the version in the published agenda)
    MINUTES = "minutes"  # approved minutes, in their version for wider circulation
    DECISION = "decision"  # a decision that is not confidential
    COVER = "cover_paper"  # a cover paper of a public item (the version in the published agenda)

    @property
    def label(self) -> str:
        return {
            "item": "Agenda item",
            "paper": "Paper",
            "minutes": "Minutes",
            "decision": "Decision",
            "cover_paper": "Cover paper",
        }[self.value]


class PublicBody(db.Model):
    """A body whose public record is switched on (no row: nothing of it is public)."""

    __tablename__ = "public_body"

    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id", ondelete="CASCADE"), primary_key=True)
    # Whether the public meeting list names the venue (some bodies meet in places they do not advertise).
    shows_venue: Mapped[bool] = mapped_column(default=False)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    body: Mapped[Body] = relationship()
    by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Public record of {self.body}"


class PublicEntry(db.Model):
    """One record the secretariat made public; withdrawing it deletes the row (audited)."""

    __tablename__ = "public_entry"
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id", name="uq_public_entry_kind_object"),
        sa.CheckConstraint("kind IN ('item', 'paper', 'minutes', 'decision', 'cover_paper')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    object_id: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    published_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return PublicKind(self.kind).label

    def __str__(self) -> str:
        return f"Public {self.kind} {self.object_id}"
