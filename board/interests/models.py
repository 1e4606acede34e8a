"""The register of interests (versioned per person), review requests, and declarations at meetings."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.agendas.models import AgendaItem
from board.common.models import UTCDateTime, utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, User


class Category(enum.StrEnum):
    """The headings public bodies' registers use."""

    EMPLOYMENT = "employment"
    APPOINTMENTS = "appointments"
    CONTRACTS = "contracts"
    MEMBERSHIPS = "memberships"
    GIFTS = "gifts"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "employment": "Employment",
            "appointments": "Appointments and directorships",
            "contracts": "Contracts",
            "memberships": "Memberships",
            "gifts": "Gifts and hospitality",
            "other": "Other",
        }[self.value]


class RegisterVersion(db.Model):
    """One saved state of a person's register entry: never changed once written.

    Every change (an interest added or removed, "nothing to declare", a review that
    confirms the entry as it stands) writes a new version holding a full copy of the
    items, so the history shows exactly what the register said on any day.
    """

    __tablename__ = "interest_register_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    number: Mapped[int] = mapped_column()
    is_nothing_to_declare: Mapped[bool] = mapped_column(default=False)
    # Saved by the person (or the secretariat for them); a review confirms without change.
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    saved_by: Mapped[User | None] = relationship(foreign_keys=[saved_by_id])
    items: Mapped[list["RegisterItem"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="RegisterItem.position"
    )

    def __str__(self) -> str:
        return f"Register of interests of {self.user.name}, version {self.number}"


class RegisterItem(db.Model):
    """One declared interest within a version (copied into each later version)."""

    __tablename__ = "interest_register_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interest_register_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    category: Mapped[str] = mapped_column(sa.String(20))
    description: Mapped[str] = mapped_column(sa.Text)
    # The day the interest began (or the gift was received): never in the future.
    dated_on: Mapped[date] = mapped_column(sa.Date)
    value_pounds: Mapped[int | None] = mapped_column()  # gifts and hospitality only

    version: Mapped[RegisterVersion] = relationship(back_populates="items")

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    def __str__(self) -> str:
        return f"{self.category_label}: {self.description}"


class ReviewRequest(db.Model):
    """The secretariat asked a member of a body to review their register entry."""

    __tablename__ = "interest_review_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_chased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    body: Mapped[Body] = relationship()

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def __str__(self) -> str:
        return f"Review of {self.user.name}'s register entry"


class Declaration(db.Model):
    """An interest declared on one agenda item of a meeting.

    Recorded by the secretariat at the meeting, or made by the member beforehand
    (``is_pre_declared``); the secretariat sees both and the minutes draft takes them in.
    """

    __tablename__ = "interest_declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    interest: Mapped[str] = mapped_column(sa.Text)
    register_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interest_register_item.id", ondelete="SET NULL")
    )
    is_withdrawn: Mapped[bool] = mapped_column(default=False)  # left the room for the item
    is_pre_declared: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    register_item: Mapped[RegisterItem | None] = relationship()

    def __str__(self) -> str:
        return f"{self.user.name}'s declaration on {self.agenda_item.title}"
