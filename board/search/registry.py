"""Which models are searchable and how each becomes a document; the flush hook.

create_app lists the searchable models, each with its kind and a function in
``documents.py`` turning one record into a ``Doc`` (or None to leave it out). After every flush the hook
rewrites the documents of the records that were added, changed or deleted, so the
index is current inside the same transaction.
"""

from dataclasses import asdict, dataclass
from datetime import date

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from board.search.models import SearchDocument

TITLE_MAX = 300


@dataclass
class Doc:
    """What the index holds for one record (kind and object_id are added by the registry)."""

    title: str
    text: str
    body_id: int | None = None
    organisation_id: int | None = None
    meeting_id: int | None = None
    owner_id: int | None = None
    is_confidential: bool = False
    status: str = ""
    happened_on: date | None = None


def init_app(app: Flask, searchable: dict[type, tuple[str, object]]) -> None:
    """Make each model searchable: model class -> (kind, ``to_document(obj) -> Doc | None``);
    and keep the index current after every flush."""
    app.extensions["board.search"] = dict(searchable)
    if not event.contains(Session, "after_flush", _index_after_flush):
        event.listen(Session, "after_flush", _index_after_flush)


def _registry() -> dict[type, tuple[str, object]]:
    """The current app's searchable models (none outside an app)."""
    return current_app.extensions.get("board.search", {}) if has_app_context() else {}


def registered() -> dict[type, tuple[str, object]]:
    return dict(_registry())


def kind_of(model_class: type) -> str | None:
    entry = _registry().get(model_class)
    return entry[0] if entry else None


def document_row(obj) -> tuple[str, dict | None]:
    """The kind and the row values for one record (None: not indexed)."""
    kind, to_document = _registry()[type(obj)]
    doc = to_document(obj)
    if doc is None:
        return kind, None
    values = asdict(doc)
    values["title"] = (values["title"] or "")[:TITLE_MAX]
    values["text"] = values["text"] or ""
    return kind, {"kind": kind, "object_id": obj.id, **values}


def write_documents(connection, objects, deleted=()) -> None:
    """Replace the index rows of ``objects`` and drop those of ``deleted``."""
    table = SearchDocument.__table__
    by_kind: dict[str, set[int]] = {}
    rows = []
    for obj in objects:
        kind, row = document_row(obj)
        by_kind.setdefault(kind, set()).add(obj.id)
        if row is not None:
            rows.append(row)
    for obj in deleted:
        by_kind.setdefault(_registry()[type(obj)][0], set()).add(obj.id)
    if connection.dialect.name != "postgresql":
        # SQLite: writers take turns (BEGIN IMMEDIATE), so replacing the rows is enough.
        for kind, ids in by_kind.items():
            connection.execute(table.delete().where(table.c.kind == kind, table.c.object_id.in_(ids)))
        if rows:
            connection.execute(table.insert(), rows)
        return
    # PostgreSQL: two requests may index one record at once (two papers uploaded to one
    # agenda item); each one's delete-then-insert would collide on the unique key, so rows
    # that stay are written with an upsert and only rows that go are deleted.
    kept = {(row["kind"], row["object_id"]) for row in rows}
    for kind, ids in by_kind.items():
        gone = [i for i in ids if (kind, i) not in kept]
        if gone:
            connection.execute(table.delete().where(table.c.kind == kind, table.c.object_id.in_(gone)))
    if rows:
        upsert = postgresql.insert(table)
        columns = [name for name in rows[0] if name not in ("kind", "object_id")]
        upsert = upsert.on_conflict_do_update(
            index_elements=["kind", "object_id"], set_={name: upsert.excluded[name] for name in columns}
        )
        connection.execute(upsert, rows)


def _index_after_flush(session: Session, _flush_context) -> None:
    """Keep the index in step with what this flush wrote (same transaction)."""
    registry = _registry()
    if not registry:
        return
    changed = [o for o in (*session.new, *session.dirty) if type(o) in registry and o.id is not None]
    deleted = [o for o in session.deleted if type(o) in registry and o.id is not None]
    if not changed and not deleted:
        return
    # Lazy loads inside the hook must not trigger another flush.
    with session.no_autoflush:
        write_documents(session.connection(), changed, deleted)


def reindex(session: Session) -> int:
    """Rebuild the whole index from the records (``flask search-reindex``); returns rows."""
    session.flush()
    session.execute(sa.delete(SearchDocument))
    present = set(sa.inspect(session.connection()).get_table_names())
    with session.no_autoflush:
        for model_class in _registry():
            if model_class.__tablename__ not in present:  # an area whose migration is not in yet
                continue
            objects = session.scalars(sa.select(model_class)).all()
            for start in range(0, len(objects), 500):
                write_documents(session.connection(), objects[start : start + 500])
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')"))
    return session.scalar(sa.select(sa.func.count()).select_from(SearchDocument))
