"""search: the search_document index; FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL

Revision ID: ae8142d0b0b5
Revises: 92ea1a4b2e08
Create Date: 2026-11-28 18:30:00

The rows are filled by the app (on every flush, and by `flask search-reindex`);
this migration only makes the structures, then the app reindexes existing data.
"""

import sqlalchemy as sa
from alembic import op

revision = "ae8142d0b0b5"
down_revision = "92ea1a4b2e08"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("is_confidential", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_search_document_body_id_body"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
        sa.UniqueConstraint("kind", "object_id", name="uq_search_document_kind_object"),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_happened_on"), ["happened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_document_organisation_id"), ["organisation_id"], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 table over search_document, kept in step by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE search_document_fts USING fts5("
            "title, text, content='search_document', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
            "INSERT INTO search_document_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
            "INSERT INTO search_document_fts(search_document_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
            "INSERT INTO search_document_fts(search_document_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); "
            "INSERT INTO search_document_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE search_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_search_document_search_vector ON search_document USING GIN (search_vector)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_document_fts")
    op.drop_table("search_document")
