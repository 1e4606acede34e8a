"""Action and decision references: set by the services, never by a form; a repeated post is no error.

Who guarantees them: ``actions.references.allocate`` takes the next number for (body,
kind, year) from ``reference_counter`` with one UPDATE … RETURNING inside the creating
transaction (the row lock queues concurrent creators; the counter row itself is made
with INSERT … ON CONFLICT DO NOTHING). That covers ``action.reference``,
``action (body, year, sequence)``, ``decision.reference``, ``decision (body, year,
sequence)`` and ``reference_counter (body, kind, year)``;
tests/actions/test_references.py races two officers adding actions at once.
"""

from datetime import timedelta

import sqlalchemy as sa

from board.actions.models import Action
from board.common.timeutil import today_london
from board.decisions.models import Decision
from board.extensions import db
from tests.actions.conftest import user


def test_adding_the_same_action_twice_gives_two_references(secretariat):
    """Secretariat: a double-clicked 'Add action' makes two actions with consecutive references, no error."""
    due = today_london() + timedelta(days=30)
    form = {
        "body": "board",
        "description": "Circulate the naloxone briefing",
        "owner": str(user("lead.leeds@example.org").id),
        "due_on": [str(due.day), str(due.month), str(due.year)],
    }
    assert secretariat.post_form("/actions/new", form).status_code == 302
    assert secretariat.post_form("/actions/new", form).status_code == 302
    sequences = db.session.scalars(
        sa.select(Action.sequence).where(Action.description == form["description"]).order_by(Action.sequence)
    ).all()
    assert len(sequences) == 2 and sequences[1] == sequences[0] + 1


def test_recording_the_same_decision_twice_gives_two_references(secretariat):
    """Secretariat: a double-clicked 'Record decision' makes two decisions with their own references, no error."""
    form = {"body": "board", "title": "Adopt the nitazene plan", "text": "Agreed.", "decided_on": ["3", "3", "2031"]}
    assert secretariat.post_form("/decisions/new", form).status_code == 302
    assert secretariat.post_form("/decisions/new", form).status_code == 302
    references = db.session.scalars(
        sa.select(Decision.reference).where(Decision.title == form["title"]).order_by(Decision.sequence)
    ).all()
    assert references == ["CDP-D-31-01", "CDP-D-31-02"]
