"""The decisions register: recording, confidentiality, superseding, search and CSV."""

import csv
import io
from datetime import date

import sqlalchemy as sa

from board.decisions import services
from board.decisions.models import Decision, DecisionStatus
from board.extensions import db
from board.people.models import Body, User
from tests.conftest import count_queries, text


def _body(slug):
    return db.session.scalar(sa.select(Body).where(Body.slug == slug))


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_secretariat_records_a_decision_with_markdown_and_linked_actions(secretariat):
    """Secretariat: the form stores the markdown and its safe HTML, and links the body's actions."""
    from board.actions.models import Action

    action = db.session.scalar(sa.select(Action).where(Action.body_id == _body("board").id).limit(1))
    response = secretariat.post_form(
        "/decisions/new",
        {
            "body": "board",
            "title": "Fund the outreach van",
            "text": "Fund it **now**<script>alert(1)</script>",
            "rationale": "Reach rough sleepers",
            "decided_on": ["3", "3", "2027"],
            "actions": action.reference.lower(),
        },
    )
    assert response.status_code == 302
    decision = db.session.scalar(sa.select(Decision).where(Decision.title == "Fund the outreach van"))
    assert decision.reference == f"CDP-D-27-{decision.sequence:02d}"
    assert "<strong>now</strong>" in decision.text_html and "<script>" not in decision.text_html
    assert [a.id for a in decision.actions] == [action.id]
    page = text(secretariat.get(f"/decisions/{decision.id}"))
    assert "Reach rough sleepers" in page and action.reference in page


def test_bad_decision_input_is_refused(secretariat):
    """Secretariat: a missing title or an unknown or other body's action reference gets a message."""
    from board.actions.models import Action

    before = db.session.scalar(sa.select(sa.func.count()).select_from(Decision))
    sog_action = db.session.scalar(sa.select(Action).where(Action.body_id == _body("synthetic-opioids").id).limit(1))
    missing = secretariat.post_form(
        "/decisions/new", {"body": "board", "title": "", "text": "x", "decided_on": ["3", "3", "2027"]}
    )
    assert "Enter a short title for the decision" in text(missing)
    unknown = secretariat.post_form(
        "/decisions/new",
        {"body": "board", "title": "T", "text": "x", "decided_on": ["3", "3", "2027"], "actions": "CDP-99-99"},
    )
    assert "No action with the reference CDP-99-99" in text(unknown)
    other = secretariat.post_form(
        "/decisions/new",
        {"body": "board", "title": "T", "text": "x", "decided_on": ["3", "3", "2027"], "actions": sog_action.reference},
    )
    assert "is an action of another body" in text(other)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == before


def test_confidential_decisions_only_for_members(client_as):
    """Only members of the body see its confidential decisions, in the register, the page and the CSV."""
    confidential = db.session.scalar(
        sa.select(Decision).where(Decision.is_confidential.is_(True), Decision.body_id == _body("board").id)
    )
    member = client_as("lead.leeds@example.org")
    outsider = client_as("coroner@example.org")  # Sub-group only
    assert confidential.reference in text(member.get("/decisions?body=board"))
    assert confidential.reference not in text(outsider.get("/decisions?body=board"))
    assert outsider.get(f"/decisions/{confidential.id}").status_code == 403
    assert confidential.reference not in outsider.get("/decisions.csv").get_data(as_text=True)
    public = db.session.scalar(
        sa.select(Decision).where(Decision.is_confidential.is_(False), Decision.body_id == _body("board").id)
    )
    assert outsider.get(f"/decisions/{public.id}").status_code == 200


def test_superseded_by_a_named_later_decision(app, secretariat, client_as):
    """Secretariat: superseding names a later decision; members cannot change the status."""
    actor = _user("secretariat@example.org")
    old = services.create_decision(_body("board"), "Old way", "Old", date(2027, 1, 1), actor=actor)
    new = services.create_decision(_body("board"), "New way", "New", date(2027, 6, 1), actor=actor)
    earlier = services.create_decision(_body("board"), "Earlier", "E", date(2026, 6, 1), actor=actor)
    db.session.commit()
    assert (
        client_as("lead.leeds@example.org")
        .post_form(f"/decisions/{old.id}/status", {"status": "rescinded"})
        .status_code
        == 403
    )
    refused = secretariat.post_form(f"/decisions/{old.id}/status", {"status": "superseded"}, follow_redirects=True)
    assert "Choose the later decision that supersedes this one" in text(refused)
    assert (
        secretariat.post_form(
            f"/decisions/{old.id}/status", {"status": "superseded", "superseded_by": str(earlier.id)}
        ).status_code
        == 302
    )
    db.session.rollback()
    assert db.session.get(Decision, old.id).status == DecisionStatus.IN_FORCE  # an earlier one is not offered
    assert (
        secretariat.post_form(
            f"/decisions/{old.id}/status", {"status": "superseded", "superseded_by": str(new.id)}
        ).status_code
        == 302
    )
    db.session.rollback()
    old = db.session.get(Decision, old.id)
    assert old.status == DecisionStatus.SUPERSEDED and old.superseded_by_id == new.id
    assert f"Superseded by {new.reference} New way" in text(secretariat.get(f"/decisions/{old.id}"))
    seeded = db.session.scalar(
        sa.select(Decision).where(Decision.status == DecisionStatus.SUPERSEDED, Decision.id != old.id)
    )
    assert seeded is not None and seeded.superseded_by is not None


def test_search_filter_and_csv(app, secretariat):
    """Anyone signed in: text search (LIKE, wildcards literal), status filter, formula-safe CSV."""
    services.create_decision(
        _body("synthetic-opioids"),
        "=cmd|' /C calc'!A0",
        "100% naloxone coverage",
        date(2027, 2, 2),
        actor=_user("secretariat@example.org"),
    )
    db.session.commit()
    found = text(secretariat.get("/decisions?q=NALOXONE"))
    assert "naloxone pilot" in found.lower()
    assert "Adopt the West Yorkshire combating drugs strategy" not in found
    literal = text(secretariat.get("/decisions?q=100%25"))
    assert "1 decision." in literal
    superseded = text(secretariat.get("/decisions?status=superseded"))
    assert "Adopt the mass-overdose response plan" in superseded and "In force" not in superseded.split("decision")[-1]
    rows = list(
        csv.reader(io.StringIO(secretariat.get("/decisions.csv?body=synthetic-opioids").data.decode("utf-8-sig")))
    )
    assert rows[0][0] == "Reference" and all(r[0].startswith("SOG-D-") for r in rows[1:])
    assert any(r[3] == "'=cmd|' /C calc'!A0" for r in rows)


def test_register_query_count_does_not_grow(app, secretariat):
    """The register's queries stay the same with more decisions."""

    def queries():
        with count_queries() as n:
            assert secretariat.get("/decisions").status_code == 200
        return n()

    queries()  # warm up: the first request may open a new pooled connection
    before = queries()
    for i in range(8):
        services.create_decision(
            _body("board"), f"Extra {i}", "x", date(2035, 1, i + 1), actor=_user("secretariat@example.org")
        )
    db.session.commit()
    assert queries() <= before  # eager loads skip empty relations, so it may even drop


def test_secretariat_edits_a_decision_and_it_is_audited(app, secretariat, client_as):
    """Secretariat: editing re-renders the markdown and writes an audit entry; members get 403."""
    from board.audit.models import AuditEntry

    decision = services.create_decision(
        _body("board"), "Draft", "Old *text*", date(2027, 4, 4), actor=_user("secretariat@example.org")
    )
    db.session.commit()
    response = secretariat.post_form(
        f"/decisions/{decision.id}/edit",
        {
            "body": "board",
            "title": "Final",
            "text": "New **text**",
            "rationale": "Because",
            "decided_on": ["4", "4", "2027"],
            "is_confidential": "y",
        },
    )
    assert response.status_code == 302
    db.session.rollback()
    decision = db.session.get(Decision, decision.id)
    assert decision.title == "Final" and "<strong>text</strong>" in decision.text_html and decision.is_confidential
    entry = db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.record_type == "decision", AuditEntry.record_id == decision.id, AuditEntry.action == "updated"
        )
    )
    assert set(entry.changes) >= {"title", "text", "rationale", "is_confidential"}
    member = client_as("lead.leeds@example.org")
    assert member.get(f"/decisions/{decision.id}/edit").status_code == 403
    assert member.get("/decisions/new").status_code == 403
