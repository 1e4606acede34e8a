"""The search index: one row per searchable record, kept current on every flush.

The full-text part lives beside this table and differs per database: on SQLite an
FTS5 table (``search_document_fts``, external content, kept in step by triggers), on
PostgreSQL a generated ``tsvector`` column with a GIN index. Both are made by the
migration only; the ORM writes plain rows here and never touches them.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from board.extensions import db


class SearchDocument(db.Model):
    """A searchable copy of a minute, decision, action, agenda item or partner update.

    Besides the text it keeps what permission filtering needs (body, organisation,
    meeting, owner, confidentiality, status) so results are filtered in SQL.
    """

    __tablename__ = "search_document"
    __table_args__ = (sa.UniqueConstraint("kind", "object_id", name="uq_search_document_kind_object"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int] = mapped_column()
    body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("body.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(index=True)
    meeting_id: Mapped[int | None] = mapped_column(index=True)
    owner_id: Mapped[int | None] = mapped_column()
    is_confidential: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default="")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")
    happened_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
