"""Reference numbers (CDP-26-07, CDP-D-26-03) that never collide, even when concurrent."""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from board.actions.models import ReferenceCounter
from board.extensions import db
from board.people.models import Body

FORMATS = {"action": "{prefix}-{yy:02d}-{n:02d}", "decision": "{prefix}-D-{yy:02d}-{n:02d}"}


def next_sequence(body: Body, kind: str, year: int) -> int:
    """Take the next number for (body, kind, year) inside the current transaction.

    The counter row is created if missing (ON CONFLICT DO NOTHING, so a racing creator
    does not fail), then bumped with UPDATE … RETURNING: the row lock makes a second
    transaction wait for the first to commit and then read its value. On SQLite the
    write lock is taken at BEGIN IMMEDIATE for requests, which serialises the same way.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(ReferenceCounter)
        .values(body_id=body.id, kind=kind, year=year, last_value=0)
        .on_conflict_do_nothing(index_elements=["body_id", "kind", "year"])
    )
    return db.session.execute(
        sa.update(ReferenceCounter)
        .where(ReferenceCounter.body_id == body.id, ReferenceCounter.kind == kind, ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + 1)
        .returning(ReferenceCounter.last_value)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def allocate(body: Body, kind: str, year: int) -> tuple[str, int]:
    """The next reference and its sequence number for a body's action or decision."""
    n = next_sequence(body, kind, year)
    return FORMATS[kind].format(prefix=body.reference_prefix, yy=year % 100, n=n), n
