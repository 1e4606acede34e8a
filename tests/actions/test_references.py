"""Action and decision references: per body and year, and never the same twice."""

import re
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from board.actions.models import Action
from board.common.timeutil import today_london
from board.decisions import services as decisions
from board.extensions import db
from tests.actions.conftest import body, user


def test_references_count_per_body_and_year(app, make_action):
    """Secretariat: each body numbers its own actions, and decisions separately (CDP-D-yy-nn)."""
    yy = today_london().year % 100
    board_before = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Action)
        .where(Action.body_id == body("board").id, Action.year == today_london().year)
    )
    first = make_action(body_slug="board")
    second = make_action(body_slug="board")
    sog = make_action(body_slug="synthetic-opioids")
    assert first.reference == f"CDP-{yy:02d}-{board_before + 1:02d}"
    assert second.reference == f"CDP-{yy:02d}-{board_before + 2:02d}"
    assert re.fullmatch(rf"SOG-{yy:02d}-\d\d", sog.reference)
    decision = decisions.create_decision(
        body("board"), "Title", "Text", date(2031, 3, 3), actor=user("secretariat@example.org")
    )
    assert decision.reference == "CDP-D-31-01"


def test_the_reference_is_unique_in_the_database(app, make_action):
    """Even a hand-made row cannot reuse a reference."""
    action = make_action()
    clash = Action(
        body=action.body,
        reference=action.reference,
        year=action.year,
        sequence=999,
        description="x",
        owner=action.owner,
        due_on=action.due_on,
    )
    db.session.add(clash)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_concurrent_creations_never_collide(app, client_as):
    """Two secretariat officers adding actions at the same moment get different references."""
    due = (today_london() + timedelta(days=30)).strftime("%d %m %Y").split()
    clients = [client_as("secretariat@example.org"), client_as("secretariat2@example.org")]
    tokens = [c.csrf_token() for c in clients]
    owner = str(user("lead.leeds@example.org").id)
    barrier = threading.Barrier(len(clients))
    results, errors = [], []

    def add(client, token, n):
        try:
            barrier.wait(timeout=10)
            for i in range(4):
                response = client.post(
                    "/actions/new",
                    data={
                        "csrf_token": token,
                        "body": "board",
                        "description": f"Race {n}-{i}",
                        "owner": owner,
                        "due_on": due,
                    },
                )
                results.append(response.status_code)
        except Exception as exc:  # surfaced below: a thread must not swallow failures
            errors.append(exc)

    threads = [
        threading.Thread(target=add, args=(c, t, n)) for n, (c, t) in enumerate(zip(clients, tokens, strict=False))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert results == [302] * 8
    db.session.rollback()  # a fresh snapshot that sees the threads' commits
    refs = db.session.scalars(sa.select(Action.reference).where(Action.description.like("Race %"))).all()
    assert len(refs) == 8 and len(set(refs)) == 8
    sequences = sorted(int(r.rsplit("-", 1)[1]) for r in refs)
    assert sequences == list(range(sequences[0], sequences[0] + 8))
