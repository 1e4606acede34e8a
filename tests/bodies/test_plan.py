"""The forward plan: the secretariat plans items per body, the agenda builder offers them,
deferring moves them on with their history, and members read the plan."""

import sqlalchemy as sa

from board.agendas.models import AgendaItem
from board.bodies.models import PlanItem
from board.extensions import db
from tests.bodies.conftest import body, user
from tests.conftest import messages, text


def _plan_form(meeting=None, **overrides) -> dict:
    return {
        "title": "Nitazene early warning: six-month review",
        "purpose": "discussion",
        "lead_organisation_id": str(user("drugchecking@example.org").organisation_id),
        "lead_user_id": str(user("drugchecking@example.org").id),
        "meeting_id": str(meeting.id) if meeting else "",
        "status": "proposed",
        "notes": "Figures from the drug checking service.",
        **overrides,
    }


def _item(title: str) -> PlanItem:
    return db.session.scalar(sa.select(PlanItem).where(PlanItem.title == title))


def test_members_see_their_bodys_plan_and_others_do_not(client_as):
    """Members: the Sub-group's plan is for its members (and the secretariat); a Board-only adviser is refused."""
    page = client_as("coroner@example.org").get("/bodies/synthetic-opioids/forward-plan")
    assert page.status_code == 200 and "Mass-overdose response plan: exercise debrief" in text(page)
    assert client_as("liaison@example.org").get("/bodies/synthetic-opioids/forward-plan").status_code == 403
    board_plan = text(client_as("liaison@example.org").get("/bodies/board/forward-plan"))
    assert "Naloxone carried by police officers" in board_plan and "Deferred" in board_plan


def test_the_builder_offers_planned_items_and_one_click_schedules_them(secretariat, meeting_ahead):
    """Secretariat: an item planned for a meeting appears in its builder; one click adds it and marks it scheduled."""
    sog = body("synthetic-opioids")
    meeting = meeting_ahead(sog, 15, title="Sub-group planning test")
    assert secretariat.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form(meeting)).status_code == 302
    item = _item("Nitazene early warning: six-month review")
    builder = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert "On the forward plan for this meeting" in builder and item.title in builder
    response = secretariat.post_form(f"/forward-plan/{item.id}/schedule", {})
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/agenda/build")
    db.session.expire_all()
    item = db.session.get(PlanItem, item.id)
    agenda_item = db.session.get(AgendaItem, item.agenda_item_id)
    assert item.status == "scheduled" and agenda_item.meeting_id == meeting.id
    assert agenda_item.title == item.title and agenda_item.purpose == "discussion"
    assert agenda_item.presenter_user_id == user("drugchecking@example.org").id
    builder = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert "On the forward plan for this meeting" not in builder  # offered once only
    again = secretariat.post_form(f"/forward-plan/{item.id}/schedule", {}, follow_redirects=True)
    assert "is not waiting for this meeting" in text(again)
    assert db.session.scalar(sa.select(sa.func.count()).where(AgendaItem.title == item.title)) == 1


def test_deferring_moves_an_item_to_the_next_meeting_with_its_history(secretariat, meeting_ahead, client_as):
    """Secretariat: a scheduled item deferred leaves the old agenda, waits for the next meeting, and says so."""
    sog = body("synthetic-opioids")
    first = meeting_ahead(sog, 400, title="Far meeting one")
    second = meeting_ahead(sog, 450, title="Far meeting two")
    secretariat.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form(first))
    item = _item("Nitazene early warning: six-month review")
    secretariat.post_form(f"/forward-plan/{item.id}/schedule", {})
    db.session.expire_all()
    old_agenda_item = db.session.get(PlanItem, item.id).agenda_item_id
    response = secretariat.post_form(f"/forward-plan/{item.id}/defer", {"note": "Waiting for the lab's figures"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(PlanItem, item.id)
    assert item.meeting_id == second.id and item.status == "deferred" and item.agenda_item_id is None
    assert db.session.get(AgendaItem, old_agenda_item) is None
    history = text(client_as("coroner@example.org").get(f"/forward-plan/{item.id}"))
    assert "Deferred from Far meeting one" in history and "to Far meeting two" in history
    assert "Waiting for the lab" in history and "Scheduled" in history
    assert item.title in text(secretariat.get(f"/meetings/{second.id}/agenda/build"))
    # With no later meeting, deferring again is refused and nothing moves.
    refused = secretariat.post_form(f"/forward-plan/{item.id}/defer", {}, follow_redirects=True)
    assert "no later meeting" in text(refused)
    db.session.expire_all()
    assert db.session.get(PlanItem, item.id).meeting_id == second.id


def test_a_plan_item_cannot_target_another_bodys_meeting_or_an_unknown_status(secretariat, meeting_ahead):
    """Secretariat: a Board meeting is not a choice for the Sub-group's plan; a made-up status is refused."""
    board_meeting = meeting_ahead(body("board"), 25, title="Board planning test")
    page = secretariat.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form(board_meeting))
    assert page.status_code == 200 and messages(page)
    page = secretariat.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form(status="abandoned"))
    assert page.status_code == 200 and messages(page)
    page = secretariat.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form(status="scheduled"))
    assert any("becomes scheduled when it is added to an agenda" in m for m in messages(page))
    assert _item("Nitazene early warning: six-month review") is None


def test_members_cannot_change_the_plan(client_as):
    """Members: adding, deferring and scheduling are the secretariat's."""
    coroner = client_as("coroner@example.org")
    item = db.session.scalar(sa.select(PlanItem).where(PlanItem.meeting_id.is_not(None)).order_by(PlanItem.id))
    before = (item.meeting_id, item.status)
    assert coroner.post_form("/bodies/synthetic-opioids/forward-plan/new", _plan_form()).status_code == 403
    assert coroner.post_form(f"/forward-plan/{item.id}/defer", {}).status_code == 403
    assert coroner.post_form(f"/forward-plan/{item.id}/schedule", {}).status_code == 403
    db.session.expire_all()
    assert (db.session.get(PlanItem, item.id).meeting_id, db.session.get(PlanItem, item.id).status) == before
