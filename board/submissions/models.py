"""Update rounds and partner updates: what each organisation tells a meeting, with revisions."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Organisation, User


class UpdateStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# Statuses in which the organisation has handed its update in.
HANDED_IN = {UpdateStatus.SUBMITTED, UpdateStatus.RESUBMITTED, UpdateStatus.ACCEPTED}
# Statuses in which the organisation is still writing (draft saves allowed).
WRITING = {UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT, UpdateStatus.RETURNED}

PRIORITIES = [
    ("keeping_people_safe", "Keeping People Safe"),
    ("safer_places", "Safer Places and Thriving Communities"),
    ("victims_witnesses", "Supporting Victims and Witnesses"),
]
THEMES = [
    ("women_girls", "Safety of Women and Girls"),
    ("men_boys", "Effective Response to Men and Boys"),
    ("children_young_people", "Children and Young People"),
    ("reducing_vulnerability", "Reducing Vulnerability"),
    ("edi", "Equity, Diversity and Inclusion"),
]
DEFAULT_FIGURES = [
    ("naloxone_kits", "Naloxone kits issued"),
    ("toa_referrals", "Referrals into treatment from Test on Arrest"),
    ("drug_deaths", "Suspected drug-related deaths"),
    ("nitazene_alerts", "Nitazene alerts"),
]


class UpdateRound(TimestampMixin, db.Model):
    """The secretariat's request for written updates before one meeting."""

    __tablename__ = "update_round"
    __table_args__ = (sa.CheckConstraint("period_to >= period_from", name="period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), unique=True)
    deadline: Mapped[date] = mapped_column(sa.Date)
    period_from: Mapped[date] = mapped_column(sa.Date)
    period_to: Mapped[date] = mapped_column(sa.Date)
    is_locked: Mapped[bool] = mapped_column(default=False)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    meeting: Mapped[Meeting] = relationship()
    figures: Mapped[list["RoundFigure"]] = relationship(
        back_populates="round", order_by="RoundFigure.position", cascade="all, delete-orphan"
    )
    updates: Mapped[list["PartnerUpdate"]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return f"Update round for {self.meeting}"


class RoundFigure(db.Model):
    """One figure a round asks for (e.g. naloxone kits issued); ``key`` links rounds over time."""

    __tablename__ = "round_figure"
    __table_args__ = (sa.UniqueConstraint("round_id", "key", name="uq_round_figure_round_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("update_round.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[UpdateRound] = relationship(back_populates="figures")


class PartnerUpdate(TimestampMixin, db.Model):
    """One organisation's written update for one round; ``version`` guards against lost edits."""

    __tablename__ = "partner_update"
    __table_args__ = (sa.UniqueConstraint("round_id", "organisation_id", name="uq_partner_update_round_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("update_round.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=UpdateStatus.NOT_STARTED.value, index=True)
    version: Mapped[int] = mapped_column(default=0)
    progress: Mapped[str] = mapped_column(sa.Text, default="")
    progress_html: Mapped[str] = mapped_column(sa.Text, default="")
    risks: Mapped[str] = mapped_column(sa.Text, default="")
    risks_html: Mapped[str] = mapped_column(sa.Text, default="")
    asks: Mapped[str] = mapped_column(sa.Text, default="")
    asks_html: Mapped[str] = mapped_column(sa.Text, default="")
    good_practice: Mapped[str] = mapped_column(sa.Text, default="")
    good_practice_html: Mapped[str] = mapped_column(sa.Text, default="")
    priorities: Mapped[list] = mapped_column(sa.JSON, default=list)
    themes: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Written sections the organisation marked "Nothing to report" (names from MARKDOWN_FIELDS).
    nothing_to_report: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_late: Mapped[bool] = mapped_column(default=False)
    return_comment: Mapped[str] = mapped_column(sa.Text, default="")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    last_chased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[UpdateRound] = relationship(back_populates="updates")
    organisation: Mapped[Organisation] = relationship()
    last_changed_by: Mapped[User | None] = relationship()
    figures: Mapped[list["UpdateFigure"]] = relationship(back_populates="update", cascade="all, delete-orphan")
    revisions: Mapped[list["UpdateRevision"]] = relationship(
        back_populates="update", order_by="UpdateRevision.number", cascade="all, delete-orphan"
    )
    files: Mapped[list["UpdateFile"]] = relationship(
        back_populates="update", order_by="UpdateFile.id", cascade="all, delete-orphan"
    )

    @property
    def status_label(self) -> str:
        return UpdateStatus(self.status).label

    @property
    def is_handed_in(self) -> bool:
        return self.status in HANDED_IN

    def has_nothing_to_report(self, section: str) -> bool:
        return section in (self.nothing_to_report or [])

    def figure_for(self, round_figure_id: int) -> "UpdateFigure | None":
        return next((f for f in self.figures if f.round_figure_id == round_figure_id), None)

    def __str__(self) -> str:
        return f"{self.organisation.short_name} update for {self.round.meeting}"


class UpdateFigure(db.Model):
    """One figure in an update: a whole number, or 'not available' with a reason."""

    __tablename__ = "update_figure"
    __table_args__ = (
        sa.UniqueConstraint("update_id", "round_figure_id", name="uq_update_figure_update_round_figure"),
        sa.CheckConstraint("value IS NULL OR value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(sa.ForeignKey("partner_update.id"), index=True)
    round_figure_id: Mapped[int] = mapped_column(sa.ForeignKey("round_figure.id"), index=True)
    value: Mapped[int | None] = mapped_column()
    is_not_available: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(sa.Text, default="")

    update: Mapped[PartnerUpdate] = relationship(back_populates="figures")
    round_figure: Mapped[RoundFigure] = relationship()


class UpdateRevision(db.Model):
    """A snapshot of an update's text at a save after its first submission."""

    __tablename__ = "update_revision"
    __table_args__ = (sa.UniqueConstraint("update_id", "number", name="uq_update_revision_update_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(sa.ForeignKey("partner_update.id"), index=True)
    number: Mapped[int] = mapped_column()
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(sa.String(20))
    # {section label: plain text}, so a diff needs nothing but this row.
    content: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    update: Mapped[PartnerUpdate] = relationship(back_populates="revisions")
    saved_by: Mapped[User | None] = relationship()


class UpdateFile(db.Model):
    """A supporting file attached to an update, checked like an agenda paper."""

    __tablename__ = "update_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(sa.ForeignKey("partner_update.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Loaded only when downloading, so pages that list files stay light.
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    update: Mapped[PartnerUpdate] = relationship(back_populates="files")
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        """The file's type as people name it: PDF, DOCX, CSV."""
        return self.filename.rpartition(".")[2].upper() if "." in self.filename else "File"

    def __str__(self) -> str:
        return self.title
