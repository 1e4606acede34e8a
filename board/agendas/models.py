"""Agenda items, each body's standing items, papers (with versions) and publications."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.extensions import db
from board.meetings.models import Meeting
from board.people.models import Body, Organisation, User


class Purpose(enum.StrEnum):
    DECISION = "decision"
    DISCUSSION = "discussion"
    INFORMATION = "information"
    NOTING = "noting"

    @property
    def label(self) -> str:
        return f"For {self.value}"


class ItemKind(enum.StrEnum):
    """What an item is for, so other areas can find it (the action log, the minutes...)."""

    STANDING = "standing"
    MINUTES = "minutes"
    ACTION_LOG = "action_log"
    DISTRICT_UPDATE = "district_update"
    HMPPS_UPDATE = "hmpps_update"
    SUBGROUP_UPDATE = "subgroup_update"
    AOB = "aob"
    NEXT_MEETING = "next_meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "action_log": "Action log",
            "district_update": "District update",
            "hmpps_update": "HMPPS update",
            "subgroup_update": "Sub-group update",
            "aob": "Any other business",
            "next_meeting": "Date of next meeting",
        }.get(self.value, self.value.capitalize())


# Carried-forward items go before these closing items.
CLOSING_KINDS = {ItemKind.AOB.value, ItemKind.NEXT_MEETING.value}


class _ItemFields:
    """Columns an agenda item and a template item share."""

    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    purpose: Mapped[str] = mapped_column(sa.String(12), default=Purpose.INFORMATION.value)
    duration_minutes: Mapped[int] = mapped_column(default=10)
    is_confidential: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(sa.String(20), default=ItemKind.OTHER.value, index=True)

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label

    @property
    def presenter_label(self) -> str:
        """The person, then the organisation, or nothing."""
        parts = []
        if self.presenter_user is not None:
            parts.append(self.presenter_user.name)
        if self.presenter_organisation is not None:
            parts.append(self.presenter_organisation.short_name)
        return ", ".join(parts)


class AgendaItem(_ItemFields, TimestampMixin, db.Model):
    """One item on a meeting's agenda; its number is its place in the order."""

    __tablename__ = "agenda_item"
    __table_args__ = (sa.CheckConstraint("duration_minutes > 0 AND duration_minutes <= 480", name="duration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    presenter_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    presenter_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    # "Carry forward": bring this item to the body's next meeting's agenda.
    is_carried_forward: Mapped[bool] = mapped_column(default=False)
    # The item at an earlier meeting this one was carried from (stops a second copy).
    carried_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    presenter_user: Mapped[User | None] = relationship()
    presenter_organisation: Mapped[Organisation | None] = relationship()
    carried_from: Mapped["AgendaItem | None"] = relationship(remote_side="AgendaItem.id")
    papers: Mapped[list["Paper"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Paper.id"
    )

    def __str__(self) -> str:
        return self.title


class AgendaTemplateItem(_ItemFields, db.Model):
    """A standing item every new agenda of the body starts with."""

    __tablename__ = "agenda_template_item"
    __table_args__ = (sa.CheckConstraint("duration_minutes > 0 AND duration_minutes <= 480", name="duration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    presenter_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    presenter_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))

    body: Mapped[Body] = relationship()
    presenter_user: Mapped[User | None] = relationship()
    presenter_organisation: Mapped[Organisation | None] = relationship()

    def __str__(self) -> str:
        return self.title


class Paper(TimestampMixin, db.Model):
    """A paper for an item; each upload is a version and earlier versions are kept."""

    __tablename__ = "agenda_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))

    item: Mapped[AgendaItem] = relationship(back_populates="papers")
    versions: Mapped[list["PaperVersion"]] = relationship(
        back_populates="paper",
        cascade="all, delete-orphan",
        order_by="PaperVersion.number.desc()",
    )

    @property
    def current(self) -> "PaperVersion | None":
        return self.versions[0] if self.versions else None

    def __str__(self) -> str:
        return self.title


class PaperVersion(db.Model):
    """One uploaded file of a paper: name, type, size, who and when (the bytes live apart)."""

    __tablename__ = "agenda_paper_version"
    __table_args__ = (sa.UniqueConstraint("paper_id", "number", name="uq_agenda_paper_version_paper_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_paper.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paper: Mapped[Paper] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()
    content: Mapped["PaperContent"] = relationship(cascade="all, delete-orphan", uselist=False)

    def __str__(self) -> str:
        return f"{self.filename} (version {self.number})"


class PaperContent(db.Model):
    """The bytes of a paper version, in their own table so listings never load them.

    Kept in the database so every app server can serve every paper.
    """

    __tablename__ = "agenda_paper_content"

    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_paper_version.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)


class AgendaPublication(db.Model):
    """A published agenda: a frozen snapshot of the items and paper versions members see."""

    __tablename__ = "agenda_publication"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "revision", name="uq_agenda_publication_meeting_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    revision: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    snapshot: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    meeting: Mapped[Meeting] = relationship()
    published_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Agenda of {self.meeting} (revision {self.revision})"


class AgendaPack(db.Model):
    """The agenda pack PDF of a publication, rendered once when it was published and served as stored.

    The bytes stay unloaded (deferred) until a download asks for them; ``sha256`` is their
    fingerprint (the download's ETag-free integrity check and what the builder shows).
    ``included_update_ids`` are the handed-in updates not yet accepted that the secretariat
    chose to print anyway (each marked "not yet accepted" in the pack).
    """

    __tablename__ = "agenda_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_publication.id", ondelete="CASCADE"), unique=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size_bytes: Mapped[int]
    page_count: Mapped[int]
    included_update_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rendered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    publication: Mapped[AgendaPublication] = relationship()

    def __str__(self) -> str:
        return f"Agenda pack of {self.publication}"
