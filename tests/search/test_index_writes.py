"""The index is written when the transaction commits, once per record, and never for what was rolled back."""

import sqlalchemy as sa

from board.actions.models import Action
from board.extensions import db
from board.search.models import SearchDocument


def _indexed_text(action: Action) -> str:
    return db.session.scalar(
        sa.select(SearchDocument.text).where(SearchDocument.kind == "action", SearchDocument.object_id == action.id)
    )


def test_a_change_rolled_back_is_never_indexed(app):
    """Everyone: words of a change that was rolled back (a refused form) are not found later."""
    first, second = db.session.scalars(sa.select(Action).order_by(Action.id).limit(2)).all()
    kept = first.description
    first.description = "Zorblatt withdrawn"
    db.session.flush()
    db.session.rollback()
    second.description = "Zorblatt agreed"
    db.session.commit()
    assert _indexed_text(first) == kept
    assert _indexed_text(second) == "Zorblatt agreed"


def test_changes_over_several_flushes_are_indexed_as_committed(app):
    """Everyone: a record changed, flushed and changed again is found by its final words."""
    action = db.session.scalar(sa.select(Action).order_by(Action.id).limit(1))
    action.description = "Draft wording"
    db.session.flush()
    action.description = "Final wording"
    db.session.commit()
    assert _indexed_text(action) == "Final wording"
