"""Cover papers: each body's template, the papers (drafts with revisions, cleared versions),
their attachments, the outcomes of their recommendations, and the acronym glossary."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from board.agendas.models import AgendaItem
from board.common.models import TimestampMixin, UTCDateTime, utcnow
from board.decisions.models import Decision
from board.extensions import db
from board.people.models import Body, User


class SectionKind(enum.StrEnum):
    """What a template section holds. Only ``text`` sections may be added or removed;
    the others carry the structured fields (one of each per template)."""

    TEXT = "text"
    RECOMMENDATIONS = "recommendations"
    PLAN = "plan"
    CONTACT = "contact"
    ATTACHMENTS = "attachments"

    @property
    def label(self) -> str:
        return {
            "text": "Text",
            "recommendations": "Recommendations (a numbered list)",
            "plan": "Police and Crime Plan alignment (checkboxes and text)",
            "contact": "Contact (name and e-mail)",
            "attachments": "Attachments (uploaded papers)",
        }[self.value]


class PaperStatus(enum.StrEnum):
    DRAFT = "draft"
    READY = "ready"
    CLEARED = "cleared"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "ready": "Ready for review", "cleared": "Cleared"}[self.value]


class Outcome(enum.StrEnum):
    AGREED = "agreed"
    AGREED_AS_AMENDED = "agreed_as_amended"
    NOTED = "noted"
    NOT_AGREED = "not_agreed"

    @property
    def label(self) -> str:
        return {
            "agreed": "Agreed",
            "agreed_as_amended": "Agreed as amended",
            "noted": "Noted",
            "not_agreed": "Not agreed",
        }[self.value]


class TemplateSection(db.Model):
    """One section of a body's cover paper template, in order; a paper copies them when started."""

    __tablename__ = "cover_template_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("body.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(sa.String(20), default=SectionKind.TEXT.value)
    heading: Mapped[str] = mapped_column(sa.String(120))
    guidance: Mapped[str] = mapped_column(sa.Text, default="")
    is_required: Mapped[bool] = mapped_column(default=False)

    body: Mapped[Body] = relationship()

    @property
    def kind_label(self) -> str:
        return SectionKind(self.kind).label

    def __str__(self) -> str:
        return self.heading


class CoverPaper(TimestampMixin, db.Model):
    """The cover paper of one agenda item: the live draft (``content``) at ``revision``.

    ``content`` holds the sections copied from the template when the paper was started
    (so a later change to the template leaves it alone) and what the author wrote.
    Clearing freezes the content as a numbered :class:`CoverPaperVersion`.
    """

    __tablename__ = "cover_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=PaperStatus.DRAFT.value, index=True)
    revision: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    copied_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cover_paper.id", ondelete="SET NULL"))

    item: Mapped[AgendaItem] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    versions: Mapped[list["CoverPaperVersion"]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="CoverPaperVersion.number.desc()"
    )
    attachments: Mapped[list["CoverAttachment"]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="CoverAttachment.id"
    )
    outcomes: Mapped[list["RecommendationOutcome"]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="RecommendationOutcome.number"
    )

    @property
    def status_label(self) -> str:
        return PaperStatus(self.status).label

    @property
    def is_draft(self) -> bool:
        return self.status == PaperStatus.DRAFT

    @property
    def latest_version(self) -> "CoverPaperVersion | None":
        return self.versions[0] if self.versions else None

    def __str__(self) -> str:
        return self.title or f"Cover paper for {self.item.title}"


class CoverPaperRevision(db.Model):
    """One saved draft: the whole content as it was saved, who saved it and when."""

    __tablename__ = "cover_paper_revision"
    __table_args__ = (sa.UniqueConstraint("paper_id", "number", name="uq_cover_paper_revision_paper_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("cover_paper.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[dict] = deferred(mapped_column(sa.JSON, default=dict))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class CoverPaperVersion(db.Model):
    """A cleared paper, frozen: what joins the agenda when it is (re-)published."""

    __tablename__ = "cover_paper_version"
    __table_args__ = (sa.UniqueConstraint("paper_id", "number", name="uq_cover_paper_version_paper_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("cover_paper.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    cleared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paper: Mapped[CoverPaper] = relationship(back_populates="versions")
    cleared_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class CoverAttachment(TimestampMixin, db.Model):
    """A paper attached to a cover paper (the report it covers); each upload is a version."""

    __tablename__ = "cover_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("cover_paper.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))

    paper: Mapped[CoverPaper] = relationship(back_populates="attachments")
    versions: Mapped[list["CoverAttachmentVersion"]] = relationship(
        back_populates="attachment",
        cascade="all, delete-orphan",
        order_by="CoverAttachmentVersion.number.desc()",
    )

    @property
    def current(self) -> "CoverAttachmentVersion | None":
        return self.versions[0] if self.versions else None

    def __str__(self) -> str:
        return self.title


class CoverAttachmentVersion(db.Model):
    """One uploaded file of an attachment; the bytes are loaded only for a download."""

    __tablename__ = "cover_attachment_version"
    __table_args__ = (
        sa.UniqueConstraint("attachment_id", "number", name="uq_cover_attachment_version_attachment_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(sa.ForeignKey("cover_attachment.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))

    attachment: Mapped[CoverAttachment] = relationship(back_populates="versions")

    def __str__(self) -> str:
        return f"{self.filename} (version {self.number})"


class RecommendationOutcome(db.Model):
    """What the meeting decided on one recommendation, and the decision it made in the register."""

    __tablename__ = "cover_recommendation_outcome"
    __table_args__ = (sa.UniqueConstraint("paper_id", "number", name="uq_cover_recommendation_outcome_paper_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("cover_paper.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()  # the recommendation's place in the list (1, 2, ...)
    outcome: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text, default="")  # as agreed (amended, when it was)
    decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    paper: Mapped[CoverPaper] = relationship(back_populates="outcomes")
    decision: Mapped[Decision | None] = relationship()

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


class GlossaryTerm(db.Model):
    """An acronym the secretariat keeps, so papers are warned when one is used before it is spelled out."""

    __tablename__ = "cover_glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(sa.String(20), unique=True)
    meaning: Mapped[str] = mapped_column(sa.String(200))

    def __str__(self) -> str:
        return f"{self.acronym}: {self.meaning}"
