"""Building an agenda: the template, carry-forward, order, numbering and times."""

from datetime import UTC, datetime

import sqlalchemy as sa

from board.agendas import services
from board.agendas.models import AgendaItem, AgendaTemplateItem
from board.extensions import db
from tests.agendas.conftest import make_meeting
from tests.conftest import text

BOARD_TITLES = [
    "Welcome and apologies",
    "Declarations of interest",
    "Minutes of the last meeting and matters arising",
    "Action log",
    "Bradford district update",
    "Calderdale district update",
    "Kirklees district update",
    "Leeds district update",
    "Wakefield district update",
    "HMPPS update",
    "Synthetic Opioids Sub-group update",
    "Any other business",
    "Date of next meeting",
]


def _titles(meeting):
    return [i.title for i in services.load_items(meeting)]


def test_board_agenda_starts_from_the_standing_items(secretariat, meeting):
    """Secretariat: starting an empty agenda copies the Board's standing items in order."""
    page = secretariat.get(f"/meetings/{meeting.id}/agenda/build")
    assert "Start from the standing items (13)" in text(page)
    response = secretariat.post_form(f"/meetings/{meeting.id}/agenda/start")
    assert response.status_code == 302
    db.session.expire_all()
    assert _titles(meeting) == BOARD_TITLES
    items = services.load_items(meeting)
    districts = [i for i in items if i.kind == "district_update"]
    assert [i.presenter_organisation.short_name for i in districts] == [
        "Bradford",
        "Calderdale",
        "Kirklees",
        "Leeds",
        "Wakefield",
    ]
    assert [i.position for i in items] == list(range(1, 14))
    assert {i.kind for i in items} >= {"minutes", "action_log", "hmpps_update", "aob", "next_meeting"}
    # Starting twice is refused, nothing doubled.
    secretariat.post_form(f"/meetings/{meeting.id}/agenda/start")
    assert len(_titles(meeting)) == 13


def test_carried_forward_items_come_to_the_next_meeting(app, board, staff, meeting):
    """Secretariat: items marked carry forward at the previous meeting join the next agenda before AOB."""
    earlier = make_meeting(board, "Strategic Board, July 2029", datetime(2029, 7, 10, 9, 0, tzinfo=UTC))
    cancelled = make_meeting(board, "Cancelled one", datetime(2029, 10, 10, 9, 0, tzinfo=UTC), status="cancelled")
    services.start_agenda(earlier, by=staff)
    services.add_item(
        earlier,
        {
            "title": "Naloxone for all districts",
            "purpose": "decision",
            "duration_minutes": 20,
            "is_carried_forward": True,
        },
        by=staff,
    )
    services.add_item(earlier, {"title": "One-off item", "purpose": "information", "duration_minutes": 5}, by=staff)
    services.add_item(
        cancelled,
        {"title": "Never discussed", "purpose": "information", "duration_minutes": 5, "is_carried_forward": True},
        by=staff,
    )
    db.session.commit()

    services.start_agenda(meeting, by=staff)
    db.session.commit()
    titles = _titles(meeting)
    assert "Naloxone for all districts" in titles and "One-off item" not in titles and "Never discussed" not in titles
    assert titles.index("Naloxone for all districts") == titles.index("Any other business") - 1
    carried = db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.title == "Naloxone for all districts"
        )
    )
    assert carried.carried_from_id is not None and carried.is_carried_forward is False
    # Bringing forward again adds nothing.
    assert services.bring_forward(meeting, by=staff) == 0


def test_late_carry_forward_offered_on_the_builder(secretariat, board, staff, meeting):
    """Secretariat: an item marked after this agenda began can still be brought in."""
    earlier = make_meeting(board, "Strategic Board, July 2029", datetime(2029, 7, 10, 9, 0, tzinfo=UTC))
    services.start_agenda(meeting, by=staff)
    services.add_item(
        earlier,
        {"title": "Drug checking funding", "purpose": "decision", "duration_minutes": 10, "is_carried_forward": True},
        by=staff,
    )
    db.session.commit()
    assert "Drug checking funding" in text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    secretariat.post_form(f"/meetings/{meeting.id}/agenda/carry-forward")
    db.session.expire_all()
    assert "Drug checking funding" in _titles(meeting)


def test_move_up_and_down_renumbers(secretariat, staff, meeting):
    """Secretariat: move buttons swap neighbours and the numbers follow the order."""
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    items = services.load_items(meeting)
    hmpps = next(i for i in items if i.title == "HMPPS update")
    secretariat.post_form(f"/agenda-items/{hmpps.id}/move/up")
    db.session.expire_all()
    titles = _titles(meeting)
    assert titles.index("HMPPS update") == 8 and titles.index("Wakefield district update") == 9
    first = services.load_items(meeting)[0]
    secretariat.post_form(f"/agenda-items/{first.id}/move/up")  # already first: nothing happens
    db.session.expire_all()
    assert _titles(meeting)[0] == "Welcome and apologies"
    secretariat.post_form(f"/agenda-items/{first.id}/move/down")
    db.session.expire_all()
    assert _titles(meeting)[:2] == ["Declarations of interest", "Welcome and apologies"]
    assert [i.position for i in services.load_items(meeting)] == list(range(1, 14))
    assert secretariat.post_form(f"/agenda-items/{first.id}/move/sideways").status_code == 404


def test_times_follow_the_order_and_overrun_is_warned(secretariat, staff, meeting):
    """Secretariat: start times run from the meeting's start; running past the end is warned."""
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    plan = services.schedule(meeting, services.load_items(meeting))
    assert [r.number for r in plan.rows] == list(range(1, 14))
    assert plan.rows[0].starts_at == meeting.starts_at
    assert (plan.rows[3].starts_at - meeting.starts_at).seconds == 20 * 60  # 5 + 5 + 10
    assert plan.total_minutes == 110 and plan.overrun_minutes == 0
    page = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert "10:20am" in page and "past the meeting" not in page

    response = secretariat.post_form(
        f"/meetings/{meeting.id}/agenda/items/new",
        {
            "title": "Deep dive: Project ADDER",
            "purpose": "discussion",
            "duration_minutes": "45",
            "kind": "other",
            "presenter_user_id": "",
            "presenter_organisation_id": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    titles = _titles(meeting)
    assert titles.index("Deep dive: Project ADDER") == titles.index("Any other business") - 1
    page = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert "The items run 35 minutes past the meeting's end" in page


def test_bad_item_input_is_refused_and_kept(secretariat, meeting):
    """Secretariat: a missing title, zero or over-eight-hour durations give messages; nothing saved."""
    url = f"/meetings/{meeting.id}/agenda/items/new"
    base = {
        "title": "Budget",
        "purpose": "decision",
        "duration_minutes": "10",
        "kind": "other",
        "presenter_user_id": "",
        "presenter_organisation_id": "",
        "description": "Keep **this**",
    }
    for changes, message in [
        ({"title": ""}, "Enter a title for the item"),
        ({"duration_minutes": "0"}, "Duration must be between 1 minute and 8 hours"),
        ({"duration_minutes": "481"}, "Duration must be between 1 minute and 8 hours"),
        ({"duration_minutes": "ten"}, "Duration"),
        ({"purpose": "whim"}, "Not a valid choice"),
        ({"presenter_organisation_id": "99999"}, "Not a valid choice"),
    ]:
        response = secretariat.post_form(url, base | changes)
        assert response.status_code == 200
        page = text(response)
        assert "There is a problem" in page and message in page
        assert "Keep **this**" in response.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
        == 0
    )


def test_edit_and_delete_item(secretariat, staff, meeting):
    """Secretariat: editing renders markdown safely; deleting closes the numbering up."""
    services.start_agenda(meeting, by=staff)
    db.session.commit()
    aob = next(i for i in services.load_items(meeting) if i.kind == "aob")
    response = secretariat.post_form(
        f"/agenda-items/{aob.id}/edit",
        {
            "title": "Any other business",
            "purpose": "discussion",
            "duration_minutes": "10",
            "kind": "aob",
            "description": "**Notice** required <script>alert(1)</script>",
            "presenter_user_id": "",
            "presenter_organisation_id": "",
            "is_confidential": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(aob)
    assert aob.is_confidential and aob.duration_minutes == 10
    assert "<strong>Notice</strong>" in aob.description_html and "<script" not in aob.description_html
    welcome = services.load_items(meeting)[0]
    assert secretariat.get(f"/agenda-items/{welcome.id}/delete").status_code == 200
    secretariat.post_form(f"/agenda-items/{welcome.id}/delete")
    db.session.expire_all()
    items = services.load_items(meeting)
    assert items[0].title == "Declarations of interest" and [i.position for i in items] == list(range(1, 13))


def test_template_editor(secretariat, board):
    """Secretariat: add, move and remove the Board's standing items."""
    page = secretariat.get("/bodies/board/agenda-template")
    assert "Synthetic Opioids Sub-group update" in text(page)
    response = secretariat.post_form(
        "/bodies/board/agenda-template/new",
        {
            "title": "Liaison and Diversion update",
            "purpose": "information",
            "duration_minutes": "10",
            "kind": "standing",
            "presenter_user_id": "",
            "presenter_organisation_id": "",
        },
    )
    assert response.status_code == 302
    rows = services.load_template(board)
    titles = [r.title for r in rows]
    assert titles.index("Liaison and Diversion update") == titles.index("Any other business") - 1
    new = next(r for r in rows if r.title == "Liaison and Diversion update")
    new_id = new.id
    secretariat.post_form(f"/agenda-template-items/{new_id}/move/up")
    db.session.expire_all()
    titles = [r.title for r in services.load_template(board)]
    assert titles.index("Liaison and Diversion update") == titles.index("Synthetic Opioids Sub-group update") - 1
    secretariat.post_form(f"/agenda-template-items/{new_id}/delete")
    db.session.expire_all()
    assert db.session.get(AgendaTemplateItem, new_id) is None
    assert (
        secretariat.post_form("/bodies/board/agenda-template/new", {"title": "", "duration_minutes": "0"}).status_code
        == 200
    )
