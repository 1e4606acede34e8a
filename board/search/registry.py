"""Which models are searchable and how each becomes a document; the hooks that keep the index.

create_app lists the searchable models, each with its kind and a function in
``documents.py`` turning one record into a ``Doc`` (or None to leave it out). Each flush
notes the records it added, changed or deleted; just before the transaction commits, the
documents of those records are written, once each, in the same transaction: what is
committed is searchable, and what is rolled back never was.

Once per transaction, not once per flush: a request may flush several times (a query
flushes what came before it), and on PostgreSQL every write of a document computes its
``tsvector`` on the database server. A 100 kB minutes save flushed twice and wrote its
document with an upsert each time, whose conflict path computes the vector twice: four
passes of the English parser over 100 kB on the server's share of the same two cores,
while members' pages waited (issue 16).
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
    and keep the index current with every commit."""
    app.extensions["board.search"] = dict(searchable)
    for name, hook in (
        ("after_flush", _note_after_flush),
        ("before_commit", _index_before_commit),
        ("after_transaction_end", _forget_after_transaction),
    ):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


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


def write_documents(connection, objects, deleted=(), *, new=None) -> None:
    """Replace the index rows of ``objects`` and drop those of ``deleted``.

    ``new`` (on PostgreSQL): the objects known to have no row yet (made in this
    transaction); None when that is not known, as in a rebuild.
    """
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
    # that stay are written in place and only rows that go are deleted.
    kept = {(row["kind"], row["object_id"]) for row in rows}
    for kind, ids in by_kind.items():
        gone = [i for i in ids if (kind, i) not in kept]
        if gone:
            connection.execute(table.delete().where(table.c.kind == kind, table.c.object_id.in_(gone)))
    rows.sort(key=lambda row: (row["kind"], row["object_id"]))  # one lock order for every writer
    fresh = {(_registry()[type(obj)][0], obj.id) for obj in new} if new is not None else kept
    _update_rows(connection, [row for row in rows if (row["kind"], row["object_id"]) not in fresh])
    _upsert_rows(connection, [row for row in rows if (row["kind"], row["object_id"]) in fresh])


def _update_rows(connection, rows: list[dict]) -> None:
    """PostgreSQL: rewrite the rows of records indexed before. An UPDATE computes the
    ``tsvector`` once; an upsert that meets its row computes it for the row it would have
    inserted as well, so it is kept for the rows that may not be there yet."""
    if not rows:
        return
    table = SearchDocument.__table__
    columns = [name for name in rows[0] if name not in ("kind", "object_id")]
    update = (
        table.update()
        .where(table.c.kind == sa.bindparam("where_kind"), table.c.object_id == sa.bindparam("where_object_id"))
        .values({name: sa.bindparam(name) for name in columns})
    )
    params = [
        {"where_kind": row["kind"], "where_object_id": row["object_id"], **{name: row[name] for name in columns}}
        for row in rows
    ]
    result = connection.execute(update, params)
    if result.rowcount != len(rows) or not connection.dialect.supports_sane_multi_rowcount:
        _upsert_rows(connection, rows)  # some had no row (an index emptied by hand): write them all


def _upsert_rows(connection, rows: list[dict]) -> None:
    if not rows:
        return
    table = SearchDocument.__table__
    upsert = postgresql.insert(table)
    columns = [name for name in rows[0] if name not in ("kind", "object_id")]
    upsert = upsert.on_conflict_do_update(
        index_elements=["kind", "object_id"], set_={name: upsert.excluded[name] for name in columns}
    )
    connection.execute(upsert, rows)


PENDING = "board.search.pending"


def _note_after_flush(session: Session, _flush_context) -> None:
    """Note which searchable records this flush wrote; they are indexed at commit."""
    registry = _registry()
    if not registry:
        return
    pending = session.info.setdefault(PENDING, {})
    for obj in session.new:
        if type(obj) in registry and obj.id is not None:
            pending[(type(obj), obj.id)] = (obj, "new")
    for obj in session.dirty:
        # A change to a collection only (a paper added to an agenda item) leaves the
        # record's own document as it was.
        if type(obj) in registry and obj.id is not None and session.is_modified(obj, include_collections=False):
            pending.setdefault((type(obj), obj.id), (obj, "changed"))
    for obj in session.deleted:
        if type(obj) in registry and obj.id is not None:
            pending[(type(obj), obj.id)] = (obj, "deleted")


def _index_before_commit(session: Session) -> None:
    """Write the documents of every record the transaction changed, once each."""
    while True:
        session.flush()  # what the commit is about to flush is indexed too
        pending = session.info.pop(PENDING, None)
        if not pending:
            return
        changed, new, deleted = [], [], []
        for obj, how in pending.values():
            state = sa.inspect(obj)
            if state.was_deleted:
                deleted.append(obj)
            elif state.persistent:  # not an insert rolled back with a savepoint
                changed.append(obj)
                if how == "new":
                    new.append(obj)
        # Lazy loads while building documents must not trigger another flush.
        with session.no_autoflush:
            write_documents(session.connection(), changed, deleted, new=new)


def _forget_after_transaction(session: Session, transaction) -> None:
    """A transaction rolled back (or ended) leaves nothing to index."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


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
