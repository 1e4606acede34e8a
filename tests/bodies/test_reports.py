"""The Sub-group reports up: its approved minutes and what it marked for the Board's
attention become the sub-group update item on the Board's next agenda in one click; the
Board's decisions on that item link back."""

import sqlalchemy as sa

from board.agendas.models import AgendaItem, ItemKind
from board.bodies.models import ParentReport
from board.common.timeutil import today_london
from board.decisions import services as decisions
from board.decisions.models import Decision
from board.extensions import db
from board.meetings.models import Meeting, MeetingStatus
from board.minutes.models import Minutes
from tests.bodies.conftest import body, user
from tests.conftest import text


def _next_board_meeting() -> Meeting:
    return db.session.scalar(
        sa.select(Meeting)
        .where(Meeting.body_id == body("board").id, Meeting.status == MeetingStatus.SCHEDULED)
        .order_by(Meeting.starts_at)
    )


def _sog_decision(confidential: bool) -> Decision:
    return db.session.scalar(
        sa.select(Decision)
        .join(Minutes, Minutes.meeting_id == Decision.meeting_id)
        .where(
            Decision.body_id == body("synthetic-opioids").id,
            Decision.is_confidential.is_(confidential),
            Minutes.status == "approved",
        )
        .order_by(Decision.id)
    )


def test_one_click_puts_the_sub_groups_report_on_the_boards_agenda(secretariat, client_as):
    """Secretariat marks a Sub-group item; the Board's builder offers the report; one click fills the update item."""
    sog = body("synthetic-opioids")
    sog_item = db.session.scalar(
        sa.select(AgendaItem)
        .join(Minutes, Minutes.meeting_id == AgendaItem.meeting_id)
        .where(Minutes.status == "approved", AgendaItem.is_confidential.is_(False))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.body_id == sog.id)
        .order_by(AgendaItem.id.desc())
    )
    marked = secretariat.post_form(
        "/bodies/synthetic-opioids/report-up/mark",
        {"kind": "item", "record_id": str(sog_item.id), "note": "For support"},
    )
    assert marked.status_code == 302
    twice = secretariat.post_form(
        "/bodies/synthetic-opioids/report-up/mark",
        {"kind": "item", "record_id": str(sog_item.id)},
        follow_redirects=True,
    )
    assert "already marked" in text(twice)
    assert db.session.scalar(sa.select(sa.func.count()).where(ParentReport.agenda_item_id == sog_item.id)) == 1

    meeting = _next_board_meeting()
    builder = text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    assert f"From the {sog.name}" in builder and f"Add the {sog.short_name}" in builder
    response = secretariat.post_form(f"/meetings/{meeting.id}/agenda/sub-group-report/synthetic-opioids", {})
    assert response.status_code == 302
    db.session.expire_all()
    carrier = db.session.scalar(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.kind == ItemKind.SUBGROUP_UPDATE)
    )
    assert f"From the {sog.name}" in carrier.description and sog_item.title in carrier.description
    assert "Approved minutes of" in carrier.description
    pending = db.session.scalars(
        sa.select(ParentReport).where(ParentReport.body_id == sog.id, ParentReport.reported_item_id.is_(None))
    ).all()
    assert pending == []
    # Nothing new: the builder no longer offers it, and a second click changes nothing.
    assert f"Add the {sog.short_name}" not in text(secretariat.get(f"/meetings/{meeting.id}/agenda/build"))
    again = secretariat.post_form(
        f"/meetings/{meeting.id}/agenda/sub-group-report/synthetic-opioids", {}, follow_redirects=True
    )
    assert "has nothing new to report" in text(again)

    # The Board decides on the item; the decision links back on the Sub-group's report page.
    answer = decisions.create_decision(
        body("board"),
        "Support the Sub-group's naloxone ask in all five districts",
        "Agreed.",
        today_london(),
        meeting=meeting,
        agenda_item=carrier,
        actor=user("secretariat@example.org"),
    )
    db.session.commit()
    board_only = client_as("liaison@example.org")  # a Board adviser with no Sub-group seat
    page = text(board_only.get("/bodies/synthetic-opioids/reports"))
    assert sog_item.title in page and "For support" in page and answer.reference in page
    assert "Read the minutes" in page
    linked = text(board_only.get(f"/decisions/{answer.id}"))
    assert f"The {sog.short_name}" in linked and "report to the" in linked


def test_a_confidential_decision_cannot_be_marked_for_the_board(secretariat):
    """Secretariat: a confidential Sub-group decision would be shown to the whole Board; it is refused."""
    secret = _sog_decision(confidential=True)
    if secret is None:  # the demo's confidential decisions may sit in meetings without approved minutes
        secret = db.session.scalar(
            sa.select(Decision).where(Decision.body_id == body("synthetic-opioids").id, Decision.is_confidential)
        )
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/report-up/mark",
        {"kind": "decision", "record_id": str(secret.id)},
        follow_redirects=True,
    )
    assert "is confidential" in text(response)
    assert db.session.scalar(sa.select(ParentReport.id).where(ParentReport.decision_id == secret.id)) is None


def test_a_board_item_cannot_be_marked_as_the_sub_groups(secretariat):
    """Secretariat: only the Sub-group's own items and decisions can go up."""
    board_decision = db.session.scalar(sa.select(Decision).where(Decision.body_id == body("board").id))
    response = secretariat.post_form(
        "/bodies/synthetic-opioids/report-up/mark",
        {"kind": "decision", "record_id": str(board_decision.id)},
        follow_redirects=True,
    )
    assert "is not an item or decision of the" in text(response)
    assert db.session.scalar(sa.select(ParentReport.id).where(ParentReport.decision_id == board_decision.id)) is None


def test_a_sub_group_member_cannot_mark_or_report(client_as):
    """Members: marking and reporting are the secretariat's; the Board has no parent to report to."""
    coroner = client_as("coroner@example.org")
    decision = _sog_decision(confidential=False)
    assert (
        coroner.post_form(
            "/bodies/synthetic-opioids/report-up/mark", {"kind": "decision", "record_id": str(decision.id)}
        ).status_code
        == 403
    )
    meeting = _next_board_meeting()
    assert coroner.post_form(f"/meetings/{meeting.id}/agenda/sub-group-report/synthetic-opioids", {}).status_code == 403
    assert client_as("secretariat@example.org").get("/bodies/board/report-up").status_code == 404


def test_the_demo_has_a_sub_group_decision_waiting_for_the_board(secretariat):
    """Demo data: the Board's next agenda builder offers the Sub-group's marked decision."""
    report = db.session.scalar(sa.select(ParentReport).where(ParentReport.reported_item_id.is_(None)))
    assert report is not None and report.decision is not None
    page = text(secretariat.get("/bodies/synthetic-opioids/report-up"))
    assert report.decision.reference in page and "Take back" in page
