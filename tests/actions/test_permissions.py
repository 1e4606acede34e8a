"""Who may do what with actions: owners note and finish theirs; the secretariat runs the log."""

from datetime import timedelta

import sqlalchemy as sa

from board.actions.models import Action, ActionNote, ActionStatus
from board.audit.models import AuditEntry
from board.common.timeutil import today_london
from board.extensions import db
from tests.actions.conftest import user
from tests.conftest import text


def _due(days: int) -> list[str]:
    return (today_london() + timedelta(days=days)).strftime("%d %m %Y").split()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_secretariat_creates_an_action(secretariat):
    """Secretariat: the form adds an action with a reference and an audit entry."""
    owner = user("lead.kirklees@example.org")
    response = secretariat.post_form(
        "/actions/new",
        {"body": "board", "description": "Send the Kirklees figures", "owner": str(owner.id), "due_on": _due(20)},
    )
    assert response.status_code == 302
    action = db.session.scalar(sa.select(Action).where(Action.description == "Send the Kirklees figures"))
    assert action.owner_id == owner.id and action.status == ActionStatus.OPEN
    page = secretariat.get(response.headers["Location"])
    assert action.reference in text(page) and "Daniel Okafor" in text(page)
    assert (
        db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.record_type == "action", AuditEntry.record_id == action.id)
        ).action
        == "created"
    )


def test_past_due_date_and_unknown_owner_are_refused(secretariat):
    """Secretariat: a due date in the past or an owner who is not a user gets a message; nothing is added."""
    before = _count(Action)
    past = secretariat.post_form(
        "/actions/new",
        {
            "body": "board",
            "description": "Late already",
            "owner": str(user("lead.leeds@example.org").id),
            "due_on": _due(-1),
        },
    )
    assert past.status_code == 200
    assert "The due date must be today or in the future" in text(past)
    assert "Late already" in past.get_data(as_text=True)  # what was typed is kept
    nobody = secretariat.post_form(
        "/actions/new", {"body": "board", "description": "Nobody owns this", "owner": "999999", "due_on": _due(5)}
    )
    assert "Choose an owner who has an account" in text(nobody)
    bad_date = secretariat.post_form(
        "/actions/new",
        {
            "body": "board",
            "description": "Bad date",
            "owner": str(user("lead.leeds@example.org").id),
            "due_on": ["31", "2", "2030"],
        },
    )
    assert "must be a real date" in text(bad_date)
    assert _count(Action) == before


def test_owner_adds_a_note_and_marks_done(make_action, client_as):
    """Owner: a dated note (open becomes in progress) then 'done', proposed for closure."""
    action = make_action(owner="lead.leeds@example.org")
    owner = client_as("lead.leeds@example.org")
    assert owner.post_form(f"/actions/{action.id}/notes", {"text": "Half way there"}).status_code == 302
    assert owner.post_form(f"/actions/{action.id}/done").status_code == 302
    db.session.expire_all()
    action = db.session.get(Action, action.id)
    assert action.status == ActionStatus.DONE
    assert [n.text for n in action.notes] == ["Half way there"]
    assert action.notes[0].author.email == "lead.leeds@example.org"
    page = text(owner.get(f"/actions/{action.id}"))
    assert "Half way there" in page and "Done – proposed for closure" in page


def test_note_over_the_limit_is_refused(make_action, client_as):
    """Owner: a note over 2,000 characters gets a message and nothing is saved."""
    action = make_action(owner="lead.leeds@example.org")
    response = client_as("lead.leeds@example.org").post_form(f"/actions/{action.id}/notes", {"text": "x" * 2001})
    assert response.status_code == 400
    assert "A progress note must be 2,000 characters or fewer" in text(response)
    assert _count(ActionNote.__table__) == _count(ActionNote.__table__)  # sanity
    assert db.session.scalar(sa.select(sa.func.count()).where(ActionNote.action_id == action.id)) == 0


def test_members_cannot_close_reassign_or_note_others_actions(make_action, client_as):
    """Members (even the owner) may not close, cancel, reassign or re-date; non-owners may not add notes."""
    action = make_action(owner="lead.leeds@example.org")
    owner = client_as("lead.leeds@example.org")
    other = client_as("lead.bradford@example.org")
    assert owner.post_form(f"/actions/{action.id}/close").status_code == 403
    assert owner.post_form(f"/actions/{action.id}/cancel").status_code == 403
    assert owner.get(f"/actions/{action.id}/edit").status_code == 403
    assert (
        owner.post_form(
            f"/actions/{action.id}/edit",
            {
                "body": "board",
                "description": "Mine now",
                "owner": str(user("lead.bradford@example.org").id),
                "due_on": _due(90),
                "status": "closed",
            },
        ).status_code
        == 403
    )
    assert other.post_form(f"/actions/{action.id}/notes", {"text": "Not mine"}).status_code == 403
    assert other.post_form(f"/actions/{action.id}/done").status_code == 403
    assert owner.get("/actions/new").status_code == 403
    db.session.expire_all()
    action = db.session.get(Action, action.id)
    assert action.status == ActionStatus.OPEN and action.owner.email == "lead.leeds@example.org"


def test_secretariat_reassigns_redates_and_closes(make_action, secretariat):
    """Secretariat: reassignment and a new due date are audited; closing stamps closed_at."""
    action = make_action(owner="lead.leeds@example.org")
    new_owner = user("lead.wakefield@example.org")
    response = secretariat.post_form(
        f"/actions/{action.id}/edit",
        {
            "body": "board",
            "description": action.description,
            "owner": str(new_owner.id),
            "due_on": _due(40),
            "meeting": "",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    assert secretariat.post_form(f"/actions/{action.id}/close").status_code == 302
    db.session.expire_all()
    action = db.session.get(Action, action.id)
    assert action.owner_id == new_owner.id and action.status == ActionStatus.CLOSED and action.closed_at
    verbs = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.record_type == "action", AuditEntry.record_id == action.id)
        .order_by(AuditEntry.id)
    ).all()
    assert verbs == ["created", "reassigned", "updated"]
    assert "reassigned" in text(secretariat.get(f"/actions/{action.id}"))


def test_outsiders_cannot_read_the_log(client_as):
    """Someone with no seat on a body gets 403 for its log, its CSV and its actions."""
    coroner = client_as("coroner@example.org")  # sits on the Sub-group only
    assert coroner.get("/actions?body=board").status_code == 403
    assert coroner.get("/actions.csv?body=board").status_code == 403
    assert coroner.get("/actions?body=synthetic-opioids").status_code == 200
    board_action = db.session.scalar(
        sa.select(Action)
        .join(Action.body)
        .where(Action.owner_id != user("coroner@example.org").id, Action.body.has(slug="board"))
    )
    assert coroner.get(f"/actions/{board_action.id}").status_code == 403
    probation = client_as("probation@example.org")  # no seat anywhere
    assert probation.get("/actions").status_code == 403


def test_owner_outside_the_body_sees_their_own_action(client_as):
    """An owner with no seat still sees and updates the action they owe."""
    probation = user("probation@example.org")
    action = db.session.scalar(sa.select(Action).where(Action.owner_id == probation.id))
    client = client_as("probation@example.org")
    assert client.get(f"/actions/{action.id}").status_code == 200
    assert action.reference in text(client.get("/"))


def test_organisation_actions_for_its_people_only(client_as):
    """An organisation's people (and the secretariat) see its actions; other partners get 403."""
    from board.people.models import Organisation

    leeds = db.session.scalar(sa.select(Organisation).where(Organisation.short_name == "Leeds"))
    page = client_as("lead.leeds@example.org").get(f"/actions/organisations/{leeds.id}")
    assert page.status_code == 200 and "Rachel Whitaker" in text(page)
    assert client_as("lead.bradford@example.org").get(f"/actions/organisations/{leeds.id}").status_code == 403
    assert client_as("secretariat@example.org").get(f"/actions/organisations/{leeds.id}?status=all").status_code == 200


def test_forms_render_for_the_secretariat(make_action, secretariat):
    """Secretariat: the add and edit pages of actions and decisions render with their fields."""
    action = make_action()
    for url in (
        "/actions/new?body=board",
        f"/actions/{action.id}/edit",
        "/decisions/new",
        "/decisions?q=naloxone&status=in_force",
        "/actions?organisation=4&sort=owner&overdue=y",
    ):
        response = secretariat.get(url)
        assert response.status_code == 200, url
    edit = secretariat.get(f"/actions/{action.id}/edit").get_data(as_text=True)
    assert 'name="owner"' in edit and 'name="due_on"' in edit and 'name="agenda_item"' in edit


def test_resolve_owner_for_minutes(app):
    """Minutes: '@lead.leeds', an e-mail or a full name finds the one enabled user; unknown gives None."""
    from board.actions.services import resolve_owner

    leeds = user("lead.leeds@example.org")
    assert resolve_owner("@lead.leeds") == leeds
    assert resolve_owner("Lead.Leeds@example.org") == leeds
    assert resolve_owner("@Rachel Whitaker") == leeds
    assert resolve_owner("@nobody") is None
    assert resolve_owner("@former.member") is None  # deactivated
